/**
 * Planted cases for the contract's "Never silent" rules, only with `--never-silent-cases` (the committed
 * sample is made without them): values normalisation cannot read (VALUE_UNREADABLE), records at a
 * school not in the school list (SCHOOL_UNKNOWN), and two records sharing a 全国学籍号 (DUPLICATE_ID).
 * Every case is an extra record (or an original plus an extra one) with no previous-year record, so no
 * other planted finding changes; head counts are computed from what the store will read.
 */
import type { Pupil, School } from './model.js';
import type { Random } from './random.js';

export interface NeverSilentContext {
  random: Random;
  schools: School[];
  /** A clean pupil of the grade at the school (not yet in the population). */
  makePupil: (grade: number, school: School) => Pupil;
  /** Unused current pupils (not on the new-student list) matching `where`, marked used. */
  take: (count: number, where?: (p: Pupil) => boolean) => Pupil[];
  /** Adds an extra current record that has no previous-year record. */
  addRecord: (p: Pupil) => void;
  plant: (rule: string, p: Pupil) => void;
}

/** A code no generated school has (codes count up from 2134160001). */
const UNKNOWN_SCHOOL_CODE = '2134169999';

export function plantNeverSilentCases(ctx: NeverSilentContext, k: number): void {
  const { random, schools, makePupil, addRecord, plant } = ctx;
  const primaries = schools.filter((s) => s.level === '小学');
  // Unreadable values, one column each: an impossible date, digits only (no Excel serial in text), a
  // year and month only, a grade, a sex and a status outside the lists.
  const unreadable: ((p: Pupil) => void)[] = [
    (p) => { p.rawCells = { birth: `${p.birth.slice(0, 4)}-02-30` }; },
    (p) => { p.rawCells = { birth: p.birth.slice(0, 4) }; },
    (p) => { p.rawCells = { birth: p.birth.slice(0, 7) }; },
    (p) => { p.rawCells = { grade: '十年级' }; },
    (p) => { p.rawCells = { sex: '未知' }; },
    (p) => { p.status = '未知'; },
  ];
  for (let i = 0; i < Math.max(k, unreadable.length); i++) {
    const p = makePupil(random.int(2, 6), random.pick(primaries));
    unreadable[i % unreadable.length](p);
    addRecord(p);
    plant('VALUE_UNREADABLE', p);
  }
  // Records at a school the school list does not have, written into an existing district's file.
  const host = random.pick(primaries);
  const unknown: School = { ...host, code: UNKNOWN_SCHOOL_CODE, name: `${host.district}不在名录小学` };
  for (let i = 0; i < Math.max(k, 2); i++) {
    const p = makePupil(random.int(2, 6), unknown);
    addRecord(p);
    plant('SCHOOL_UNKNOWN', p);
  }
  // Another pupil registered under an existing pupil's 全国学籍号.
  for (const p of ctx.take(k, (x) => x.grade >= 2)) {
    const q = makePupil(p.grade, random.pick(schools.filter((s) => s.grades.includes(p.grade))));
    q.studentNo = p.studentNo;
    addRecord(q);
    plant('DUPLICATE_ID', p);
    plant('DUPLICATE_ID', q);
  }
}
