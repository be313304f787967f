import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readReturnFile } from '../../../pipeline/follow/return-files.js';
import { KnownSchools, workbookSchool } from '../../../pipeline/follow/workbook-school.js';
import { writeWorkbook as writeOurWorkbook } from '../../../reports/write/workbook-writer.js';
import { tempDir, writeExcelOrderWorkbook, writeText, writeZip } from '../../helpers/workbook.js';

const dir = tempDir('xueji-returns-');
const KNOWN = new KnownSchools(new Map([['2134160001', '城北中心小学'], ['2134160002', '城关小学'], ['2134160003', '城北中学'], ['2134160004', '中心小学']]));
const HEADER = ['序号', '问题编号', '学籍号', '姓名', '问题', '整改情况', '说明'];
const input = (path: string) => ({ path, display: path.slice(dir.length + 1) });
const rowsOf = (f: Awaited<ReturnType<typeof readReturnFile>>) => f.sheets.map((s) => [s.sheet, s.rows.map((r) => [r.row, r.findingId, r.answer, r.note])]);

/** A workbook of several sheets, as exceljs (like Excel) saves it. */
async function writeSheets(path: string, sheets: [string, (string | number | null)[][]][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of sheets) {
    const sheet = book.addWorksheet(name);
    rows.forEach((row, r) => row.forEach((v, c) => { if (v !== null) sheet.getCell(r + 1, c + 1).value = v; }));
  }
  await book.xlsx.writeFile(path);
  return path;
}

describe('reading a returned fix-list workbook', () => {
  it('reads the workbook xueji wrote, filled in, and knows its school from the title line', async () => {
    const path = join(dir, 'ours.xlsx');
    await writeOurWorkbook(path, { creator: '利辛县教育局', date: '2025-10-28' }, [{ name: '整改清单', options: {
      preamble: ['城北中心小学学籍核查整改清单', '学校标识码：2134160001    学区：城北', '问题汇总：合计 2 条'], header: HEADER,
      rows: [{ values: [1, '0123456789ab', 'G1', '甲', '问题', '已整改', '已补录'] }, { values: [2, 'bbbbbbbbbbbb', 'G2', '乙', '问题', '', ''] }],
    } }]);
    const f = await readReturnFile(input(path), KNOWN);
    expect([f.school, f.problem, rowsOf(f)]).toEqual(['2134160001', undefined, [['整改清单', [[5, '0123456789ab', '已整改', '已补录'], [6, 'bbbbbbbbbbbb', null, '']]]]]);
  });

  it('reads every sheet with the header (renamed, split in two), skips the others, and keeps the sheet names', async () => {
    const path = await writeSheets(join(dir, 'split.xlsx'), [
      ['填表说明', [['请勿修改问题编号']]],
      ['城北小学已整改', [['学校标识码：2134160001'], HEADER, [1, 'aaaaaaaaaaa1', 'G1', '甲', '问题', '已整改', null]]],
      ['未整改', [[null], HEADER, [2, 'aaaaaaaaaaa2', 'G2', '乙', '问题', '无法整改', '已转学']]],
    ]);
    const f = await readReturnFile(input(path), KNOWN);
    expect(rowsOf(f)).toEqual([['城北小学已整改', [[3, 'aaaaaaaaaaa1', '已整改', '']]], ['未整改', [[3, 'aaaaaaaaaaa2', '无法整改', '已转学']]]]);
    expect(f.school).toBe('2134160001');
  });

  it('reads a workbook saved the way Excel saves it (sheet before sharedStrings, the 问题编号 typed as a number)', async () => {
    const path = writeExcelOrderWorkbook(join(dir, 'excel.xlsx'), [
      ['问题编号', '整改情况', '说明'],
      [12345678901, '无需整改', '非本校学生'],
      ['bbbbbbbbbbbb', { f: 'IF(1,"已整改","")', v: '已整改' }, null],
    ]);
    const f = await readReturnFile(input(path), KNOWN);
    expect(rowsOf(f)).toEqual([['学生', [[2, '012345678901', '无需整改', '非本校学生'], [3, 'bbbbbbbbbbbb', '已整改', '']]]]);
    expect(f.school).toBeNull();
  });

  it('reads a workbook with inline strings and prefixed XML (as WPS and other tools write), taking the school from its folder', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const cell = (ref: string, text: string) => `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;
    const folder = join(dir, 'returns', '2134160002_城关小学');
    mkdirSync(folder, { recursive: true });
    const path = writeZip(join(folder, '整改清单(1).xlsx'), [
      ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`],
      ['xl/workbook.xml', `<?xml version="1.0"?><x:workbook ${ns} xmlns:r="${rel}"><x:sheets><x:sheet name="Sheet1" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`],
      ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
      ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><x:worksheet ${ns}><x:sheetData>`
        + `<x:row r="2">${cell('A2', '问题编号')}${cell('B2', '整改情况')}${cell('C2', '说明')}</x:row>`
        + `<x:row r="3">${cell('A3', 'cccccccccccc')}${cell('B3', '已整改')}${cell('C3', '已更正出生日期')}</x:row>`
        + '</x:sheetData></x:worksheet>'],
    ]);
    const f = await readReturnFile(input(path), KNOWN);
    expect([f.school, rowsOf(f)]).toEqual(['2134160002', [['Sheet1', [[3, 'cccccccccccc', '已整改', '已更正出生日期']]]]]);
  });

  it('lists a file that is not a workbook, or has no such header, as a problem of its own', async () => {
    const notXlsx = await readReturnFile(input(writeText(join(dir, 'saved-as.xlsx'), '<html><body>整改清单</body></html>')), KNOWN);
    expect([notXlsx.sheets, notXlsx.problem]).toEqual([[], expect.stringMatching(/^无法读取：不是 xlsx 文件/)]);
    const noHeader = await readReturnFile(input(await writeSheets(join(dir, 'no-header.xlsx'), [['Sheet1', [['序号', '学籍号', '整改结果'], [1, 'G1', '已整改']]]])), KNOWN);
    expect([noHeader.sheets, noHeader.problem]).toEqual([[], '没有找到含“问题编号”“整改情况”的表头行，未读取']);
  });
});

describe('workbookSchool: whose workbook it is', () => {
  it('takes a known code from the title first, then a known name in the title', () => {
    expect(workbookSchool(['城北中心小学学籍核查整改清单', '学校标识码：2134160002'], 'returns/2134160001_城北中心小学/整改清单.xlsx', KNOWN)).toBe('2134160002');
    expect(workbookSchool(['城北中心小学学籍核查整改清单', '整改期限：2025年11月18日'], 'returns/2134160002.xlsx', KNOWN)).toBe('2134160001');
    // 城北中心小学 holds 中心小学, another school's name: the longer name is the one meant.
    expect(workbookSchool(['学校：城北中心小学（2134160001）'], 'x.xlsx', KNOWN)).toBe('2134160001');
  });

  it('then the nearest folder or file name that starts with a known code or holds a known name', () => {
    expect(workbookSchool(['学校标识码：9999999999'], 'returns/2134160001_城北中心小学/整改清单.xlsx', KNOWN)).toBe('2134160001');
    expect(workbookSchool([], 'returns/城北/2134160002_城关小学_整改清单.xlsx', KNOWN)).toBe('2134160002');
    expect(workbookSchool([], 'returns/2134160001/整改清单.xlsx', KNOWN)).toBe('2134160001');
    expect(workbookSchool([], 'returns/城北学区/城北中学整改情况.xlsx', KNOWN)).toBe('2134160003');
    expect(workbookSchool([], 'out_2025/returns/汇总.xlsx', KNOWN)).toBeNull();
  });

  it('names no school for a workbook whose title names several (a 学区 returning one workbook for its schools)', () => {
    expect(workbookSchool(['城北学区整改清单：城北中心小学、城北中学'], 'returns/2134160001_城北中心小学.xlsx', KNOWN)).toBeNull();
    expect(workbookSchool(['学校标识码：2134160001、2134160003'], 'returns/2134160001_城北中心小学.xlsx', KNOWN)).toBeNull();
  });
});
