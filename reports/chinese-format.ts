/**
 * Numbers, ratios and dates as a Chinese office document writes them. Counts are Arabic digits without
 * thousands separators (60135人), as the seed circular writes them in its text and its tables alike, so
 * that a figure in the text reads exactly as the same figure in a table.
 */
export const count = (n: number): string => String(n);

/** 0.0213 → "2.13%"; "-0.00%" is "0.00%". */
export const percent = (ratio: number | null, digits = 2): string => (ratio === null ? '—' : `${(ratio * 100).toFixed(digits)}%`.replace(/^-(0(\.0+)?%)$/, '$1'));

/** Ratio to 3 decimals as the seed's attachments show it; "-0.000" is "0.000". */
export const ratio3 = (ratio: number | null): string => (ratio === null ? '—' : ratio.toFixed(3).replace(/^-(0\.000)$/, '$1'));

/** 2025-10-28 → 2025年10月28日 */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const GRADE_NAMES = ['', '一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级', '高一', '高二', '高三'];

export const gradeName = (grade: number | null | undefined): string => (grade ? GRADE_NAMES[grade] ?? `${grade}年级` : '');

/** "甲、乙、丙等" — a list as officialese names it, cut after `max` items. */
export function listNames(names: string[], max = 10): string {
  if (names.length <= max) return names.join('、');
  return `${names.slice(0, max).join('、')}等`;
}

/** "甲、乙和丙" — every item, the last joined by 和. */
export function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`;
}
