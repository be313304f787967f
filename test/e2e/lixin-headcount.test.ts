import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

// 附件1 of the Lixin circular (seed 003): 学区, 现场核查学生数, 学籍数据学生数, 差额人数, 差额比例 (published, 3 decimals).
const LIXIN: [string, number, number, number, string][] = [
  ['城北', 1660, 1643, -17, '-0.010'], ['城关', 7571, 7711, 140, '0.018'], ['程家集', 886, 905, 19, '0.021'], ['大李集', 1054, 1064, 10, '0.009'],
  ['巩店', 2552, 2474, -78, '-0.032'], ['胡集', 2707, 2667, -40, '-0.015'], ['纪王场', 1450, 1500, 50, '0.033'], ['江集', 1634, 1649, 15, '0.009'],
  ['旧城', 1377, 1426, 49, '0.034'], ['阚疃', 4130, 4142, 12, '0.003'], ['利辛二中', 5101, 5141, 40, '0.008'], ['利辛中学', 6718, 6640, -78, '-0.012'],
  ['马店', 1659, 1675, 16, '0.010'], ['潘楼', 741, 740, -1, '-0.001'], ['汝集', 2504, 2481, -23, '-0.009'], ['师范附小', 2794, 2806, 12, '0.004'],
  ['实验小学', 4355, 4369, 14, '0.003'], ['孙集', 1327, 1326, -1, '-0.001'], ['孙庙', 992, 964, -28, '-0.029'], ['王人', 1126, 1125, -1, '-0.001'],
  ['王市', 616, 604, -12, '-0.020'], ['望疃', 1526, 1524, -2, '-0.001'], ['新张集', 837, 840, 3, '0.004'], ['永兴', 514, 533, 19, '0.036'],
  ['展沟', 717, 712, -5, '-0.007'], ['张村', 1687, 1675, -12, '-0.007'], ['中疃', 1900, 1880, -20, '-0.011'],
];

describe('a campaign built to the Lixin circular\'s published figures', () => {
  it('reproduces every district\'s onsite, registry and diff, and the published ratio to 3 decimals, in the published order', async () => {
    const dir = tempDir('xueji-lixin-');
    mkdirSync(join(dir, 'in'));
    const schools = ['学校标识码,学校名称,学区'];
    const registry = ['全国学籍号,姓名,学校标识码,年级,学籍状态'];
    const headcounts = ['学校标识码,现场核查学生数'];
    let n = 0;
    LIXIN.forEach(([district, onsite, registered], d) => {
      // Two schools per 学区, the registry split unevenly between them.
      const first = Math.floor(registered * 0.6);
      [[first, Math.floor(onsite * 0.6)], [registered - first, onsite - Math.floor(onsite * 0.6)]].forEach(([count, site], s) => {
        const code = `21341${String(d * 2 + s).padStart(5, '0')}`;
        schools.push(`${code},${district}第${s + 1}校,${district}`);
        headcounts.push(`${code},${site}`);
        for (let i = 0; i < count; i++) registry.push(`L${String(++n).padStart(8, '0')},学生,${code},${(i % 6) + 1},${i % 3 ? '在校' : ''}`);
        registry.push(`L${String(++n).padStart(8, '0')},休学生,${code},1,休学`); // not counted
      });
    });
    writeFileSync(join(dir, 'in', 'schools.csv'), schools.join('\n'));
    writeFileSync(join(dir, 'in', 'registry.csv'), registry.join('\n'));
    writeFileSync(join(dir, 'in', 'headcounts.csv'), headcounts.join('\n'));
    writeFileSync(join(dir, 'campaign.yaml'), 'name: 利辛县2015年秋季学籍核查\nas_of: 2015-12-18\ninputs:\n  schools: in/schools.csv\n  registry: in/registry.csv\n  headcounts: in/headcounts.csv\n');
    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const h = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).headcount;
    expect(h.districts.map((x: { district: string; onsite: number; registry: number; diff: number; ratio: number }) =>
      [x.district, x.onsite, x.registry, x.diff, x.ratio.toFixed(3).replace(/^-0\.000$/, '0.000')])).toEqual(LIXIN);
    expect([h.total.onsite, h.total.registry, h.total.diff, h.total.ratio.toFixed(3)]).toEqual([60135, 60216, 81, '0.001']);

    // 附件1 of the generated circular, in HTML and in 附件.xlsx, row for row with the published table.
    const html = readFileSync(join(dir, 'out', 'report', '通报.html'), 'utf8');
    const section = html.slice(html.indexOf('附件1</h3>'), html.indexOf('附件2</h3>'));
    const rows = [...section.matchAll(/<tr>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]));
    expect(rows).toEqual(LIXIN.map(([d, o, r, diff, ratio], i) => [String(i + 1), d, String(o), String(r), String(diff), ratio, '']));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'out', 'report', '附件.xlsx'));
    const sheet = book.getWorksheet('学区')!;
    LIXIN.forEach(([d, o, r, diff, ratio], i) => {
      const row = sheet.getRow(3 + i);
      expect([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value, row.getCell(5).value, (row.getCell(6).value as number).toFixed(3).replace(/^-0\.000$/, '0.000')]).toEqual([d, o, r, diff, ratio]);
    });
    expect([sheet.getRow(3 + LIXIN.length).getCell(1).value, sheet.getRow(3 + LIXIN.length).getCell(3).value, sheet.getRow(3 + LIXIN.length).getCell(4).value]).toEqual(['合计', 60135, 60216]);
  });
});
