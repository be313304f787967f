import { describe, expect, it } from 'vitest';
import { cleanText, normaliseCode, normaliseDate, normaliseId, normalisePhone } from '../../../pipeline/load/normalize.js';
import { isPlainCode, isPlainId, isPlainIsoDate, isPlainMobile, isPlainText } from '../../../pipeline/load/plain-bytes.js';

// Each byte predicate may only say yes where the string normaliser returns the text unchanged.
const twins: [string, (b: Buffer, s: number, e: number) => boolean, (s: string) => string | null][] = [
  ['text', isPlainText, cleanText],
  ['code', isPlainCode, (s) => normaliseCode(s)],
  ['id', isPlainId, (s) => normaliseId(s, false).value],
  ['mobile', isPlainMobile, normalisePhone],
  ['date', isPlainIsoDate, (s) => normaliseDate(s, false)],
];

/** The predicate on the string's bytes placed inside a larger buffer (as in a shared-strings part). */
function plain(pred: (b: Buffer, s: number, e: number) => boolean, text: string): boolean {
  const inner = Buffer.from(text);
  const data = Buffer.concat([Buffer.from('<t>'), inner, Buffer.from('</t>')]);
  return pred(data, 3, 3 + inner.length);
}

const tricky = [
  '', ' ', '张三', ' 张三', '张三 ', '张\u3000三', '\u3000张三', '张三\u00a0', '张\u200b三', '\u202e张三', '张三\ufeff', '\ufeff',
  '１２３', 'ＡＢＣ', '张三\t', '张\n三', 'a\x1fb', '\x7f', '\ufffd', '王𠮷', '김철수', 'Ünal', 'José', '\u2028', '\u205f',
  '\u1680', '\u00a0', '·', '阿卜杜拉·买买提', '——', '（）', '3416', '34162320140302001X', '34162320140302001x', '3416232014030200',
  '341623201403020011', ' 341623201403020011', '3.41623E+17', '13812345678', '12812345678', '138 1234 5678', '+8613812345678',
  '1381234567', '138123456789', '2014-03-02', '2014-3-2', '2015-02-29', '2016-02-29', '1899-12-31', '2101-01-01', '2014-13-01',
  '2014-00-10', '2014/03/02', 'G34162320140302001X', 'g341623', 'ABC123', 'ABC 123', '在籍在校', '汉族', '是', '1',
];

describe('byte-level fast paths of normalisation', () => {
  it('accept only what the string normaliser leaves unchanged', () => {
    for (const [name, pred, normalise] of twins) {
      for (const text of tricky) {
        if (plain(pred, text)) expect([name, text, normalise(text)]).toEqual([name, text, text]);
      }
    }
  });

  it('accept the common clean values (so the fast path is taken at all)', () => {
    for (const text of ['张三', '汉族', '安徽省利辛县城关镇', 'Ünal', '김철수', '3年级2班']) expect([text, plain(isPlainText, text)]).toEqual([text, true]);
    expect(plain(isPlainCode, 'G34162320140302001X')).toBe(true);
    expect(plain(isPlainId, '34162320140302001X')).toBe(true);
    expect(plain(isPlainMobile, '13812345678')).toBe(true);
    expect(plain(isPlainIsoDate, '2016-02-29')).toBe(true);
    for (const text of ['', ' 张三', '张\u3000三', '王𠮷', '\ufffd']) expect([text, plain(isPlainText, text)]).toEqual([text, false]);
  });

  it('agree with the normalisers on random strings over a pool of awkward characters', () => {
    const pool = [...'0123456789X-a Z张三\u3000\u00a0\u200b\u202e\ufeff１Ａ\t\n\x1f\x7f\ufffd·é김', '𠮷'];
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: 1 + random(12) }, () => pool[random(pool.length)]).join('');
      for (const [name, pred, normalise] of twins) {
        if (plain(pred, text)) expect([name, text, normalise(text)]).toEqual([name, text, text]);
      }
    }
  });

  it('refuse invalid UTF-8 (it would otherwise reach the store unchecked)', () => {
    for (const bytes of [[0xe5, 0xbc], [0xe5, 0x41, 0x41], [0xc3], [0xff], [0x80], [0xed, 0xa0, 0x80], [0xe5, 0xbc, 0xa0, 0xbc]]) {
      const data = Buffer.from(bytes);
      expect([bytes, isPlainText(data, 0, data.length)]).toEqual([bytes, false]);
    }
  });
});
