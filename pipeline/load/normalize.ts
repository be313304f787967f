/**
 * Normalisation of registry values, exactly as the contract lists it. Pure functions of a cell's
 * text (and whether Excel stored it as a number); no I/O. `null` means "present but unusable".
 */

// Control characters, zero-width and bidi marks (an RTL override can make an ID read backwards).
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const FULLWIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/** Trim, drop invisible characters, fold full-width digits and letters (and spaces) to half-width. */
// Anything cleanText has to change besides trimming; most cells have none of it.
const NEEDS_CLEANING = /[\u0000-\u001F\u007F\u00A0\u200B-\u200F\u202A-\u202E\u2060-\u2064\u3000\uFEFF\uFF10-\uFF5A]/;

export function cleanText(raw: string): string {
  if (!NEEDS_CLEANING.test(raw)) return raw.trim();
  let s = raw.replace(INVISIBLE, '');
  if (/[\uFF10-\uFF5A]/.test(s)) s = s.replace(FULLWIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return s.replace(/[\u3000\u00A0\t\r\n]/g, ' ').trim();
}

// Values already in their normal form, the common case: returned as they are (each normaliser runs
// once or twice per row of a city's millions).
const PLAIN_CODE = /^[0-9A-Z]+$/;
const PLAIN_ID = /^\d{17}[\dX]$/;
const PLAIN_MOBILE = /^1[3-9]\d{9}$/;
const PLAIN_ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Codes (学籍号, 学校标识码): no spaces at all, upper case. */
export function normaliseCode(raw: string, numeric = false): string {
  if (!numeric && PLAIN_CODE.test(raw)) return raw;
  const s = cleanText(raw).replace(/\s+/g, '').toUpperCase();
  return numeric ? plainInteger(s) ?? s : s;
}

const SCIENTIFIC = /^(\d+)(?:\.(\d+))?E\+?(\d+)$/i;

/** "3.41623E+17" or "341623000000000000.0" → the integer's digits, without float rounding. */
function plainInteger(s: string): string | undefined {
  const sci = SCIENTIFIC.exec(s);
  if (sci) {
    const digits = sci[1] + (sci[2] ?? '');
    const length = sci[1].length + Number(sci[3]);
    if (length < digits.length || length > 40) return undefined;
    return (digits + '0'.repeat(length - digits.length)).replace(/^0+(?=\d)/, '');
  }
  const dec = /^(\d+)(?:\.0*)?$/.exec(s);
  return dec ? dec[1] : undefined;
}

export interface NormalisedId {
  value: string;
  /** Stored as a number or in scientific notation, and Excel's 15-digit precision zeroed digits 16–18. */
  excelDamaged: boolean;
}

export function normaliseId(raw: string, numeric: boolean): NormalisedId {
  if (!numeric && PLAIN_ID.test(raw)) return { value: raw, excelDamaged: false };
  const s = cleanText(raw).replace(/\s+/g, '').toUpperCase();
  const scientific = SCIENTIFIC.test(s);
  if (numeric || scientific) {
    const digits = plainInteger(s);
    if (digits !== undefined) return { value: digits, excelDamaged: digits.length === 18 && digits.endsWith('000') };
  }
  return { value: s, excelDamaged: false };
}

export function normalisePhone(raw: string): string {
  if (PLAIN_MOBILE.test(raw)) return raw;
  let s = cleanText(raw).replace(/[\s\-()（）]/g, '');
  const intl = /^(?:\+86|0086|86)(1[3-9]\d{9})$/.exec(s);
  if (intl) s = intl[1];
  return s.replace(/^\+86/, '');
}

export function normaliseSex(raw: string): string | null {
  const s = cleanText(raw).toUpperCase();
  if (s === '男' || s === '1' || s === 'M' || s === '男性') return '男';
  if (s === '女' || s === '2' || s === 'F' || s === '女性') return '女';
  return null;
}

export function normaliseStatus(raw: string): string {
  const s = cleanText(raw).replace(/\s+/g, '');
  return s === '在籍在校' ? '在校' : s;
}

/**
 * The statuses of the national registry system and of county exports, after normaliseStatus. Another
 * text (未知, 在读 …) is kept as it is, so it counts as neither 在校 nor empty, and is unreadable: the
 * loader stores it in status_raw too (VALUE_UNREADABLE).
 */
const KNOWN_STATUSES = new Set([
  '在校', '在籍不在校', '休学', '复学', '停学', '保留学籍', '借读', '转入', '转出', '转学', '退学', '辍学', '流失',
  '开除', '毕业', '结业', '肄业', '死亡', '离校', '注销', '出国', '出境', '出国(境)', '出国（境）',
]);

export function isKnownStatus(status: string): boolean {
  return KNOWN_STATUSES.has(status);
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function digitOf(s: string): number {
  return CN_DIGIT[s] ?? Number(s);
}

/** Grade 1–12 from 一年级…九年级, 初一…初三, 高一…高三 (初中/高中一年级…), national codes 11–16, 21–23, 31–33. */
export function normaliseGrade(raw: string): number | null {
  const s = cleanText(raw).replace(/\s+/g, '');
  if (s === '') return null;
  const code = /^(\d{1,2})$/.exec(s);
  if (code) {
    const n = Number(code[1]);
    if (n >= 11 && n <= 16) return n - 10;
    if (n >= 21 && n <= 23) return n - 14;
    if (n >= 31 && n <= 33) return n - 21;
    return n >= 1 && n <= 9 ? n : null;
  }
  let m = /^(?:小学)?([一二三四五六七八九]|[1-9])年级$/.exec(s);
  if (m) return digitOf(m[1]);
  m = /^(?:初([一二三])|初中([一二三1-3])年级)$/.exec(s);
  if (m) return 6 + digitOf(m[1] ?? m[2]);
  m = /^(?:高([一二三])|高中([一二三1-3])年级)$/.exec(s);
  if (m) return 9 + digitOf(m[1] ?? m[2]);
  return null;
}

/** Non-negative whole number (counts, plans); thousands separators allowed. */
export function normaliseCount(raw: string): number | null {
  const s = cleanText(raw).replace(/[,\s]/g, '');
  const m = /^(\d{1,9})(?:\.0*)?$/.exec(s);
  return m ? Number(m[1]) : null;
}

const DAY_MS = 86_400_000;
const EXCEL_1900_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH = Date.UTC(1904, 0, 1);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real day from 1900 to 2100 (the range normaliseDate accepts). */
export function isValidDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!isValidDate(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Serial dates repeat (a cohort shares a few hundred birthdays); the Date round trip is not free. */
const serialDates = new Map<number, string>();

function fromEpochDays(epoch: number, days: number): string {
  const t = epoch + days * DAY_MS;
  let iso = serialDates.get(t);
  if (iso === undefined) {
    iso = new Date(t).toISOString().slice(0, 10);
    if (serialDates.size < 100_000) serialDates.set(t, iso);
  }
  return iso;
}

/**
 * Dates from YYYY-MM-DD, YYYY/M/D, YYYYMMDD, YYYY年M月D日, YYYY.MM.DD (a time part is ignored) and
 * Excel serial numbers (1900 or 1904 date system) of numeric cells. Returns YYYY-MM-DD or null.
 */
export function normaliseDate(raw: string, numeric: boolean, date1904 = false): string | null {
  const plain = PLAIN_ISO_DATE.exec(raw);
  if (plain) return isoDate(Number(plain[1]), Number(plain[2]), Number(plain[3]));
  const s = cleanText(raw).replace(/\s+(?=[年月日])|(?<=[年月日])\s+/g, '');
  if (s === '') return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  // Serials only from numeric cells: text that is only digits ("2014" in a CSV) is no date.
  m = numeric ? /^(\d{1,6})(?:\.\d+)?$/.exec(s) : null;
  if (m) {
    const serial = Number(m[1]);
    if (serial < 1) return null;
    // Excel's 1900 system counts a 29 Feb 1900 that never was; serials after it are right from 1899-12-30.
    const iso = date1904 ? fromEpochDays(EXCEL_1904_EPOCH, serial) : fromEpochDays(EXCEL_1900_EPOCH, serial < 61 ? serial + 1 : serial);
    return iso >= '1900-01-01' && iso <= '2100-12-31' ? iso : null;
  }
  return null;
}
