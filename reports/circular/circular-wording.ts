/**
 * How the circular names things: 学区 and schools as the seed circular writes them, the county's word
 * for itself, how many schools a problem touches, and the documents it cites.
 */
import { UNKNOWN_DISTRICT } from '../../pipeline/check/headcount-summary.js';
import { joinAnd } from '../chinese-format.js';

/** "城北" → "城北学区"; county-level groups (县直, 市直) are "县直学校"; a name that already says it stays. */
export function districtName(district: string): string {
  if (district === UNKNOWN_DISTRICT) return '未列入学校名录的学校';
  if (/直$/.test(district)) return `${district}学校`;
  return /(学区|中心校|中心学校|镇|乡)$/.test(district) ? district : `${district}学区`;
}

/**
 * "张村学区杜竹园教学点", as the seed names a school in a list: no prefix when the name already starts with
 * its 学区, or for county-level (县直) schools and schools outside the list.
 */
export function schoolName(s: { district: string; school_name: string }): string {
  const { district, school_name: name } = s;
  if (name.startsWith(district) || /直$/.test(district) || district === UNKNOWN_DISTRICT) return name;
  return `${districtName(district)}${name}`;
}

/** The county's word for itself: 县 for 利辛县, 区 for a 区, 市 for a county-level city; 县 when unknown. */
export function localWord(county: string): string {
  const last = county.slice(-1);
  return ['县', '区', '市', '旗'].includes(last) ? last : '县';
}

/**
 * How many of the schools a problem touches, in the words a circular uses: 个别学校 (one), 部分学校
 * (up to half), 多数学校 (more than half), 各学校均 (all of them, when more than one).
 */
export function howMany(n: number, of: number, noun = '学校'): string {
  if (n <= 1) return `个别${noun}`;
  if (n >= of) return `各${noun}均`;
  return n * 2 <= of ? `部分${noun}` : `多数${noun}`;
}

/** The basis documents as the opening cites them: "《甲》（文号）和《乙》". */
export const citeDocuments = (documents: string[]): string => joinAnd(documents);
