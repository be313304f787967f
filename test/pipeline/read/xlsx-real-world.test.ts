/**
 * The shapes real-world workbooks take that xueji once read wrong (found by tools/conformance over
 * workbooks from other projects' test suites), each built here by hand, through both sheet paths: the
 * byte fast path and the general XML scanner (the same XML with namespace prefixes).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readXlsx, XlsxError, type XlsxLimits } from '../../../pipeline/read/xlsx-reader.js';
import { emptyCellBytes, type RowCells } from '../../../pipeline/read/row-cells.js';
import { tempDir, writeZip } from '../../helpers/workbook.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

const relationships = (rels: [string, string, string][]) =>
  `<?xml version="1.0"?><Relationships xmlns="${PKG}">${rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`).join('')}</Relationships>`;

const workbookXml = (inner = '') => `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${inner}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;

interface Book {
  sheetData: string;
  /** The <si> items, or undefined for a workbook without a shared-strings part. */
  shared?: string[];
  workbook?: string;
  /** Zip entry names, when not the usual ones. */
  names?: { sheet?: string; shared?: string };
}

/** The parts of a one-sheet workbook laid out as Excel does. */
function parts(book: Book): [string, string][] {
  const list: [string, string][] = [
    ['_rels/.rels', relationships([['rId1', 'officeDocument', 'xl/workbook.xml']])],
    ['xl/workbook.xml', book.workbook ?? workbookXml()],
    ['xl/_rels/workbook.xml.rels', relationships([['rId1', 'worksheet', 'worksheets/sheet1.xml'], ['rId2', 'sharedStrings', 'sharedStrings.xml']])],
    [book.names?.sheet ?? 'xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${book.sheetData}</sheetData></worksheet>`],
  ];
  if (book.shared) list.push([book.names?.shared ?? 'xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="${MAIN}">${book.shared.map((s) => `<si>${s}</si>`).join('')}</sst>`]);
  return list;
}

/** The same part with every spreadsheetml element prefixed (<x:row>), which sends it down the general path. */
function prefixed(xml: string): string {
  return xml
    .replace(/<(\/?)(worksheet|sheetData|row|c|v|f|is|t|r|rPh|sst|si)(?=[\s>/])/g, '<$1x:$2')
    .replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`);
}

const PATHS = [['fast path', (p: [string, string][]) => p], ['general path', (p: [string, string][]) => p.map(([n, c]): [string, string] => [n, /sheet1|sharedStrings/i.test(n) ? prefixed(c) : c])]] as const;

interface ReadRow {
  row: number;
  cells: string[];
  /** What the loader copies: a cell's bytes when the reader offers them, else its text. */
  loaded: string[];
  numeric: boolean[];
  problem?: string;
}

function view(row: RowCells, rowNumber: number, problem?: string): ReadRow {
  const out = emptyCellBytes();
  const cols = Array.from({ length: row.length }, (_, i) => i);
  return {
    row: rowNumber,
    cells: cols.map((i) => row.text(i)),
    loaded: cols.map((i) => (row.bytes(i, out) ? out.data.toString('utf8', out.start, out.end) : row.text(i))),
    numeric: cols.map((i) => row.isNumber(i)),
    ...(problem ? { problem } : {}),
  };
}

const dir = tempDir();
let n = 0;

async function read(zipParts: [string, string][], limits?: Partial<XlsxLimits>) {
  const path = writeZip(join(dir, `book${n++}.xlsx`), zipParts);
  const rows: ReadRow[] = [];
  const info = await readXlsx(path, (row, rowNumber, problem) => rows.push(view(row, rowNumber, problem)), { limits });
  return { rows, info };
}

describe.each(PATHS)('real-world workbook shapes, %s', (_name, variant) => {
  it('reads line ends as XML does: CR LF and a lone CR are LF; _x000D_ and &#13; stay CR', async () => {
    const { rows } = await read(variant(parts({
      shared: ['<t>甲\r\n乙\r丙</t>', '<t xml:space="preserve">行_x000D_\r\n末</t>', '<t>&#13;\r\n</t>'],
      sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        + '<c r="D1" t="inlineStr"><is><t>p\r\nq</t></is></c><c r="E1" t="str"><f>A1</f><v>m\rn</v></c>'
        + '<c r="F1" t="inlineStr"><is><t><![CDATA[c\r\nd]]></t></is></c></row>',
    })));
    const want = ['甲\n乙\n丙', '行\r\n末', '\r\n', 'p\nq', 'm\nn', 'c\nd'];
    expect(rows[0].cells).toEqual(want);
    expect(rows[0].loaded).toEqual(want);
  });

  it('finds parts whose stored names differ in case from their relationships (xl/SharedStrings.xml)', async () => {
    const { rows } = await read(variant(parts({
      shared: ['<t>全国学籍号</t>'],
      sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
      names: { shared: 'xl/SharedStrings.xml', sheet: 'xl/Worksheets/Sheet1.xml' },
    })));
    expect(rows[0].cells).toEqual(['全国学籍号']);
  });

  it('gives a row whose shared-string index is past the table\'s end its problem, never a blank cell', async () => {
    const { rows } = await read(variant(parts({
      shared: ['<t>甲</t>', '<t>乙</t>'],
      sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>7</v></c></row>'
        + '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v></v></c></row><row r="4"><c r="C4" t="s"><v>x</v></c></row>',
    })));
    expect(rows.map((r) => [r.row, r.cells, r.problem])).toEqual([
      [1, ['甲'], undefined],
      [2, ['乙', ''], '第2列的共享字符串编号 7 超出共享字符串表（共 2 条），无法读出该单元格'],
      [3, ['乙', ''], undefined], // an empty <v> is a blank cell, as Excel reads it
      [4, ['', '', ''], '第3列的共享字符串编号无效，无法读出该单元格'],
    ]);
  });

  it('refuses a sheet that refers to shared strings when the workbook has no table at all', async () => {
    await expect(read(variant(parts({ sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' })))).rejects.toThrow(/工作表“S”的单元格引用了共享字符串，但工作簿中没有共享字符串表/);
    // An empty table is a table: the row is flagged, the file read.
    const { rows } = await read(variant(parts({ shared: [], sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' })));
    expect(rows[0].problem).toMatch(/超出共享字符串表（共 0 条）/);
  });

  it('returns numbers as the shortest text that reads back as the same double; integers as written', async () => {
    const values = ['10.199999999999999', '100.000', '4.14292515E-2', '341623201603150011', '007', '-0', '1E+21', ' 12 ', '41700', '-3', 'abc'];
    const { rows } = await read(variant(parts({ sheetData: `<row r="1">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${v}</v></c>`).join('')}</row>` })));
    expect(rows[0].cells).toEqual(['10.2', '100', '0.0414292515', '341623201603150011', '7', '0', '1e+21', '12', '41700', '-3', 'abc']);
    expect(rows[0].numeric.every(Boolean)).toBe(true);
  });

  it('reads tags with white space and single quotes wherever XML allows them (wrapped attributes, padded end tags)', async () => {
    const { rows } = await read(variant(parts({
      shared: ['<t>姓名</t>'],
      sheetData: "<row\n  r='2'\tspans=\"1:3\">\n  <c\n   r='A2'\n   t='s'><v>0</v></c ><c\tr=\"C2\"><v\n>7</v ></c\n>\n</row\n>"
        + '<row r="5"><c r="B5" t="inlineStr"><is><t>末</t></is></c></row>',
    })));
    expect(rows.map((r) => [r.row, r.cells])).toEqual([[2, ['姓名', '', '7']], [5, ['', '末']]]);
  });

  it('reads cell references written in lower case where they say', async () => {
    const { rows } = await read(variant(parts({ sheetData: '<row r="1"><c r="c1" t="inlineStr"><is><t>丙</t></is></c><c r="a1"><v>1</v></c></row>' })));
    expect(rows[0].cells).toEqual(['1', '', '丙']);
  });

  it('caps the text shared strings expand to, per row and per sheet (one long string referenced by many cells)', async () => {
    const row = (r: number, cells: number) => `<row r="${r}">${Array.from({ length: cells }, (_, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="s"><v>0</v></c>`).join('')}</row>`;
    const texts = async (sheetData: string) => {
      const path = writeZip(join(dir, `cap${n++}.xlsx`), variant(parts({ shared: [`<t>${'长'.repeat(100)}</t>`], sheetData })));
      let cells = 0;
      await readXlsx(path, (r) => { for (let i = 0; i < r.length; i++) cells += r.text(i) === '' ? 0 : 1; }, { limits: { maxRowSharedText: 1000, maxSheetSharedText: 5000 } });
      return cells;
    };
    // 100 characters a cell: ten cells fill a row's 1000, five rows of nine make 4500.
    await expect(texts(row(1, 10))).resolves.toBe(10);
    await expect(texts(row(1, 11))).rejects.toThrow(/工作表“S”第1行引用的共享字符串展开后超过 .* 上限（疑似恶意构造的文件），已拒绝/);
    await expect(texts(Array.from({ length: 5 }, (_, i) => row(i + 1, 9)).join(''))).resolves.toBe(45);
    await expect(texts(Array.from({ length: 6 }, (_, i) => row(i + 1, 9)).join(''))).rejects.toThrow(/工作表“S”引用的共享字符串展开后超过 .* 上限/);
  });
});

describe('real-world workbook shapes: the package', () => {
  it('takes the date system from the workbook\'s own workbookPr, not an extension\'s (x15:workbookPr)', async () => {
    const ext = (attrs: string) => `<extLst><ext uri="{x}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr ${attrs}/></ext></extLst>`;
    const date1904 = async (workbook: string) => (await read(parts({ workbook, sheetData: '' }))).info.date1904;
    expect(await date1904(workbookXml(`<workbookPr date1904="1"/>${ext('chartTrackingRefBase="1"')}`))).toBe(true);
    expect(await date1904(workbookXml(`<workbookPr/>${ext('date1904="1"')}`))).toBe(false);
    expect(await date1904(prefixed(workbookXml('<x:workbookPr date1904="true"/>')).replace(/<(\/?)(workbook|sheets|sheet)(?=[\s>/])/g, '<$1x:$2'))).toBe(true);
    // A prefixed root whose children use the default namespace, bound to the same URI, is one namespace.
    expect(await date1904(workbookXml('<workbookPr date1904="1"/>').replace('<workbook ', `<x:workbook xmlns:x="${MAIN}" `).replace('</workbook>', '</x:workbook>'))).toBe(true);
  });

  it('reads a workbook part at the package root (/workbook.xml with its own _rels)', async () => {
    const { rows } = await read([
      ['sheet1.xml', `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c></row></sheetData></worksheet>`],
      ['workbook.xml', workbookXml()],
      ['_rels/workbook.xml.rels', relationships([['rId1', 'worksheet', 'sheet1.xml'], ['rId2', 'sharedStrings', '/sharedStrings.xml']])],
      ['_rels/.rels', relationships([['rId1', 'officeDocument', 'workbook.xml']])],
      ['sharedStrings.xml', `<sst xmlns="${MAIN}"><si><t>根</t></si></sst>`],
    ]);
    expect(rows[0].cells).toEqual(['根', '7']);
  });

  it('reads parts saved in UTF-16 (little- and big-endian, with the BOM XML requires)', async () => {
    const utf16 = (xml: string, big: boolean) => {
      const le = Buffer.from(`\uFEFF${xml.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')}`, 'utf16le');
      return big ? Buffer.from(le).swap16() : le;
    };
    const book = parts({ shared: ['<t>姓名</t>'], sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>𠀀</t></is></c></row>' });
    const path = writeZip(join(dir, 'utf16.xlsx'), book.map(([name, xml], i): [string, Buffer] => [name, utf16(xml, i % 2 === 1)]));
    const rows: string[][] = [];
    await readXlsx(path, (row) => rows.push(Array.from({ length: row.length }, (_, i) => row.text(i))));
    expect(rows).toEqual([['姓名', '𠀀']]);
  });

  it('reads the Office 2007 beta shared-strings form (<sstItem>)', async () => {
    const book = parts({ shared: [], sheetData: '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>' });
    book[book.length - 1][1] = '<sst xmlns="http://schemas.microsoft.com/office/excel/2006/2"><sstItem><t>Lorem</t></sstItem><sstItem><t>ipsum</t></sstItem></sst>';
    const { rows } = await read(book);
    expect(rows[0].cells).toEqual(['ipsum', 'Lorem']);
  });

  it('refuses a zip holding two entries of one part name (in any case)', async () => {
    const book = parts({ sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' });
    await expect(read([...book, ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`]])).rejects.toThrow(new XlsxError('含有两个同名部件 xl/worksheets/sheet1.xml（不同程序可能读出不同的数据），已拒绝'));
    await expect(read([...book, ['XL/Worksheets/Sheet1.xml', '']])).rejects.toThrow(/两个同名部件 XL\/Worksheets\/Sheet1.xml/);
  });
});
