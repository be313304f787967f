/**
 * Byte-level twins of normalize.ts's fast paths: whether a cell's UTF-8 bytes are a value the string
 * normaliser would return unchanged, so the loader may copy the bytes into the bulk-load file without
 * making a string. Each predicate is conservative: a false answer only sends the cell down the string
 * path, never changes what is stored (test/pipeline/plain-bytes.test.ts checks them against normalize.ts).
 */
import { isValidDate } from './normalize.js';

/**
 * Text that cleanText leaves as it is: valid UTF-8, no control characters, nothing cleanText folds or
 * drops and no whitespace at either end. Only ASCII, two-byte sequences from U+00C0, and three-byte
 * sequences led by E3–EC or EE (CJK and most scripts) are accepted: the lead bytes C2, E0–E2, ED and EF
 * hold the characters cleanText or trim touch (U+00A0, U+2000–U+206F, U+FEFF, U+FF10–U+FF5A, U+FFFD),
 * E3 80 80 is the ideographic space, and four-byte characters are rare enough to take the slow path.
 */
export function isPlainText(data: Buffer, start: number, end: number): boolean {
  if (start >= end || data[start] === 32 || data[end - 1] === 32) return false;
  let k = start;
  while (k < end) {
    const b = data[k];
    if (b < 0x80) {
      if (b < 0x20 || b === 0x7f) return false;
      k++;
    } else if (b >= 0xc3 && b <= 0xdf) {
      if (k + 1 >= end || (data[k + 1] & 0xc0) !== 0x80) return false;
      k += 2;
    } else if ((b >= 0xe3 && b <= 0xec) || b === 0xee) {
      if (k + 2 >= end || (data[k + 1] & 0xc0) !== 0x80 || (data[k + 2] & 0xc0) !== 0x80) return false;
      if (b === 0xe3 && data[k + 1] === 0x80 && data[k + 2] === 0x80) return false; // U+3000
      k += 3;
    } else {
      return false;
    }
  }
  return true;
}

const isDigit = (b: number): boolean => b >= 48 && b <= 57;

/** /^[0-9A-Z]+$/: a code normaliseCode returns as it is. */
export function isPlainCode(data: Buffer, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let k = start; k < end; k++) {
    const b = data[k];
    if (!(isDigit(b) || (b >= 65 && b <= 90))) return false;
  }
  return true;
}

/** /^\d{17}[\dX]$/: an ID number normaliseId returns as it is. */
export function isPlainId(data: Buffer, start: number, end: number): boolean {
  if (end - start !== 18) return false;
  for (let k = start; k < end - 1; k++) if (!isDigit(data[k])) return false;
  const last = data[end - 1];
  return isDigit(last) || last === 88;
}

/** /^1[3-9]\d{9}$/: a mobile number normalisePhone returns as it is. */
export function isPlainMobile(data: Buffer, start: number, end: number): boolean {
  if (end - start !== 11 || data[start] !== 49 || data[start + 1] < 51 || data[start + 1] > 57) return false;
  for (let k = start + 2; k < end; k++) if (!isDigit(data[k])) return false;
  return true;
}

/** YYYY-MM-DD naming a real day in normaliseDate's range: stored as it is (a date read, so no raw text). */
export function isPlainIsoDate(data: Buffer, start: number, end: number): boolean {
  if (end - start !== 10 || data[start + 4] !== 45 || data[start + 7] !== 45) return false;
  for (let k = start; k < end; k++) if (k !== start + 4 && k !== start + 7 && !isDigit(data[k])) return false;
  const digit = (k: number): number => data[start + k] - 48;
  const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  return isValidDate(y, digit(5) * 10 + digit(6), digit(8) * 10 + digit(9));
}
