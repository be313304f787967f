import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZipArchive } from '../../pipeline/read/zip-archive.js';
import { runCli } from '../helpers/cli.js';
import { parseCsv } from '../helpers/findings-compare.js';
import { returnHeaderRow, readSheet } from '../helpers/sheet-reader.js';
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

  it('the circular has the seed\'s sections, the real totals, and no pupil data anywhere in aggregate pages or in 通报.docx', async () => {
    const html = readFileSync(join(out, 'report', '通报.html'), 'utf8');
    // Long table headers take two lines (现场核查<br>学生数), as in the seed's tables.
    for (const heading of ['一、基本情况', '二、主要成绩', '三、存在问题', '四、下步工作要求', '附件1', '附件2', '序号', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注', '合计']) expect(html.replace(/<br>/g, '')).toContain(heading);
    const t = summary.headcount.total;
    expect(html).toContain(`现场核查学生${t.onsite}人，对应在校学籍${t.registry}人`);
    expect(html).toContain(`共发现问题学籍${findings.filter((f) => f.student_key).length}条`);
    expect(html.replace(/&#x27;/g, "'")).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'/);
    const people = await queryStore<{ v: string }>(join(out, 'xueji.duckdb'), `
      SELECT student_no AS v FROM registry UNION SELECT id_number FROM registry WHERE id_number IS NOT NULL
      UNION SELECT name FROM registry WHERE length(name) >= 3 UNION SELECT phone FROM family WHERE phone IS NOT NULL
      UNION SELECT id_number FROM new_students WHERE id_number IS NOT NULL UNION SELECT student_no FROM previous_registry`);
    const pages = [join(out, 'report', '通报.html'), join(out, 'report', 'index.html'), ...readdirSync(join(out, 'districts')).map((d) => join(out, 'districts', d, '汇总.html'))];
    const texts: [string, string][] = pages.map((page) => [page, readFileSync(page, 'utf8')]);
    const docx = await ZipArchive.open(join(out, 'report', '通报.docx'));
    texts.push(['通报.docx', (await docx.readBytes('word/document.xml', 16 << 20)).toString('utf8')]);
    expect(texts.at(-1)![1]).toContain('三、存在问题');
    for (const [page, text] of texts) {
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

  it('every school with findings gets a fix-list holding exactly its findings, each row with its 问题编号, read back by header names', async () => {
    const bySchool = new Map<string, Record<string, string>[]>();
    for (const f of findings) bySchool.set(f.school_code, [...(bySchool.get(f.school_code) ?? []), f]);
    const folders = readdirSync(join(out, 'schools'));
    expect(folders.length).toBe(bySchool.size);
    for (const [code, list] of bySchool) {
      const folder = folders.find((f) => f.startsWith(`${code}_`))!;
      expect(folder).toBeTruthy();
      const path = join(out, 'schools', folder, '整改清单.xlsx');
      const { sheetName, rows } = await readSheet(path);
      expect(sheetName).toBe('整改清单');
      const h = returnHeaderRow(rows);
      expect(h).toBeGreaterThan(0);
      const at = (name: string) => rows[h].indexOf(name);
      const body = rows.slice(h + 1);
      expect(body.map((r) => r[at('问题编号')]).sort()).toEqual(list.map((f) => f.finding_id).sort());
      expect(body.map((r) => r[at('问题')]).sort()).toEqual(list.map((f) => f.title).sort());
      expect(body.every((r) => !r[at('整改情况')] && !r[at('说明')])).toBe(true);
      // 整改要求 and 依据 once per problem kind, on the summary sheet.
      const summary = (await readSheet(path, '问题汇总')).rows;
      expect(summary[1]).toEqual(['问题', '条数', '整改要求', '依据']);
      const titles = [...new Set(list.map((f) => f.title))];
      expect(summary.slice(2, -1).map((r) => [r[0], Number(r[1])]).sort()).toEqual(titles.map((t) => [t, list.filter((f) => f.title === t).length]).sort());
      const book = await readBook(path);
      const sheet = book.getWorksheet('整改清单')!;
      expect(sheet.getCell(h + 2, at('整改情况') + 1).dataValidation).toMatchObject({ type: 'list', formulae: ['"已整改,无需整改,无法整改"'] });
      expect(sheet.getColumn(at('说明') + 1).width).toBeGreaterThanOrEqual(25);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: h + 1 });
      const html = readFileSync(join(out, 'schools', folder, '整改清单.html'), 'utf8');
      for (const f of list) expect(html).toContain(f.finding_id);
    }
  });

  it('fix-lists follow one ID policy per problem kind: 学籍号 in full, the ID number in full only where the rule needs it, else not listed', async () => {
    const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));
    const showId = new Set(readdirSync(rulesDir).filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(join(rulesDir, f), 'utf8')) as { code: string; show_id?: boolean }).filter((r) => r.show_id).map((r) => r.code));
    expect(showId.has('ID_INVALID')).toBe(true);
    const ids = new Map((await queryStore<{ f: string; r: number; id: string | null }>(join(out, 'xueji.duckdb'), `
      SELECT source_file AS f, source_row AS r, id_number AS id FROM registry UNION ALL SELECT source_file, source_row, id_number FROM previous_registry
      UNION ALL SELECT source_file, source_row, id_number FROM new_students UNION ALL SELECT source_file, source_row, id_number FROM roster`)).map((x) => [`${x.f}#${x.r}`, x.id]));
    const byId = new Map(findings.map((f) => [f.finding_id, f]));
    let full = 0;
    let unlisted = 0;
    for (const folder of readdirSync(join(out, 'schools'))) {
      const { rows } = await readSheet(join(out, 'schools', folder, '整改清单.xlsx'));
      const h = returnHeaderRow(rows);
      expect(rows.slice(0, h).join('')).toContain('个人信息：学籍号完整列出');
      const at = (name: string) => rows[h].indexOf(name);
      for (const r of rows.slice(h + 1)) {
        const f = byId.get(r[at('问题编号')])!;
        if (f.student_key && f.student_key.startsWith('G')) expect(r[at('学籍号')]).toBe(f.student_key);
        const id = at('身份证件号码') >= 0 ? r[at('身份证件号码')] ?? '' : '';
        const expected = ids.get(`${f.source_file}#${f.source_row}`) ?? '';
        if (showId.has(f.rule)) { expect([f.rule, id]).toEqual([f.rule, expected]); if (expected) full++; }
        else { expect([f.rule, id]).toEqual([f.rule, '']); unlisted++; }
      }
    }
    expect(full).toBeGreaterThan(0);
    expect(unlisted).toBeGreaterThan(0);
  });

  it('a school\'s documents name no bureau file: no input path or row reference in any fix-list', async () => {
    const files = [...new Set(findings.map((f) => f.source_file))];
    expect(files.some((f) => f.startsWith('preschool/'))).toBe(false); // findings point at the new-student list, not at preschool rows
    files.push('preschool/学前学籍.xlsx');
    for (const folder of readdirSync(join(out, 'schools'))) {
      const html = readFileSync(join(out, 'schools', folder, '整改清单.html'), 'utf8');
      const cells = (await readSheet(join(out, 'schools', folder, '整改清单.xlsx'))).rows.flat().join('\n');
      for (const text of [html, cells]) {
        expect(files.filter((f) => text.includes(f))).toEqual([]);
        expect(text).not.toMatch(/\.(xlsx|csv)#\d/);
      }
    }
    expect(findings.filter((f) => f.rule === 'CONTINUATION_PENDING').every((f) => /幼儿园/.test(f.detail))).toBe(true);
  });

  it('findings.xlsx holds every finding of findings.csv in the same order, IDs and codes as text, Chinese titles', async () => {
    const { sheetName, rows, numeric } = await readSheet(join(out, 'findings.xlsx'));
    expect(sheetName).toBe('问题清单');
    expect(rows[0]).toEqual(['问题编号', '学区', '学校标识码', '学校名称', '年级', '学籍号/证件号码', '姓名', '问题', '级别', '问题说明', '跟踪情况', '规则代码', '来源文件', '来源行号']);
    expect(rows.length - 1).toBe(findings.length);
    rows.slice(1).forEach((r, i) => {
      const f = findings[i];
      expect([r[0], r[2], r[5], r[6], r[9], r[11], r[12], r[13]]).toEqual([f.finding_id, f.school_code, f.student_key, f.student_name, f.detail, f.rule, f.source_file, f.source_row]);
      expect(r[8]).toBe(f.severity === 'error' ? '严重' : '提示');
      expect(numeric[i + 1].slice(0, 13).some(Boolean)).toBe(false); // every ID and code a text cell
      expect(numeric[i + 1][13]).toBe(true);
    });
    const sheet = (await readBook(join(out, 'findings.xlsx'))).getWorksheet('问题清单')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getCell(2, 6).numFmt).toBe('@');
  });
});
