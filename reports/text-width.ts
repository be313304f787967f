/**
 * How wide text prints, from how many of its characters are wide (CJK and everything from U+2E80 up)
 * and how many narrow (digits, Latin letters). A character beyond the BMP (a rare name character of
 * CJK Extension B, two UTF-16 units) counts once, as wide. One loop over char codes: the workbook
 * writer measures every cell of ~800 fix-lists with it.
 */
export function printWidth(text: string, wide: number, narrow: number): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by its low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    width += c > 0x2e80 ? wide : narrow;
  }
  return width;
}
