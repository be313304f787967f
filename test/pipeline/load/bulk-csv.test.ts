import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BulkLineWriter } from '../../../pipeline/load/bulk-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'xueji-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes BulkLineWriter writes for one line of `values`, file number 7. */
function line(values: (string | number | boolean | null)[]): Buffer {
  const path = join(dir, `${Math.random()}.csv`);
  const out = new BulkLineWriter(path, 7);
  out.beginLine();
  for (const v of values) out.value(v);
  out.endLine();
  out.close();
  return readFileSync(path);
}

const expected = (texts: string[]) => Buffer.from(`${texts.map((t) => `${t}\x1f`).join('')}7\n`);

describe('BulkLineWriter.value', () => {
  it('encodes text as Buffer#write does: CJK, two-byte letters, pairs and lone surrogates', () => {
    const texts = ['张三', 'Zoë', '𠮷野家', 'a\uD800b', '\uDC00', 'x\uD83D', '（一）班', 'é'.repeat(40), '安徽省亳州市利辛县程家集镇楼王村3组'];
    expect(line(texts)).toEqual(expected(texts));
  });

  it('agrees with Buffer#write on random strings over awkward code units', () => {
    const pool = ['a', '1', ' ', 'é', 'ß', '中', '\u3000', '\uFEFF', '\uD83D', '\uDE00', '\uD840\uDFB7', '\uFFFD', '\u07FF', '\u0800'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 300; i++) {
      const texts = Array.from({ length: 5 }, () => Array.from({ length: Math.floor(random() * 12) }, () => pool[Math.floor(random() * pool.length)]).join(''));
      expect(line(texts)).toEqual(expected(texts));
    }
  });

  it('writes null as an empty field, booleans and numbers as text', () => {
    expect(line([null, true, false, 42])).toEqual(expected(['', 'true', 'false', '42']));
  });

  it('refuses a value holding a line break or the delimiter, even after non-ASCII text', () => {
    for (const bad of ['a\nb', '中\r', '中文\x1f']) expect(() => line([bad])).toThrow(/escaped normalisation/);
  });
});
