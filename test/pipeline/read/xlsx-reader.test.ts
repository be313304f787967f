import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readXlsx, XlsxError } from '../../../pipeline/read/xlsx-reader.js';
import { rowNumbers, rowTexts } from '../../../pipeline/read/row-cells.js';
import { tempDir, writeExcelOrderWorkbook, writeText, writeWorkbook, writeZip } from '../../helpers/workbook.js';

async function rowsOf(path: string, sheet?: string) {
  const rows: { row: number; cells: string[]; numeric: boolean[] }[] = [];
  const info = await readXlsx(path, (cells, row) => rows.push({ row, cells: rowTexts(cells), numeric: rowNumbers(cells) }), { sheet });
  return { rows, info };
}

describe('readXlsx', () => {
  const dir = tempDir();

  it('reads text cells as text when the sheet part precedes sharedStrings (the order Excel writes)', async () => {
    const path = writeExcelOrderWorkbook(join(dir, 'excel-order.xlsx'), [
      ['全国学籍号', '姓名', '出生日期'],
      ['G341623201403020011', '张三', 41700],
      ['G341623201403020012', '李四', { f: 'DATE(2014,3,2)', v: 41700 }],
      [{ f: 'A2&""', v: 'G000' }, { error: '#N/A' }, null],
    ]);
    const { rows, info } = await rowsOf(path);
    expect(info.sheetName).toBe('学生');
    expect(rows.map((r) => r.cells)).toEqual([
      ['全国学籍号', '姓名', '出生日期'],
      ['G341623201403020011', '张三', '41700'],
      ['G341623201403020012', '李四', '41700'],
      ['G000', ''],
    ]);
    expect(rows[1].numeric).toEqual([false, false, true]);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it('reads an exceljs workbook with a merged title row and keeps sheet row numbers across blank rows', async () => {
    const path = await writeWorkbook(join(dir, 'exceljs.xlsx'), [['利辛县学籍'], ['学校标识码', '学校名称'], [], ['2134160001', '城北小学']], { merge: ['A1:B1'] });
    const { rows } = await rowsOf(path);
    expect(rows.filter((r) => r.cells.some((c) => c)).map((r) => [r.row, r.cells])).toEqual([
      [1, ['利辛县学籍', '']], // B1 is the merged cell's empty half
      [2, ['学校标识码', '学校名称']],
      [4, ['2134160001', '城北小学']],
    ]);
  });

  it('reports the 1904 date system and leaves phonetic runs out of rich text', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const path = writeZip(join(dir, 'rich.xlsx'), [
      ['xl/worksheets/sheet1.xml', `<worksheet ${ns}><sheetData><row r="1"><c r="B1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>行&amp;内</t></is></c></row></sheetData></worksheet>`],
      ['xl/workbook.xml', `<workbook ${ns}><workbookPr date1904="true"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ['xl/sharedStrings.xml', `<sst ${ns}><si><r><t>王</t></r><r><t>小_x0031_明</t></r><rPh sb="0" eb="1"><t>おう</t></rPh></si></sst>`],
    ]);
    const { rows, info } = await rowsOf(path);
    expect(info.date1904).toBe(true);
    expect(rows[0].cells).toEqual(['', '王小1明', '行&内']);
  });

  it('picks a named sheet and names the sheets when it is missing', async () => {
    const path = writeExcelOrderWorkbook(join(dir, 'named.xlsx'), [['a']]);
    await expect(rowsOf(path, '学生')).resolves.toBeTruthy();
    await expect(rowsOf(path, '名单')).rejects.toThrow(/没有名为“名单”的工作表（现有：学生）/);
  });

  it.each([
    ['empty.xlsx', Buffer.alloc(0), /空文件/],
    ['page.xlsx', Buffer.from('<html><body><table><tr><td>姓名</td></tr></table></body></html>'), /HTML 网页/],
    ['renamed.xlsx', Buffer.from('姓名,性别\n张三,男\n'), /文本文件/],
    ['legacy.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), /OLE/],
  ])('says what %s really is', async (name, content, message) => {
    const path = writeText(join(dir, name), content);
    await expect(rowsOf(path)).rejects.toThrow(XlsxError);
    await expect(rowsOf(path)).rejects.toThrow(message);
  });

  it('refuses a truncated zip', async () => {
    const full = writeExcelOrderWorkbook(join(dir, 'full.xlsx'), [['a', 'b']]);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(full);
    const path = writeText(join(dir, 'truncated.xlsx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(rowsOf(path)).rejects.toThrow(/截断/);
  });

  it('refuses a DOCTYPE (entity expansion) in any part', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const path = writeZip(join(dir, 'doctype.xlsx'), [
      ['xl/workbook.xml', `<workbook ${ns}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ['xl/sharedStrings.xml', `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><sst ${ns}><si><t>&a;</t></si></sst>`],
      ['xl/worksheets/sheet1.xml', `<worksheet ${ns}><sheetData/></worksheet>`],
    ]);
    await expect(rowsOf(path)).rejects.toThrow(/DOCTYPE/);
  });

  it('caps rows and columns', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const path = writeZip(join(dir, 'far.xlsx'), [
      ['xl/workbook.xml', `<workbook ${ns}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ['xl/worksheets/sheet1.xml', `<worksheet ${ns}><sheetData><row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData></worksheet>`],
    ]);
    await expect(rowsOf(path)).rejects.toThrow(/1,048,576 行上限/);
  });

  it('reads sheets and shared strings written with namespace prefixes (<x:row>, <x:si>) like unprefixed ones', async () => {
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const path = writeZip(join(dir, 'prefixed.xlsx'), [
      ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
      ['xl/workbook.xml', `<?xml version="1.0"?><x:workbook ${ns} xmlns:r="${rel}"><x:sheets><x:sheet name="学生" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`],
      ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
      ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><x:worksheet ${ns}><x:sheetData>`
        + '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'
        + '<x:row r="2"><x:c r="A2" t="s"><x:v>2</x:v></x:c><x:c r="B2"><x:v>41700</x:v></x:c></x:row></x:sheetData></x:worksheet>'],
      ['xl/sharedStrings.xml', `<?xml version="1.0"?><x:sst ${ns}><x:si><x:t>全国学籍号</x:t></x:si><x:si><x:r><x:t>出生</x:t></x:r><x:r><x:t>日期</x:t></x:r></x:si><x:si><x:t>G341623201403020011</x:t></x:si></x:sst>`],
    ]);
    const { rows } = await rowsOf(path);
    expect(rows).toEqual([
      { row: 1, cells: ['全国学籍号', '出生日期'], numeric: [false, false] },
      { row: 2, cells: ['G341623201403020011', '41700'], numeric: [false, true] },
    ]);
  });
});
