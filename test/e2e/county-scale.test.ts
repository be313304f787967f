import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareFindings, parseCsv } from '../helpers/findings-compare.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

const GEN = fileURLToPath(new URL('../../dist/data-samples/generator/cli.js', import.meta.url));

describe('a generated county of 24,000 pupils', () => {
  it('every rule finds exactly the planted findings (precision and recall 1.0) and names their rows', () => {
    const dir = tempDir('xueji-county-');
    execFileSync(process.execPath, [GEN, '--students', '24000', '--seed', '7', '--out', dir], { stdio: 'ignore' });
    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const scores = compareFindings(join(dir, 'expected-findings.csv'), join(dir, 'out', 'findings.csv'));
    expect(Object.keys(scores)).toHaveLength(21);
    for (const [rule, s] of Object.entries(scores)) {
      expect(s.expected).toBeGreaterThan(0);
      expect([rule, s.missing.slice(0, 5), s.extra.slice(0, 5)]).toEqual([rule, [], []]);
    }
    // summary.json roster agrees with the roster rules' findings school by school, and adds up.
    const findings = parseCsv(readFileSync(join(dir, 'out', 'findings.csv'), 'utf8'));
    const roster = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).roster as { schools: ({ school_code: string } & Record<string, number>)[]; total: Record<string, number> };
    const counted = (rule: string, code: string) => findings.filter((f) => f.rule === rule && f.school_code === code).length;
    for (const s of roster.schools) {
      expect([s.school_code, s.registered_not_attending, s.attending_unregistered, s.attending_elsewhere]).toEqual([s.school_code,
        counted('REGISTERED_NOT_ATTENDING', s.school_code), counted('ATTENDING_UNREGISTERED', s.school_code), counted('ATTENDING_ELSEWHERE', s.school_code)]);
      expect(s.roster).toBe(s.matched + s.attending_unregistered + s.attending_elsewhere);
    }
    expect(roster.total.registered_not_attending).toBe(scores.REGISTERED_NOT_ATTENDING.found);
  });
});
