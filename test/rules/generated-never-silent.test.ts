import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareFindings } from '../helpers/findings-compare.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

const GEN = fileURLToPath(new URL('../../dist/data-samples/generator/cli.js', import.meta.url));

describe('a generated county with the never-silent cases planted (--never-silent-cases)', () => {
  it('VALUE_UNREADABLE, SCHOOL_UNKNOWN and the repeated 学籍号 fire exactly where planted, and every other rule stays exact', () => {
    const dir = tempDir('xueji-never-silent-');
    execFileSync(process.execPath, [GEN, '--students', '3000', '--seed', '11', '--never-silent-cases', '--out', dir], { stdio: 'ignore' });
    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const scores = compareFindings(join(dir, 'expected-findings.csv'), join(dir, 'out', 'findings.csv'));
    for (const rule of ['VALUE_UNREADABLE', 'SCHOOL_UNKNOWN', 'DUPLICATE_ID']) expect([rule, scores[rule].expected > 0]).toEqual([rule, true]);
    for (const [rule, s] of Object.entries(scores)) expect([rule, s.missing.slice(0, 5), s.extra.slice(0, 5)]).toEqual([rule, [], []]);
    const kinds = new Set(JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).warnings.map((w: { kind: string }) => w.kind));
    expect(kinds).toEqual(new Set(['missing_column', 'unreadable_value', 'unknown_school']));
  });
});
