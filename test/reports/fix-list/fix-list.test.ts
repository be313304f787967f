import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { writeFixList } from '../../../reports/fix-list/fix-list.js';
import type { FixListRow } from '../../../reports/report-data.js';
import { returnHeaderRow, partText, readSheet } from '../../helpers/sheet-reader.js';
import { launch } from '../../helpers/screenshot.js';
import { tempDir } from '../../helpers/workbook.js';
import { CONTEXT, gradeGap, pupil, schoolOf } from './fix-list-rows.js';

/** Details as long as the rules' longest (the continuation and duplicate rules name schools and 幼儿园). */
const LONG = '学前幼儿学籍中有 2 条待确认的候选记录（城关镇中心幼儿园 学生，证件号 341623201800010011；城北镇中心幼儿园 学生），没有唯一的证件号和姓名都相同的记录';

/** A school with 100 findings: two of the school as a whole, 98 of pupils, a third of them with long details. */
function hundredFindings(): FixListRow[] {
  const rows: FixListRow[] = [gradeGap(1), gradeGap(6)];
  for (let n = 1; n <= 98; n++) rows.push(pupil(n, n % 2 ? 'PHOTO_MISSING' : 'ID_INVALID', { detail: n % 3 === 0 ? LONG : `第${n}条：照片一栏为“否”，未上传学生照片` }));
  return rows;
}

async function pdfPages(browser: Browser, html: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(html).href);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  await page.close();
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

describe('a school\'s fix-list', () => {
  const dir = tempDir('xueji-fix-list-');
  const hostile = [
    pupil(1, 'PHOTO_MISSING', { student_name: '=1+1', detail: '@SUM(A1)', class_name: '-3班' }),
    pupil(2, 'ID_INVALID'),
    gradeGap(6),
  ];

  it('the workbook is read back by its header names: each row its 问题编号, nothing typed in, formula-looking text kept as text, the dropdown', async () => {
    const out = join(dir, 'hostile');
    await writeFixList(CONTEXT, schoolOf(hostile), hostile, out);
    const path = join(out, '整改清单.xlsx');
    const { rows, numeric } = await readSheet(path);
    const h = returnHeaderRow(rows);
    expect(rows[h]).toEqual(['序号', '学籍号', '姓名', '班级', '问题', '问题说明', '身份证件号码', '问题编号', '整改情况', '说明']);
    const body = rows.slice(h + 1);
    expect(body.map((r) => r[7])).toEqual(['g60000000000', 'f00000000001', 'f00000000002']);
    expect(body[1].slice(2, 6)).toEqual(['=1+1', '三年级-3班', '学生照片缺失', '@SUM(A1)']);
    expect(numeric.slice(h + 1).map((r) => r[1] || r[6] || r[7])).toEqual([false, false, false]);
    const xml = await partText(path);
    expect(xml).toContain('<sheetData>');
    expect(xml).not.toMatch(/<f[ >]/); // never a formula
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet('整改清单')!;
    for (const col of [3, 6]) expect(sheet.getCell(h + 3, col).numFmt).toBe('@');
    expect(sheet.getCell(h + 2, 9).dataValidation).toMatchObject({ type: 'list', formulae: ['"已整改,无需整改,无法整改"'], showErrorMessage: true });
    expect([sheet.getCell(h + 2, 9).numFmt, sheet.getCell(h + 2, 10).numFmt]).toEqual(['@', '@']); // what the school types stays text
    expect(sheet.getColumn(10).width).toBeGreaterThanOrEqual(25);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: h + 1 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: `${h + 1}:${h + 1}` });
    // The preamble lines, merged across the table, each as tall as its wrapped text.
    const heights = Array.from({ length: h - 1 }, (_, i) => sheet.getRow(i + 2).height ?? 15);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...heights)).toBeGreaterThan(15); // the privacy note wraps: its row is taller
    expect(book.getWorksheet('问题汇总')!.getRow(2).values).toEqual([undefined, '问题', '条数', '整改要求', '依据']);
  });

  it('the HTML gives each requirement and basis once, the school\'s own problems apart, and states the ID policy', async () => {
    const out = join(dir, 'hundred');
    const rows = hundredFindings();
    await writeFixList(CONTEXT, schoolOf(rows), rows, out);
    const html = readFileSync(join(out, '整改清单.html'), 'utf8');
    for (const r of CONTEXT.rules) expect(html.split(r.basis).length - 1).toBe(1);
    expect(html).toContain('二、学校整体问题');
    expect(html).toContain('三、问题学生明细');
    expect(html.match(/<tr>/g)!.length).toBe((1 + 3 + 1) + (1 + 2) + (1 + 98)); // summary (header, 3 kinds, 合计), school, pupils
    expect(html).toContain('个人信息：学籍号完整列出');
    expect(html).toContain('<thead>');
  });

  it('a hundred findings print on a handful of A4 pages', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launch();
      const pages = await pdfPages(browser, join(dir, 'hundred', '整改清单.html'));
      expect(pages).toBeGreaterThanOrEqual(2); // a hundred rows do not fit one page: 0 would mean the count failed
      expect(pages).toBeLessThanOrEqual(5); // 45 landscape pages before 整改要求 and 依据 left the rows
    } finally {
      await browser?.close();
    }
  });

  it('marks follow-up states and lists the 整改不实 cases first', async () => {
    const out = join(dir, 'follow-up');
    const rows = [pupil(1, 'PHOTO_MISSING', { follow_up: '未整改' }), pupil(2, 'ID_INVALID', { follow_up: '整改不实' }), pupil(3, 'PHOTO_MISSING', { follow_up: '新增' })];
    await writeFixList(CONTEXT, schoolOf(rows), rows, out);
    const html = readFileSync(join(out, '整改清单.html'), 'utf8');
    expect(html).toContain('其中整改不实 1 条，列在明细最前');
    const body = html.slice(html.indexOf('三、') === -1 ? html.indexOf('二、问题学生明细') : html.indexOf('三、'));
    const order = ['f00000000002', 'f00000000001', 'f00000000003'].map((id) => body.indexOf(id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(body).toMatch(/<tr class="false-claim">.*f00000000002/);
    const { rows: sheet } = await readSheet(join(out, '整改清单.xlsx'));
    const h = returnHeaderRow(sheet);
    const at = (name: string) => sheet[h].indexOf(name);
    expect(sheet.slice(h + 1).map((r) => [r[at('问题编号')], r[at('跟踪')]])).toEqual([['f00000000002', '整改不实'], ['f00000000001', '上次已通报'], ['f00000000003', '新增']]);
  });
});

