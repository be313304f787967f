/**
 * Campaigns term after term (`--terms N`, or `--term2-of OUT` after a run of term 1): each later term is
 * the county after the schools acted on their fix-lists (next-term.ts), with `previous:` pointing at
 * the earlier term's out dir and the fix-lists returned, filled in and edited (returned-fix-lists.ts),
 * plus what a run must report (return-expectations.ts). Building a term's returns needs the earlier
 * term's fix-lists, so `--terms` runs xueji (the built CLI) on every term but the last.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCampaign, type CampaignMeta } from './campaign-files.js';
import type { Population } from './model.js';
import { nextTerm } from './next-term.js';
import { expectFollowUp, writeExpectations } from './return-expectations.js';
import { writeReturns } from './returned-fix-lists.js';
import { plantedFindingId, type FixRecord } from './term-changes.js';

const CLI = fileURLToPath(new URL('../../pipeline/cli.js', import.meta.url));

/** Term 1 is the autumn campaign; term 2 the spring one; term 3 the spring re-check; all in one school year. */
export function termMeta(term: number, schoolYear: number): CampaignMeta {
  const Y = schoolYear;
  const base = { county: '利辛县' };
  if (term === 1) return { ...base, name: `利辛县${Y}年秋季学期中小学学籍核查`, asOf: `${Y}-10-28`, deadline: `${Y}-11-18` };
  if (term === 2) return { ...base, name: `利辛县${Y + 1}年春季学期中小学学籍核查`, asOf: `${Y + 1}-03-20`, deadline: `${Y + 1}-04-10` };
  if (term === 3) return { ...base, name: `利辛县${Y + 1}年春季学期学籍核查整改复查`, asOf: `${Y + 1}-05-20`, deadline: `${Y + 1}-06-10` };
  return { ...base, name: `利辛县${Y}学年第${term}次学籍核查`, asOf: `${Y + 1}-06-${String(Math.min(28, 10 + term)).padStart(2, '0')}`, deadline: `${Y + 1}-07-${String(Math.min(28, 10 + term)).padStart(2, '0')}` };
}

/** What a later term needs to know of the terms before it. */
export interface TermState {
  population: Population;
  /** Problems fixed between the last two terms (some come back in the next). */
  fixes: FixRecord[];
  /** finding_id of the last term's resolved.csv. */
  resolved: Set<string>;
}

/**
 * Writes term `term` into `dir` from the term before it (`state`, run into `previousOut`). Returns the
 * state the term after it needs.
 */
export async function writeNextTerm(state: TermState, previousOut: string, dir: string, term: number, seed: number): Promise<TermState> {
  const next = nextTerm(state.population, seed + term, state.fixes);
  const ids = new Map(next.decisions.map((d) => [d.findingId, d.school]));
  if (ids.size !== next.decisions.length) throw new Error('two planted findings share a finding_id');
  await writeCampaign(next.population, dir, { ...termMeta(term, state.population.schoolYear), previous: relative(dir, previousOut).split('\\').join('/'), returns: 'returns/**/*.xlsx' });
  const returns = await writeReturns(previousOut, dir, next.decisions);
  const expected = expectFollowUp(returns.rows, returns.files, ids, state.resolved, next.population.planted.map(plantedFindingId));
  await writeExpectations(dir, expected);
  return { population: next.population, fixes: next.fixes, resolved: new Set(expected.resolved.map((r) => r.findingId)) };
}

/** Runs the built xueji on a campaign folder into its out/. */
export function runTerm(dir: string): string {
  const out = join(dir, 'out');
  const run = spawnSync(process.execPath, [CLI, 'run', join(dir, 'campaign.yaml'), '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`xueji run ${dir} failed (exit ${run.status})`);
  return out;
}

/** term1/ … termN/ in `root`; every term but the last also run into its out/. */
export async function writeTerms(population: Population, root: string, terms: number, seed: number): Promise<void> {
  const first = join(root, 'term1');
  await writeCampaign(population, first, termMeta(1, population.schoolYear));
  let state: TermState = { population, fixes: [], resolved: new Set() };
  for (let term = 2; term <= terms; term++) {
    const previousOut = runTerm(join(root, `term${term - 1}`));
    state = await writeNextTerm(state, previousOut, join(root, `term${term}`), term, seed);
  }
}

/** Term 2 alone, after a run (in `previousOut`) of term 1 as the generator writes it with the same options. */
export async function writeTerm2(population: Population, previousOut: string, dir: string, seed: number): Promise<void> {
  if (!existsSync(join(previousOut, 'schools'))) throw new Error(`${previousOut}: not the out dir of a run (no schools/ folder)`);
  await writeNextTerm({ population, fixes: [], resolved: new Set() }, resolve(previousOut), resolve(dir), 2, seed);
}
