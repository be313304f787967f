/**
 * The follow-up across campaigns (contract, "Follow-up across campaigns"), run after the rules and
 * before any output reads the findings: the previous run's findings and resolved.csv, the returned
 * fix-lists matched to the findings they answer, each finding's follow_up, resolved.csv,
 * returns_problems.csv, and summary.json `follow_up`.
 *
 * Without `previous:` returns are matched against this run's own findings (a bureau checking the
 * fix-lists it got back against a re-run of the same campaign): the answers and the return problems
 * are reported, follow_up stays empty and the previous-run counts are 0. resolved.csv and
 * returns_problems.csv are written by every run (header only when there is nothing to list), so a
 * script finds the same files in every out dir.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../../reports/write/csv-writer.js';
import type { Store } from '../check/store.js';
import type { InputFile } from '../read/table-reader.js';
import { FOLLOW_UP_SQL, answerCounts, statusCounts, targetSql, writeResolved, type AnswerCounts } from './follow-up-status.js';
import { loadPreviousRun, type PreviousRun } from './previous-run.js';
import { matchReturns, type ReturnCounts, type ReturnProblem } from './return-answers.js';
import { readReturnFiles } from './return-files.js';
import { KnownSchools } from './workbook-school.js';

/** summary.json `follow_up`, keys in the contract's order. */
export interface FollowUpSummary {
  /** The previous run's findings (rows of its findings.csv). */
  previous: number;
  new: number;
  persisting: number;
  false_claims: number;
  relapsed: number;
  /** Rows of resolved.csv. */
  resolved: number;
  answers: AnswerCounts;
  returns: ReturnCounts;
}

/** What the reports need beyond summary.json's counts and the store's tables. */
export interface FollowUpFacts {
  summary: FollowUpSummary;
  hasPrevious: boolean;
  previousName: string;
  previousAsOf: string;
  /** Schools whose workbook is among the returns (known from its title or folder). */
  returnedSchools: number;
}

export interface FollowUpOutcome {
  /** summary.json `follow_up` and what the reports need; null when the campaign has neither `previous:` nor returns. */
  facts: FollowUpFacts | null;
  /** Rows with an answer or note but no 问题编号 (not matched, so not counted; the terminal says so). */
  rowsWithoutId: number;
}

export const PROBLEM_COLUMNS = ['file', 'sheet', 'row', 'reason'];

async function writeProblems(dir: string, problems: ReturnProblem[]): Promise<void> {
  await writeFile(join(dir, 'returns_problems.csv'), '\uFEFF' + csvLine(PROBLEM_COLUMNS) + problems.map((p) => csvLine([p.file, p.sheet, p.row, p.reason])).join(''));
}

export async function runFollowUp(store: Store, previous: PreviousRun | null, returns: InputFile[], dir: string, campaignName: string): Promise<FollowUpOutcome> {
  if (!previous && returns.length === 0) {
    await Promise.all([writeResolved(store, dir, false), writeProblems(dir, [])]);
    return { facts: null, rowsWithoutId: 0 };
  }
  const previousCount = previous ? await loadPreviousRun(store, previous, campaignName) : 0;
  await store.run(targetSql(previous !== null));
  const known = new KnownSchools(new Map((await store.query<{ code: string; name: string }>(
    'SELECT school_code AS code, school_name AS name FROM follow_up_school')).map((r) => [r.code, r.name ?? ''])));
  const files = await readReturnFiles(returns, known);
  const matched = await matchReturns(store, files, previous !== null);
  if (previous) await store.run(FOLLOW_UP_SQL);
  const [resolved] = await Promise.all([writeResolved(store, dir, previous !== null), writeProblems(dir, matched.problems)]);
  const status = previous ? await statusCounts(store) : { new: 0, persisting: 0, false_claims: 0, relapsed: 0 };
  const summary = { previous: previousCount, ...status, resolved, answers: await answerCounts(store), returns: matched.counts };
  return {
    facts: {
      summary, hasPrevious: previous !== null, previousName: previous?.name ?? '', previousAsOf: previous?.asOf ?? '',
      returnedSchools: new Set(files.map((f) => f.school).filter((s) => s !== null)).size,
    },
    rowsWithoutId: files.reduce((n, f) => n + f.withoutId, 0),
  };
}
