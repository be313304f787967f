import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { parseCsv } from '../helpers/findings-compare.js';
import { queryStore } from '../helpers/store.js';
import { tempDir } from '../helpers/workbook.js';

const SAMPLE = fileURLToPath(new URL('../../data-samples/sample/campaign.yaml', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../golden/sample-通报.html', import.meta.url));

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

describe('reports of the sample campaign', () => {
  const out = join(tempDir('xueji-reports-'), 'out');
  let findings: Record<string, string>[];
  let summary: { headcount: { districts: { district: string; onsite: number; registry: number; diff: number; ratio: number }[]; total: { onsite: number; registry: number; diff: number; ratio: number } }; by_rule: Record<string, number> };

  beforeAll(() => {
    const r = runCli(['run', SAMPLE, '--out', out, '--store']);
    expect(r.code).toBe(0);
    findings = parseCsv(readFileSync(join(out, 'findings.csv'), 'utf8'));
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('the circular matches its golden file (mismatch written beside it as .actual)', () => {
    const html = readFileSync(join(out, 'report', '通报.html'), 'utf8');
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) writeFileSync(GOLDEN, html);
    const golden = readFileSync(GOLDEN, 'utf8');
    if (html !== golden) writeFileSync(`${GOLDEN}.actual`, html);
    expect(html).toBe(golden);
  });

  it('the circular has the seed\'s sections, the real totals, and no pupil data anywhere in aggregate pages', async () => {
    const html = readFileSync(join(out, 'report', '通报.html'), 'utf8');
    for (const heading of ['一、基本情况', '二、主要成绩', '三、存在问题', '四、下步工作要求', '附件1', '附件2', '序号', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注', '合计']) expect(html).toContain(heading);
    const t = summary.headcount.total;
    expect(html).toContain(`现场核查学生${t.onsite}人，对应电子学籍数为${t.registry}人`);
    expect(html).toContain(`共发现问题学籍${findings.filter((f) => f.student_key).length}条`);
    expect(html.replace(/&#x27;/g, "'")).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'/);
    const people = await queryStore<{ v: string }>(join(out, 'xueji.duckdb'), `
      SELECT student_no AS v FROM registry UNION SELECT id_number FROM registry WHERE id_number IS NOT NULL
      UNION SELECT name FROM registry WHERE length(name) >= 3 UNION SELECT phone FROM family WHERE phone IS NOT NULL
      UNION SELECT id_number FROM new_students WHERE id_number IS NOT NULL UNION SELECT student_no FROM previous_registry`);
    const pages = [join(out, 'report', '通报.html'), join(out, 'report', 'index.html'), ...readdirSync(join(out, 'districts')).map((d) => join(out, 'districts', d, '汇总.html'))];
    for (const page of pages) {
      const text = readFileSync(page, 'utf8');
      const leaked = people.map((p) => p.v).filter((v) => text.includes(v));
      expect([page, leaked]).toEqual([page, []]);
    }
  });

  it('附件.xlsx: 学区 and 学校 sheets like the seed\'s attachments, totals equal summary.json, ratio a number shown to 3 decimals', async () => {
    const book = await readBook(join(out, 'report', '附件.xlsx'));
    expect(book.worksheets.map((s) => s.name).slice(0, 2)).toEqual(['学区', '学校']);
    const sheet = book.getWorksheet('学区')!;
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '学区', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注']);
    const d = summary.headcount.districts;
    d.forEach((row, i) => {
      const r = sheet.getRow(3 + i);
      expect([r.getCell(1).value, r.getCell(2).value, r.getCell(3).value, r.getCell(4).value, r.getCell(5).value, r.getCell(6).value]).toEqual([i + 1, row.district, row.onsite, row.registry, row.diff, row.ratio]);
      expect(r.getCell(6).numFmt).toBe('0.000');
    });
    const total = sheet.getRow(3 + d.length);
    expect([total.getCell(1).value, total.getCell(3).value, total.getCell(4).value, total.getCell(5).value, total.getCell(6).value]).toEqual(['合计', summary.headcount.total.onsite, summary.headcount.total.registry, summary.headcount.total.diff, summary.headcount.total.ratio]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, printTitlesRow: '2:2' });
    const familySheets = book.worksheets.slice(2).map((s) => s.name);
    expect(familySheets).toContain('身份证件');
  });

  it('every school with findings gets a fix-list holding exactly its findings, with the answer dropdown', async () => {
    const bySchool = new Map<string, Record<string, string>[]>();
    for (const f of findings) bySchool.set(f.school_code, [...(bySchool.get(f.school_code) ?? []), f]);
    const folders = readdirSync(join(out, 'schools'));
    expect(folders.length).toBe(bySchool.size);
    let wrapped = 0;
    for (const [code, list] of bySchool) {
      const folder = folders.find((f) => f.startsWith(`${code}_`))!;
      expect(folder).toBeTruthy();
      const sheet = (await readBook(join(out, 'schools', folder, '整改清单.xlsx'))).getWorksheet('整改清单')!;
      const header = sheet.getRow(4).values as unknown[];
      expect(header.slice(1)).toEqual(['序号', '学籍号', '姓名', '年级', '班级', '身份证件号码', '问题', '问题说明', '整改要求', '依据', '整改期限', '整改情况', '说明']);
      const rows: unknown[][] = [];
      for (let r = 5; r <= sheet.rowCount; r++) rows.push(sheet.getRow(r).values as unknown[]);
      expect(rows.length).toBe(list.length);
      expect(rows.map((r) => String(r[8])).sort()).toEqual(list.map((f) => f.detail).sort());
      expect(rows.map((r) => r[3] ?? '').sort()).toEqual(list.map((f) => f.student_name).sort());
      expect(sheet.getCell(5, 12).dataValidation).toMatchObject({ type: 'list', formulae: ['"已整改,无需整改,无法整改"'] });
      expect(rows.every((r) => r[11] === '2025年11月18日')).toBe(true);
      // Text wider than its column wraps, in a row tall enough to show every line.
      const detailWidth = sheet.getColumn(8).width!;
      for (let r = 5; r <= sheet.rowCount; r++) {
        const detail = String(sheet.getCell(r, 8).value);
        const wide = [...detail].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2.1 : 1.1), 0) > detailWidth - 1;
        expect(sheet.getCell(r, 8).alignment?.wrapText === true).toBe(wide);
        if (wide) expect(sheet.getRow(r).height).toBeGreaterThanOrEqual(29);
        wrapped += wide ? 1 : 0;
      }
      const html = readFileSync(join(out, 'schools', folder, '整改清单.html'), 'utf8');
      for (const f of list) expect(html).toContain(f.detail.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    }
    expect(wrapped).toBeGreaterThan(0);
  });

  it('fix-lists show an ID number in full only for problems that need it', async () => {
    let masked = 0;
    let full = 0;
    for (const folder of readdirSync(join(out, 'schools'))) {
      const sheet = (await readBook(join(out, 'schools', folder, '整改清单.xlsx'))).getWorksheet('整改清单')!;
      for (let r = 5; r <= sheet.rowCount; r++) {
        const problem = String(sheet.getCell(r, 7).value);
        const studentNo = String(sheet.getCell(r, 2).value ?? '');
        const id = String(sheet.getCell(r, 6).value ?? '');
        const needsId = /身份证件|重复|接续|学前|空挂|无学籍|人籍分离/.test(problem);
        if (!id) continue;
        if (needsId) { full++; expect(id).not.toMatch(/\*/); }
        else {
          masked++;
          expect(id).toMatch(/^\d{6}\*+[\dX]{4}$/);
          if (studentNo.startsWith('G')) expect(studentNo).toMatch(/^G\d{6}\*+[\dX]{4}$/);
        }
      }
    }
    expect(masked).toBeGreaterThan(0);
    expect(full).toBeGreaterThan(0);
  });
});
