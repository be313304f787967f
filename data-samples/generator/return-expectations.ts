/**
 * What a run of the next campaign must report, worked out from what the generator planted and wrote
 * (not from a run): the return problems, the answer each problem keeps, every finding's follow_up,
 * resolved.csv's rows and summary.json `follow_up`, written as expected-*.csv / .json beside the
 * campaign. The contract's rules, applied to the rows in the order a run reads them (files as the
 * campaign's glob sorts them, sheets in tab order, rows down).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WrittenRow } from './returned-fix-lists.js';

const ANSWERS = new Set(['已整改', '无需整改', '无法整改']);

export interface ExpectedProblem {
  file: string;
  sheet: string;
  row: number;
  kind: 'unknown' | 'other_school' | 'bad_answer' | 'conflict';
}

export interface Expectations {
  problems: ExpectedProblem[];
  /** finding_id → follow_up, for every finding of the new campaign. */
  followUp: Map<string, string>;
  /** The previous campaign's findings gone now, with the answer and note they keep. */
  resolved: { findingId: string; answer: string; note: string }[];
  summary: Record<string, unknown>;
}

/**
 * `previous`: the previous campaign's findings (finding_id → school); `beforeResolved`: finding_id of
 * its own resolved.csv; `current`: finding_id of the new campaign's findings; `files`: the returns written.
 */
export function expectFollowUp(rows: WrittenRow[], files: string[], previous: Map<string, string>, beforeResolved: Set<string>, current: string[]): Expectations {
  const order = [...files].sort();
  const inOrder = [...rows].sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
  const problems: ExpectedProblem[] = [];
  const first = new Map<string, string>();
  const taken = new Map<string, WrittenRow[]>();
  const conflicted = new Set<string>();
  for (const r of inOrder) {
    const at = { file: r.file, sheet: r.sheet, row: r.row };
    const owner = previous.get(r.findingId);
    if (owner === undefined) { problems.push({ ...at, kind: 'unknown' }); continue; }
    if (owner !== r.school) { problems.push({ ...at, kind: 'other_school' }); continue; }
    if (r.answer !== '' && !ANSWERS.has(r.answer)) { problems.push({ ...at, kind: 'bad_answer' }); continue; }
    if (r.answer !== '') {
      const earlier = first.get(r.findingId);
      if (earlier === undefined) first.set(r.findingId, r.answer);
      else if (earlier !== r.answer) { problems.push({ ...at, kind: 'conflict' }); conflicted.add(r.findingId); continue; }
    }
    taken.set(r.findingId, [...(taken.get(r.findingId) ?? []), r]);
  }
  const answerOf = (id: string) => (conflicted.has(id) ? '' : first.get(id) ?? '');
  const noteOf = (id: string) => [...new Set((taken.get(id) ?? []).map((r) => r.note).filter(Boolean))].sort().join('；');
  const now = new Set(current);
  const followUp = new Map(current.map((id) => [id,
    previous.has(id) ? (answerOf(id) === '已整改' ? '整改不实' : '未整改') : beforeResolved.has(id) ? '反弹' : '新增']));
  const resolved = [...previous.keys()].filter((id) => !now.has(id)).map((findingId) => ({ findingId, answer: answerOf(findingId), note: noteOf(findingId) }));
  const count = (status: string) => [...followUp.values()].filter((s) => s === status).length;
  const answers = [...previous.keys()].map(answerOf);
  const summary = {
    previous: previous.size, new: count('新增'), persisting: count('未整改'), false_claims: count('整改不实'), relapsed: count('反弹'), resolved: resolved.length,
    answers: { 已整改: answers.filter((a) => a === '已整改').length, 无需整改: answers.filter((a) => a === '无需整改').length, 无法整改: answers.filter((a) => a === '无法整改').length, 未填: answers.filter((a) => a === '').length },
    returns: { files: files.length, rows: rows.length, matched: rows.filter((r) => previous.has(r.findingId)).length, problems: problems.length },
  };
  return { problems, followUp, resolved, summary };
}

const csv = (lines: (string | number)[][]) => `\uFEFF${lines.map((l) => l.map((v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n')}\r\n`;

/** expected-follow-up.csv, expected-resolved.csv, expected-returns-problems.csv and expected-follow-up.json in `dir`. */
export async function writeExpectations(dir: string, e: Expectations): Promise<void> {
  await writeFile(join(dir, 'expected-follow-up.csv'), csv([['finding_id', 'follow_up'], ...[...e.followUp].sort()]));
  await writeFile(join(dir, 'expected-resolved.csv'), csv([['finding_id', 'answer', 'note'], ...e.resolved.map((r) => [r.findingId, r.answer, r.note]).sort()]));
  await writeFile(join(dir, 'expected-returns-problems.csv'), csv([['file', 'sheet', 'row', 'kind'], ...e.problems.map((p) => [p.file, p.sheet, p.row, p.kind])]));
  await writeFile(join(dir, 'expected-follow-up.json'), JSON.stringify(e.summary, null, 2) + '\n');
}
