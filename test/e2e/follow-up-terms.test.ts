/**
 * Three campaigns end to end on generated data: `npm run gen -- --terms 3` writes term1..term3 (running
 * xueji on the first two to get their fix-lists, which it fills in and edits as schools do), then term 3
 * is run here. Each later term's outputs must be what the generator planted and wrote: findings,
 * follow_up, resolved.csv, returns_problems.csv and summary.json `follow_up`; the reports show them.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { compareFindings, parseCsv } from '../helpers/findings-compare.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

const GEN = fileURLToPath(new URL('../../dist/data-samples/generator/cli.js', import.meta.url));
const root = join(tempDir('xueji-terms-'), 'county');
const gen = spawnSync(process.execPath, [GEN, '--students', '400', '--out', root, '--terms', '3'], { encoding: 'utf8' });
const run3 = runCli(['run', join(root, 'term3', 'campaign.yaml')]);
const csv = (path: string) => parseCsv(readFileSync(path, 'utf8'));

describe.each(['term2', 'term3'])('the %s campaign after the one before it', (term) => {
  const dir = join(root, term);
  const out = join(dir, 'out');

  it('is generated and runs', () => {
    expect([gen.status, gen.stderr.split('\n').filter((l) => /错误|error/i.test(l))]).toEqual([0, []]);
    expect([run3.code, run3.stderr]).toEqual([0, '']);
  });

  it('finds exactly the findings planted: fixed problems gone, new and relapsed ones there', () => {
    for (const [rule, s] of Object.entries(compareFindings(join(dir, 'expected-findings.csv'), join(out, 'findings.csv')))) expect([rule, s.missing, s.extra]).toEqual([rule, [], []]);
  });

  it('gives every finding the follow_up the contract defines', () => {
    const got = csv(join(out, 'findings.csv')).map((r) => [r.finding_id, r.follow_up]).sort();
    const expected = csv(join(dir, 'expected-follow-up.csv')).map((r) => [r.finding_id, r.follow_up]).sort();
    expect(got).toEqual(expected);
  });

  it('lists the previous findings gone now in resolved.csv, with the answer and note each kept', () => {
    const got = csv(join(out, 'resolved.csv')).map((r) => [r.finding_id, r.answer, r.note]).sort();
    expect(got).toEqual(csv(join(dir, 'expected-resolved.csv')).map((r) => [r.finding_id, r.answer, r.note]).sort());
  });

  it('lists every planted return problem at its file, sheet and row, and nothing else', () => {
    const got = csv(join(out, 'returns_problems.csv'));
    const expected = csv(join(dir, 'expected-returns-problems.csv'));
    expect(got.map((r) => [r.file, r.sheet, r.row])).toEqual(expected.map((r) => [r.file, r.sheet, r.row]));
    const words: Record<string, string> = { unknown: '不是上次核查通报的问题', other_school: '不属于本校', bad_answer: '之一', conflict: '均未采用' };
    got.forEach((r, i) => expect(r.reason).toContain(words[expected[i].kind]));
  });

  it('counts in summary.json follow_up what the generator expects', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.follow_up).toEqual(JSON.parse(readFileSync(join(dir, 'expected-follow-up.json'), 'utf8')));
  });

  it('shows the follow-up in the circular, 附件.xlsx (整改落实) and index.html, with summary.json\'s numbers', async () => {
    const f = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).follow_up;
    const circular = readFileSync(join(out, 'report', '通报.html'), 'utf8');
    expect(circular).toContain('二、整改落实情况');
    expect(circular).toContain(`通报问题${f.previous}条`);
    expect(circular).toContain(`已整改到位${f.resolved}条，整改率${(f.resolved / f.previous * 100).toFixed(2)}%`);
    expect(circular).toContain(`仍然存在的共${f.false_claims}条`);
    // Aggregates only: no pupil's name or key from the findings.
    for (const r of csv(join(out, 'findings.csv'))) for (const v of [r.student_name, r.student_key]) if (v && v.length > 2) expect(circular).not.toContain(v);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'report', '附件.xlsx'));
    const sheet = book.getWorksheet('整改落实')!;
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '学区', '学校', '学校标识码', '上次通报问题数', '已整改', '仍未整改', '其中整改不实', '整改率', '本次新增问题', '反弹']);
    const total = sheet.getRow(sheet.rowCount).values as unknown[];
    expect(total.slice(5, 9).concat(total.slice(10))).toEqual([f.previous, f.resolved, f.previous - f.resolved, f.false_claims, f.new, f.relapsed]);
    const index = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    expect(index).not.toContain('[object');
    const review = index.slice(index.indexOf('id="follow-up-review"'), index.indexOf('</table>', index.indexOf('id="follow-up-review"')));
    expect(review.match(/<tr><td>/g)?.length ?? 0).toBe(f.answers.无需整改 + f.answers.无法整改);
  });
});

describe('the generated terms cover every case', () => {
  it('term 2 has 新增, 未整改 and 整改不实, term 3 反弹, and every kind of return problem is planted', () => {
    const statuses = (term: string) => new Set(csv(join(root, term, 'expected-follow-up.csv')).map((r) => r.follow_up));
    expect(statuses('term2')).toEqual(new Set(['新增', '未整改', '整改不实']));
    expect(statuses('term3').has('反弹')).toBe(true);
    expect(new Set(csv(join(root, 'term2', 'expected-returns-problems.csv')).map((r) => r.kind))).toEqual(new Set(['unknown', 'other_school', 'bad_answer', 'conflict']));
    const answers = JSON.parse(readFileSync(join(root, 'term2', 'expected-follow-up.json'), 'utf8')).answers;
    for (const n of Object.values(answers)) expect(n).toBeGreaterThan(0);
  });
});

describe('a previous: that is not an xueji out dir', () => {
  it('stops the run at once with one line naming it, before any output is written', () => {
    const campaign = join(root, 'term2', 'campaign-wrong-previous.yaml');
    writeFileSync(campaign, readFileSync(join(root, 'term2', 'campaign.yaml'), 'utf8').replace(/^previous: .*$/m, 'previous: ../term1'));
    const out = join(root, 'term2', 'out-wrong');
    const r = runCli(['run', campaign, '--out', out]);
    expect([r.code, r.stderr.trim().split('\n')]).toEqual([1, [expect.stringMatching(/^xueji: 错误: campaign-wrong-previous\.yaml: previous: “\.\.\/term1”（.*term1）不是 xueji 的输出目录（没有 findings\.csv、summary\.json）$/)]]);
    expect(existsSync(out)).toBe(false);
  });
});
