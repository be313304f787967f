import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { CsvError, CsvParser, readCsv } from '../../../pipeline/read/csv-reader.js';
import { emptyCellBytes, rowTexts, type RowCells } from '../../../pipeline/read/row-cells.js';
import { tempDir, writeText } from '../../helpers/workbook.js';

async function rowsOf(path: string) {
  const rows: { row: number; cells: string[]; problem?: string }[] = [];
  const info = await readCsv(path, (cells, row, problem) => rows.push({ row, cells: rowTexts(cells), problem }));
  return { rows, info };
}

describe('readCsv', () => {
  const dir = tempDir();

  it('detects GB18030 (GBK) and reads Chinese text', async () => {
    const path = writeText(join(dir, 'gbk.csv'), iconv.encode('姓名,性别\r\n张三,男\r\n𠀀囧,女\r\n', 'gb18030'));
    const { rows, info } = await rowsOf(path);
    expect(info.encoding).toBe('gb18030');
    expect(rows.map((r) => r.cells)).toEqual([['姓名', '性别'], ['张三', '男'], ['𠀀囧', '女']]);
  });

  it('strips a UTF-8 BOM and handles quotes, doubled quotes, newlines in quotes and a missing final newline', async () => {
    const path = writeText(join(dir, 'bom.csv'), '\uFEFF姓名,备注\n"王,五","说""明"\n"多\n行",x');
    const { rows, info } = await rowsOf(path);
    expect(info.encoding).toBe('utf-8');
    expect(rows.map((r) => [r.row, r.cells])).toEqual([[1, ['姓名', '备注']], [2, ['王,五', '说"明']], [3, ['多\n行', 'x']]]);
  });

  it('reads UTF-16 with BOM and tab-separated files', async () => {
    const path = writeText(join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t性别\r\n李四\t女\r\n', 'utf16le')]));
    const { rows, info } = await rowsOf(path);
    expect(info).toEqual({ encoding: 'utf-16le', delimiter: '\t' });
    expect(rows[1].cells).toEqual(['李四', '女']);
  });

  it('flags a quote that is never closed', async () => {
    const path = writeText(join(dir, 'open.csv'), 'a,b\n1,"2\n3,4\n');
    const { rows } = await rowsOf(path);
    expect(rows).toHaveLength(2);
    expect(rows[1].problem).toMatch(/引号未闭合/);
  });

  it('keeps quotes split across read chunks', async () => {
    const long = 'x'.repeat((1 << 20) - 8);
    const path = writeText(join(dir, 'chunks.csv'), `a,b\n"${long}","q""q"\n`);
    const { rows } = await rowsOf(path);
    expect(rows[1].cells[0]).toHaveLength(long.length);
    expect(rows[1].cells[1]).toBe('q"q');
  });

  it('parses the same records whatever the read pieces are, cut anywhere (inside quotes, CRLF, a character)', () => {
    const text = '姓名,备注\r\n"王,五","说""明"\r\n"多\n行",x\r"ab"cd,"𠀀"\n,\n\n末,"尾"';
    const want = [['姓名', '备注'], ['王,五', '说"明'], ['多\n行', 'x'], ['abcd', '𠀀'], ['', ''], [''], ['末', '尾']];
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size <= bytes.length; size++) {
      const got: string[][] = [];
      const parser = new CsvParser((row) => got.push(rowTexts(row)));
      for (let i = 0; i < bytes.length; i += size) parser.feed(bytes.subarray(i, i + size));
      parser.end();
      expect(got, `pieces of ${size} bytes`).toEqual(want);
    }
  });

  it('points at the bytes of plain and simply quoted cells, and sends escaped quotes to text()', () => {
    const cells: { bytes: string | false; text: string }[][] = [];
    const out = emptyCellBytes();
    const parser = new CsvParser((row: RowCells) => {
      cells.push(Array.from({ length: row.length }, (_, i) => ({
        bytes: row.bytes(i, out) ? out.data.toString('utf8', out.start, out.end) : false,
        text: row.text(i),
      })));
    });
    parser.feed(Buffer.from('a,"b,c","d""e","f"g,\n', 'utf8'));
    parser.end();
    expect(cells).toEqual([[
      { bytes: 'a', text: 'a' }, { bytes: 'b,c', text: 'b,c' }, { bytes: false, text: 'd"e' }, { bytes: false, text: 'fg' }, { bytes: '', text: '' },
    ]]);
  });

  it('keeps what it holds back when the caller reuses the buffer it fed, also before the first line ends', () => {
    const got: string[][] = [];
    const parser = new CsvParser((row) => got.push(rowTexts(row)));
    const piece = Buffer.alloc(6);
    for (const text of ['ab,c', 'd\n1,"', '2"\n']) {
      const n = piece.write(text);
      parser.feed(piece.subarray(0, n));
      piece.fill(0x7a); // the caller's next read lands in the same buffer
    }
    parser.end();
    expect(got).toEqual([['ab', 'cd'], ['1', '2']]);
  });

  it('decodes GB18030 whose first non-ASCII byte lies far past the opening bytes, and UTF-8 likewise', async () => {
    const ascii = Array.from({ length: 5000 }, (_, i) => `G${String(i).padStart(19, '0')},S1\r\n`).join(''); // ~120 KB
    const gb = writeText(join(dir, 'late-gb.csv'), Buffer.concat([Buffer.from(`code,school\r\n${ascii}`), iconv.encode('G1,城关小学\r\n', 'gb18030')]));
    const late = await rowsOf(gb);
    expect(late.info.encoding).toBe('gb18030');
    expect(late.rows.at(-1)!.cells).toEqual(['G1', '城关小学']);
    const utf8 = writeText(join(dir, 'late-utf8.csv'), `code,school\r\n${ascii}G1,城关小学\r\n`);
    expect((await rowsOf(utf8)).info.encoding).toBe('utf-8');
    // The campaign's encoding: still wins.
    const forced: string[][] = [];
    const info = await readCsv(gb, (row) => forced.push(rowTexts(row)), { encoding: 'utf-8' });
    expect(info.encoding).toBe('utf-8');
    expect(forced.at(-1)![1]).toMatch(/\uFFFD/);
  });

  it('reads UTF-16 without a BOM (every other byte NUL) instead of seeing NULs', async () => {
    const path = writeText(join(dir, 'utf16-nobom.csv'), Buffer.from('姓名,性别\r\n李四,女\r\nab,c\r\n', 'utf16le'));
    const { rows, info } = await rowsOf(path);
    expect(info.encoding).toBe('utf-16le');
    expect(rows.map((r) => [r.cells, r.problem])).toEqual([[['姓名', '性别'], undefined], [['李四', '女'], undefined], [['ab', 'c'], undefined]]);
  });

  it('gives a row with NUL or another C0 control character in a cell its problem, naming the column; tab is text', async () => {
    const path = writeText(join(dir, 'control.csv'), 'a,b,c\n1,x\u0000y,z\n2,"p\u0007q",r\n3,"多\n行\tt",s\n4,ok,\u001b\n');
    const { rows } = await rowsOf(path);
    expect(rows.map((r) => [r.row, r.problem])).toEqual([
      [1, undefined],
      [2, '第2列含控制字符（如 NUL），可能是文件损坏或编码不对'],
      [3, '第2列含控制字符（如 NUL），可能是文件损坏或编码不对'],
      [4, undefined],
      [5, '第3列含控制字符（如 NUL），可能是文件损坏或编码不对'],
    ]);
    expect(rows[3].cells).toEqual(['3', '多\n行\tt', 's']);
  });

  it('refuses a record that would grow past 16 MB (an unclosed quote), naming its row', () => {
    const parser = new CsvParser(() => {});
    parser.feed(Buffer.from('a,b\n1,"'));
    const piece = Buffer.alloc(1 << 20, 0x78);
    expect(() => { for (let i = 0; i < 20; i++) parser.feed(piece); }).toThrow(new CsvError('第2行 超过 16 MB 上限（引号未闭合或文件损坏）'));
  });
});
