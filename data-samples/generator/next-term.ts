/**
 * The next campaign's county, made from this one's: for every planted problem the school decides what
 * it does and what it answers on its fix-list (fixed and says so; fixed and says nothing; says
 * 已整改 but did not fix it; 无法整改 / 无需整改 with a note; leaves it), new problems appear, and
 * problems fixed before this term may come back (反弹). Deterministic for a seed.
 */
import type { Population } from './model.js';
import { Random } from './random.js';
import { FIXABLE, RELAPSING, fixPlanted, plantNew, plantedFindingId, plantedSchool, relapse, type FixRecord } from './term-changes.js';

export type Outcome = 'fixed' | 'fixed_silent' | 'false_claim' | 'cannot' | 'not_needed' | 'left';

/** What the school writes on its fix-list for a problem, by outcome. */
export const ANSWER_OF: Record<Outcome, { answer: string; note: string }> = {
  fixed: { answer: '已整改', note: '已在学籍系统中更正' },
  fixed_silent: { answer: '', note: '' },
  false_claim: { answer: '已整改', note: '已核实更正' },
  cannot: { answer: '无法整改', note: '学生随父母外出务工，暂无法联系监护人' },
  not_needed: { answer: '无需整改', note: '经核实，学籍信息与户口簿一致' },
  left: { answer: '', note: '' },
};

export interface TermDecision {
  findingId: string;
  school: string;
  rule: string;
  outcome: Outcome;
}

export interface NextTerm {
  population: Population;
  /** One per planted finding of the earlier term, in its order. */
  decisions: TermDecision[];
  /** Problems fixed between the two terms (the next call may bring some back). */
  fixes: FixRecord[];
  /** finding_id of the problems that came back, and of the new ones. */
  relapsed: string[];
  added: string[];
}

/**
 * The outcomes in turn for problems a school can fix and for those it cannot: every outcome occurs
 * in a county of a few hundred pupils; a fixable problem is mostly fixed.
 */
const FIXABLE_CYCLE: Outcome[] = ['fixed', 'false_claim', 'fixed', 'cannot', 'fixed_silent', 'fixed', 'not_needed', 'left', 'fixed', 'false_claim'];
const OTHER_CYCLE: Outcome[] = ['left', 'cannot', 'false_claim', 'not_needed', 'left', 'cannot'];

/**
 * `pop` is this term's county (left unchanged); `earlierFixes` the problems fixed before this term,
 * of which some (half, at least one) come back in the next.
 */
export function nextTerm(pop: Population, seed: number, earlierFixes: FixRecord[] = []): NextTerm {
  const random = new Random(seed);
  const next = structuredClone(pop);
  const decisions: TermDecision[] = [];
  const fixes: FixRecord[] = [];
  let fixable = 0;
  let other = 0;
  // Decided on the planted list as it stands; fixing removes entries from next.planted as it goes.
  for (const planted of [...next.planted]) {
    const canFix = FIXABLE.has(planted.rule);
    let outcome = canFix ? FIXABLE_CYCLE[fixable++ % FIXABLE_CYCLE.length] : OTHER_CYCLE[other++ % OTHER_CYCLE.length];
    const findingId = plantedFindingId(planted);
    if (outcome === 'fixed' || outcome === 'fixed_silent') {
      const record = fixPlanted(next, planted, random);
      if (record) fixes.push(record);
      else outcome = 'false_claim';
    }
    decisions.push({ findingId, school: plantedSchool(planted), rule: planted.rule, outcome });
  }
  const relapsed = earlierFixes.filter((f) => RELAPSING.has(f.rule)).filter((_, i) => i % 2 === 0).map((f) => plantedFindingId(relapse(next, f)));
  // Not on a record just put right: its old problem would seem not fixed.
  const touched = new Set(fixes.filter((f) => f.target === 'current').map((f) => next.current[f.index]));
  const added = plantNew(next, random, Math.max(3, Math.round(pop.planted.length * 0.1)), touched).map(plantedFindingId);
  return { population: next, decisions, fixes, relapsed, added };
}
