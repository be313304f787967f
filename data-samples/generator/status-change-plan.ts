/**
 * Records whose 学籍状态 is not 在校, exported apart from the 在校 ones (a 学籍异动 export), and last
 * year's 休学 records: SUSPENSION_OVERDUE (休学 now and last year; a third found by the ID, their
 * 学籍号 having changed) and DROPOUT_COMPULSORY (退学 in grades 1–9) planted, with traps: 休学 for the
 * first time, 退学 in high school, 转出 in a compulsory grade. None of them is 在校, so no head count,
 * quota or roster is changed by them; each is otherwise a clean record.
 */
import type { Population, Pupil, School } from './model.js';
import type { Random } from './random.js';
import type { CountyKeys } from './roster-plan.js';

export function planStatusChanges(pop: Population, random: Random, keys: CountyKeys, k: number): { current: Pupil[]; previous: Pupil[] } {
  const current: Pupil[] = [];
  const previous: Pupil[] = [];
  const schoolFor = (grade: number): School => random.pick(pop.schools.filter((s) => s.grades.includes(grade)));
  const add = (grade: number, status: string): Pupil => {
    const p = keys.newPupil(random, schoolFor(grade), grade, pop.schoolYear, status);
    current.push(p);
    return p;
  };
  for (let i = 0; i < k; i++) {
    // 休学 last year in the same grade and school (休学 keeps the grade), and 休学 again now. Not 高三:
    // 高三 in both years is GRADE_REPEAT's 高三复读生 whatever the status.
    const p = add(random.int(1, 11), '休学');
    const before: Pupil = { ...p, members: [], className: `${p.grade}年级(${random.int(1, 3)})班` };
    if (i % 3 === 2) before.studentNo = keys.newNumber(`L341623${p.birth.replace(/-/g, '')}`);
    previous.push(before);
    pop.planted.push({ rule: 'SUSPENSION_OVERDUE', on: 'pupil', pupil: p });
  }
  for (let i = 0; i < Math.max(1, Math.floor(k / 2)); i++) add(random.int(1, 12), '休学');
  for (let i = 0; i < k; i++) pop.planted.push({ rule: 'DROPOUT_COMPULSORY', on: 'pupil', pupil: add(random.int(1, 9), '退学') });
  for (let i = 0; i < Math.max(1, Math.floor(k / 2)); i++) {
    add(random.int(10, 12), '退学');
    add(random.int(1, 9), '转出');
  }
  return { current, previous };
}
