import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPopulation } from '../../data-samples/generator/population.js';
import { compareFindings } from '../helpers/findings-compare.js';
import { runCli } from '../helpers/cli.js';
import { queryStore } from '../helpers/store.js';
import { tempDir } from '../helpers/workbook.js';

const SAMPLE = fileURLToPath(new URL('../../data-samples/sample/campaign.yaml', import.meta.url));

describe('the committed sample campaign', () => {
  const out = join(tempDir(), 'out');
  const run = runCli(['run', SAMPLE, '--out', out, '--store']);

  it('runs to completion', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('loads every generated record of every table (the sample is the generator at its defaults)', async () => {
    const pop = buildPopulation({ students: 400, seed: 20251028, schoolYear: 2025 });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.rows.read).toBe(summary.rows.loaded + summary.rows.rejected);
    expect(summary.rows.rejected).toBe(0);
    const counts = await queryStore<{ t: string; n: number }>(join(out, 'xueji.duckdb'), `
      SELECT 'registry' t, count(*)::INT n FROM registry UNION ALL SELECT 'previous_registry', count(*)::INT FROM previous_registry
      UNION ALL SELECT 'schools', count(*)::INT FROM schools UNION ALL SELECT 'new_students', count(*)::INT FROM new_students
      UNION ALL SELECT 'preschool', count(*)::INT FROM preschool UNION ALL SELECT 'headcounts', count(*)::INT FROM headcounts
      UNION ALL SELECT 'quotas', count(*)::INT FROM quotas UNION ALL SELECT 'roster', count(*)::INT FROM roster
      UNION ALL SELECT 'vocational_new', count(*)::INT FROM vocational_new`);
    const extra = pop.roster!;
    expect(Object.fromEntries(counts.map((c) => [c.t, c.n]))).toEqual({
      registry: pop.current.length + extra.statusChanges.length, previous_registry: pop.previous.length + extra.previousLeave.length, schools: pop.schools.length,
      new_students: pop.newStudents.length, preschool: pop.preschool.length, headcounts: pop.headcounts.length, quotas: pop.quotas.length,
      roster: extra.files.reduce((n, f) => n + f.rows.length, 0), vocational_new: extra.vocational.reduce((n, f) => n + f.rows.length, 0),
    });
  });

  it('normalises what the messy files hold: every date, grade, sex and school code resolved', async () => {
    const [r] = await queryStore<Record<string, number>>(join(out, 'xueji.duckdb'), `
      SELECT count(*) FILTER (WHERE birth_date IS NULL)::INT AS no_birth, count(*) FILTER (WHERE grade IS NULL)::INT AS no_grade,
             count(*) FILTER (WHERE sex IS NULL)::INT AS no_sex, count(*) FILTER (WHERE school_code NOT IN (SELECT school_code FROM schools))::INT AS unknown_school,
             count(*) FILTER (WHERE status NOT IN ('在校', '休学', '退学', '转出'))::INT AS other_status FROM registry`);
    expect(r).toEqual({ no_birth: 0, no_grade: 0, no_sex: 0, unknown_school: 0, other_status: 0 });
  });

  it('finds exactly the findings the generator planted, pointing at the right rows', () => {
    const scores = compareFindings(fileURLToPath(new URL('../../data-samples/sample/expected-findings.csv', import.meta.url)), join(out, 'findings.csv'));
    expect(Object.keys(scores)).toHaveLength(21);
    for (const [rule, s] of Object.entries(scores)) expect([rule, s.missing, s.extra]).toEqual([rule, [], []]);
  });

  it('summary.json roster equals what the generator planted, school by school (schools without a roster not listed)', () => {
    const pop = buildPopulation({ students: 400, seed: 20251028, schoolYear: 2025 });
    const plan = pop.roster!;
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const want = new Map<string, Record<string, number>>();
    const of = (code: string) => want.get(code) ?? want.set(code, { registry: 0, roster: 0, matched: 0, registered_not_attending: 0, attending_unregistered: 0, attending_elsewhere: 0 }).get(code)!;
    for (const row of plan.files.flatMap((f) => f.rows)) {
      const s = of(row.school.code);
      s.roster++;
      if (row.outcome === 'matched') s.matched++;
      else if (row.outcome === 'ATTENDING_UNREGISTERED') s.attending_unregistered++;
      else s.attending_elsewhere++;
    }
    for (const p of pop.current) if (want.has(p.school.code) && (p.status === '在校' || p.status === '在籍在校')) of(p.school.code).registry++;
    for (const p of pop.planted) if (p.rule === 'REGISTERED_NOT_ATTENDING' && p.on === 'pupil') of(p.pupil.school.code).registered_not_attending++;
    expect(plan.sentNone.length).toBeGreaterThan(0);
    const got = summary.roster as { schools: ({ school_code: string } & Record<string, number>)[]; total: Record<string, number> };
    expect(Object.fromEntries(got.schools.map(({ school_code, district: _d, school_name: _n, ...counts }) => [school_code, counts]))).toEqual(Object.fromEntries(want));
    for (const key of Object.keys(got.total)) expect([key, got.total[key]]).toEqual([key, got.schools.reduce((n, s) => n + s[key], 0)]);
  });

  it('gives every finding the contract\'s finding_id: SHA-256 of rule|student_key, or rule|school_code|grade for a group', async () => {
    const rows = await queryStore<{ rule: string; student_key: string | null; school_code: string; grade: number | null; finding_id: string }>(join(out, 'xueji.duckdb'),
      'SELECT rule, student_key, school_code, grade, finding_id FROM findings');
    const groupRules = new Set(['HEADCOUNT_GAP', 'OVER_QUOTA']);
    expect(rows.some((r) => groupRules.has(r.rule))).toBe(true); // the group clause is exercised (an empty grade: group-rules.test.ts)
    for (const r of rows) {
      const key = groupRules.has(r.rule) ? `${r.rule}|${r.school_code}|${r.grade ?? ''}` : `${r.rule}|${r.student_key ?? ''}`;
      expect([r.rule, r.finding_id]).toEqual([r.rule, createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12)]);
    }
    expect(readFileSync(join(out, 'findings.csv'), 'utf8').split('\r\n')[0]).toContain(',finding_id,follow_up');
  });

  it('a later run without --store takes the earlier store file away (it would not match the new findings)', () => {
    const again = join(tempDir(), 'out');
    expect(runCli(['run', SAMPLE, '--out', again, '--store']).code).toBe(0);
    expect(existsSync(join(again, 'xueji.duckdb'))).toBe(true);
    expect(runCli(['run', SAMPLE, '--out', again]).code).toBe(0);
    expect(existsSync(join(again, 'xueji.duckdb'))).toBe(false);
    expect(readFileSync(join(again, 'findings.csv'), 'utf8')).toBe(readFileSync(join(out, 'findings.csv'), 'utf8'));
  });
});
