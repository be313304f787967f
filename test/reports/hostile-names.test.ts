import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

describe('data that looks like formulas, markup or paths', () => {
  const dir = tempDir('xueji-hostile-names-');
  mkdirSync(join(dir, 'in'));
  const schools = [
    ['S1', '=HYPERLINK("http://example.invalid","点我")', '+城关'],
    ['S2', '<script>alert(1)</script>小学', '@学区'],
    ['S3', '../../etc/passwd', 'CON'],
    ['S4', '..\\..\\windows', 'CON'],
  ];
  writeFileSync(join(dir, 'in', 'schools.csv'), ['学校标识码,学校名称,学区', ...schools.map((s) => s.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))].join('\n'));
  writeFileSync(join(dir, 'in', 'registry.csv'), ['全国学籍号,姓名,学校标识码,年级,照片', 'L1,=1+1,S1,三年级,无', 'L2,-2+3,S2,三年级,无', 'L3,@SUM(A1),S3,三年级,无', 'L4,<b>粗</b>,S4,三年级,无'].join('\n'));
  writeFileSync(join(dir, 'campaign.yaml'), 'name: 测试\nas_of: 2025-10-28\ninputs:\n  schools: in/schools.csv\n  registry: in/registry.csv\n');
  const out = join(dir, 'out');
  const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', out]);

  it('runs', () => expect([r.code, r.stderr]).toEqual([0, '']));

  it('folders made from names stay inside the out dir, safe and distinct', () => {
    const schoolsDir = join(out, 'schools');
    const folders = readdirSync(schoolsDir).sort();
    expect(folders).toHaveLength(4);
    for (const f of folders) {
      expect(resolve(schoolsDir, f).startsWith(schoolsDir)).toBe(true);
      expect(f).not.toMatch(/[<>:"/\\|?*]/);
    }
    expect(readdirSync(join(out, 'districts')).sort()).toEqual(['+城关', '@学区', '_CON']);
  });

  it('text starting with = + - @ is stored as text in every workbook and guarded in CSV', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'report', '附件.xlsx'));
    const cells: ExcelJS.Cell[] = [];
    book.eachSheet((s) => s.eachRow((row) => row.eachCell((c) => cells.push(c))));
    const risky = cells.filter((c) => typeof c.value === 'string' && /^[=+\-@]/.test(c.value));
    expect(risky.length).toBeGreaterThan(0);
    for (const c of cells) expect(typeof c.value === 'object' && c.value !== null && 'formula' in c.value).toBe(false);
    for (const c of risky) expect(c.numFmt).toBe('@');
    for (const folder of readdirSync(join(out, 'schools'))) {
      const fix = new ExcelJS.Workbook();
      await fix.xlsx.readFile(join(out, 'schools', folder, '整改清单.xlsx'));
      fix.eachSheet((s) => s.eachRow((row) => row.eachCell((c) => {
        expect(typeof c.value === 'object' && c.value !== null && 'formula' in c.value).toBe(false);
        if (typeof c.value === 'string' && /^[=+\-@]/.test(c.value)) expect(c.numFmt).toBe('@');
      })));
    }
    const csv = readFileSync(join(out, 'findings.csv'), 'utf8');
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(",'-2+3,");
    expect(csv).toContain(",'@SUM(A1),");
  });

  it('HTML escapes every name', () => {
    const pages = [join(out, 'report', 'index.html'), join(out, 'report', '通报.html')];
    for (const folder of readdirSync(join(out, 'schools'))) pages.push(join(out, 'schools', folder, '整改清单.html'));
    for (const p of pages) {
      const html = readFileSync(p, 'utf8');
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<b>粗</b>');
    }
    expect(readFileSync(join(out, 'report', 'index.html'), 'utf8')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;小学');
  });
});
