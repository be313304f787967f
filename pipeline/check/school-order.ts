/** The order every per-school list is in (summary.json, 附件, the overview): 学区, then school name, by pinyin, then code. */
const pinyin = new Intl.Collator('zh-CN');

export interface SchoolKey {
  district: string;
  school_name: string;
  school_code: string | null;
}

export function bySchoolOrder(a: SchoolKey, b: SchoolKey): number {
  return pinyin.compare(a.district, b.district) || pinyin.compare(a.school_name, b.school_name) || (a.school_code ?? '').localeCompare(b.school_code ?? '');
}

/** Names (学区, schools) in pinyin order. */
export const byPinyin = (a: string, b: string): number => pinyin.compare(a, b);
