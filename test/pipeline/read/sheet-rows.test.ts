import { describe, expect, it } from 'vitest';
import { SheetRowScanner } from '../../../pipeline/read/sheet-rows.js';
import { ByteSharedStrings } from '../../../pipeline/read/shared-strings.js';
import { rowNumbers, rowTexts } from '../../../pipeline/read/row-cells.js';

const SHARED = ByteSharedStrings.parse(Buffer.from(
  '<sst count="5"><si><t>姓名</t></si><si><t xml:space="preserve"> 李 四 </t></si><si/>'
  + '<si><r><t>A</t></r><r><rPr/><t>&amp;B</t></r><rPh><t>ふ</t></rPh></si><si><t>x_x000D_y</t></si></sst>'), 100);

const SHEET = '<?xml version="1.0"?><worksheet><sheetData>'
  + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
  + '<row r="2" spans="1:4"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>341221201904248000</v></c><c r="C2" t="inlineStr"><is><t>行&lt;内</t></is></c><c r="D2" t="str"><f>A1</f><v>公式</v></c></row>'
  + '<row r="3"/>'
  + '<row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c s="3" t="s"><v>4</v></c><c/><c t="s"><v>2</v></c></row>'
  + '</sheetData><rowBreaks count="0"/></worksheet>';

const LIMITS = { maxRows: 100, maxColumns: 100, maxPending: 1 << 20, maxRowSharedText: 1 << 20, maxSheetSharedText: 1 << 20 };

function scan(chunkSize: number, sheet = SHEET, limits = LIMITS): { row: number; cells: string[]; numeric: boolean[]; problem?: string }[] {
  const rows: { row: number; cells: string[]; numeric: boolean[]; problem?: string }[] = [];
  const scanner = new SheetRowScanner(SHARED, (r, n, problem) => rows.push({ row: n, cells: rowTexts(r), numeric: rowNumbers(r), ...(problem ? { problem } : {}) }), limits);
  const bytes = Buffer.from(sheet);
  for (let i = 0; i < bytes.length; i += chunkSize) scanner.feed(bytes.subarray(i, i + chunkSize));
  scanner.end();
  return rows;
}

describe('SheetRowScanner', () => {
  it('reads every cell kind, shared strings with runs, phonetics, entities and _xHHHH_', () => {
    expect(scan(1 << 16)).toEqual([
      { row: 1, cells: ['姓名', '', ' 李 四 '], numeric: [false, false, false] },
      { row: 2, cells: ['A&B', '341221201904248000', '行<内', '公式'], numeric: [false, true, false, false] },
      { row: 3, cells: [], numeric: [] },
      { row: 4, cells: ['TRUE', '', 'x\ry', '', ''], numeric: [false, false, false, false, false] },
    ]);
  });

  it('gives the same rows however the bytes are cut into chunks (no row lost at a chunk edge)', () => {
    const whole = scan(1 << 16);
    for (let size = 1; size <= 64; size++) expect(scan(size), `chunk size ${size}`).toEqual(whole);
  });

  it('reads tags wrapped or padded with white space, and single-quoted attributes, the same at every chunk edge', () => {
    const sheet = "<worksheet><sheetData><row\n r='3'\tspans='1:2'>\n <c\n  r='B3'\n  t='s'><v>0</v></c >\n <c\tr=\"C3\"><v\n>7</v ></c\n>\n</row\n>"
      + '<row r="4"><c r="A4" t="s"><v>1</v></c></row   ></sheetData></worksheet>';
    const expected = [{ row: 3, cells: ['', '姓名', '7'], numeric: [false, false, true] }, { row: 4, cells: [' 李 四 '], numeric: [false] }];
    for (let size = 1; size <= 90; size++) expect(scan(size, sheet), `chunk size ${size}`).toEqual(expected);
  });

  it('a cell left open ends with its row (the next row is read as it is)', () => {
    const broken = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></row>'
      + '<row r="2"><c r="B2" t="s"><v>0</v></c></row></sheetData></worksheet>';
    const expected = [{ row: 1, cells: ['甲'], numeric: [false] }, { row: 2, cells: ['', '姓名'], numeric: [false, false] }];
    for (let size = 1; size <= 40; size++) expect(scan(size, broken), `chunk size ${size}`).toEqual(expected);
  });

  it('reads the usual cell shapes (styled, blank, empty value) and near misses the same at every chunk edge', () => {
    const sheet = '<worksheet><sheetData><row r="1">'
      + '<c r="A1" s="3" t="s"><v>0</v></c><c r="B1" s="2"/><c r="C1" t="s"><v></v></c><c r="D1"><v></v></c>'
      + '<c r="E1" s="1"><v>20190424</v></c><c r="F1" t="s"><v>4</v><f>x</f></c><c r="G1" t="s" s="3"><v>1</v></c>'
      + '<c r="H1" t="s"><v>0x</v></c><c r="I1"><v>1</v></c ></row>'
      + '<row r="2"><c r="AA2" t="s"><v>3</v></c><c r="ZZZZ2" t="s"><v>0</v></c></row></sheetData></worksheet>';
    const expected = [{
      row: 1, cells: ['姓名', '', '', '', '20190424', 'x\ry', ' 李 四 ', '', '1'], numeric: [false, false, false, false, true, false, false, false, true],
      problem: '第8列的共享字符串编号无效，无法读出该单元格', // "0x": no index at all, never a blank cell
    }];
    for (let size = 1; size <= 80; size++) {
      const rows = scan(size, sheet.replace(/<row r="2">.*<\/row>/, ''));
      expect(rows, `chunk size ${size}`).toEqual(expected);
    }
    // A column past the limit is refused whichever way the cell is read.
    expect(() => scan(1 << 16, sheet)).toThrow(/列上限/);
  });

  it('flags only the rows holding a shared-string index past the table, and counts shared text once, at every chunk edge', () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>9</v></c></row>'
      + '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1" t="s"><v>4</v></c></row>'
      + '<row r="3"><c r="A3" t="s" s="2"><f>x</f><v>5</v></c></row></sheetData></worksheet>';
    const problem = (col: number, index: number) => `第${col}列的共享字符串编号 ${index} 超出共享字符串表（共 5 条），无法读出该单元格`;
    const expected = [
      { row: 1, cells: ['姓名', ''], numeric: [false, false], problem: problem(2, 9) },
      { row: 2, cells: [' 李 四 ', 'x\ry'], numeric: [false, false] },
      { row: 3, cells: [''], numeric: [false], problem: problem(1, 5) },
    ];
    // Row 2 hands out 5 + 3 characters of shared text, the sheet 2 more: caps of exactly that hold however
    // often a row cut by a chunk's end is scanned again; one less is refused.
    const limits = { ...LIMITS, maxRowSharedText: 8, maxSheetSharedText: 10 };
    for (let size = 1; size <= 80; size++) expect(scan(size, sheet, limits), `chunk size ${size}`).toEqual(expected);
    expect(() => scan(1 << 16, sheet, { ...limits, maxRowSharedText: 7 })).toThrow(/第2行引用的共享字符串展开后超过/);
    expect(() => scan(1 << 16, sheet, { ...limits, maxSheetSharedText: 9 })).toThrow(/^引用的共享字符串展开后超过/);
  });
});
