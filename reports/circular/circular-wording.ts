/**
 * How the circular names things: 学区 and schools as the seed circular writes them, the county's word
 * for itself, how many schools a problem touches, and the documents it cites.
 */
import { UNKNOWN_DISTRICT } from '../../pipeline/check/headcount-summary.js';
import { joinAnd } from '../chinese-format.js';
import { printWidth } from '../text-width.js';

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

/** Display width in em: a CJK character is one, a digit or Latin letter about half. */
export const textWidth = (text: string): number => printWidth(text, 1, 0.55);

/** Where a title may break: between words, never inside one (the seed breaks "…中小学 / 学籍核查情况的通报"). */
const TITLE_BREAKS = [/(?=学籍)/g, /(?=情况的通报$)/g, /(?<=关于)/g, /(?<=学期)/g, /(?=中小学)/g];

/**
 * A title too long for one line, broken where officialese breaks it: the longest first line up to `maxEm`
 * that ends between words. One line when it fits, or when no break point fits.
 */
export function titleLines(title: string, maxEm: number): string[] {
  if (textWidth(title) <= maxEm) return [title];
  const at = TITLE_BREAKS.flatMap((re) => [...title.matchAll(re)].map((m) => m.index!))
    .filter((i) => i > 0 && i < title.length && textWidth(title.slice(0, i)) <= maxEm && textWidth(title.slice(i)) <= maxEm);
  if (at.length === 0) return [title];
  const i = Math.max(...at);
  return [title.slice(0, i), title.slice(i)];
}
