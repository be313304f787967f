/**
 * 中职新生名单 (seed 001 附件2) of two vocational schools: their new students, mostly from outside the
 * registry; planted, grade-10 在校 pupils a high school also admitted (found by ID, by 学籍号, by both,
 * by an ID typed with spaces; one on both lists, reported once); traps that must not fire: 休学 and
 * grade-11 pupils, a namesake with another ID, an ID damaged by Excel (not compared).
 */
import type { Population, Pupil } from './model.js';
import type { Random } from './random.js';
import type { CountyKeys } from './roster-plan.js';

export interface VocationalRow {
  studentNo: string;
  name: string;
  sex: '男' | '女';
  birth: string;
  id: string;
  school: string;
  file?: string;
  row?: number;
}

export interface VocationalFile {
  path: string;
  style: 'V1' | 'V2';
  school: string;
  rows: VocationalRow[];
}

const inSchool = (p: Pupil) => p.status === '在校' || p.status === '在籍在校';

export function planVocational(pop: Population, random: Random, keys: CountyKeys, k: number): VocationalFile[] {
  const files: VocationalFile[] = [
    { path: 'zz/利辛县职业教育中心新生名单.xlsx', style: 'V1', school: '利辛县职业教育中心', rows: [] },
    { path: 'zz/亳州中药科技学校新生名单.xlsx', style: 'V2', school: '亳州中药科技学校', rows: [] },
  ];
  const listOn = (f: VocationalFile, p: Pupil, keep: { no: boolean; id: boolean | string }) => f.rows.push({
    studentNo: keep.no ? p.studentNo : '', name: p.name, sex: p.sexColumn, birth: p.birthColumn,
    id: typeof keep.id === 'string' ? keep.id : keep.id ? p.id : '', school: f.school,
  });
  for (let i = 0; i < Math.max(8, k * 4); i++) {
    const person = keys.newPerson(random, 10, pop.schoolYear);
    const id = keys.newId(random, person.birth, person.sex, random.pick(['341623', '341621', '341282']));
    random.pick(files).rows.push({ ...person, id, studentNo: i % 2 ? `G${id}` : '', school: '' });
  }
  const grade10 = random.shuffle(pop.current.filter((p) => p.grade === 10 && !keys.entangled.has(p)));
  grade10.filter(inSchool).slice(0, k).forEach((p, i) => {
    const f = files[i % 2];
    const variant = keys.idUsable(p) ? i % 4 : 1;
    if (variant === 0) listOn(f, p, { no: false, id: true });
    else if (variant === 1) listOn(f, p, { no: true, id: false });
    else if (variant === 2) listOn(f, p, { no: true, id: true });
    else listOn(f, p, { no: false, id: `${p.id.slice(0, 6)} ${p.id.slice(6, 14)} ${p.id.slice(14).toLowerCase()}` });
    if (i === 0) listOn(files[1], p, { no: true, id: keys.idUsable(p) });
    pop.planted.push({ rule: 'VOCATIONAL_DUAL_ADMISSION', on: 'pupil', pupil: p });
  });
  for (const p of grade10.filter((x) => x.status === '休学').slice(0, 2)) listOn(files[0], p, { no: true, id: true });
  for (const p of random.shuffle(pop.current.filter((x) => x.grade === 11 && inSchool(x) && !keys.entangled.has(x))).slice(0, 2)) listOn(files[1], p, { no: true, id: true });
  const namesake = grade10.find((p) => inSchool(p) && !p.idExcelDamaged && p.id.length === 18);
  if (namesake) files[0].rows.push({ studentNo: '', name: namesake.name, sex: namesake.sexColumn, birth: namesake.birthColumn, id: keys.newId(random, namesake.birth, namesake.sex), school: files[0].school });
  const damaged = grade10.find((p) => inSchool(p) && p.idExcelDamaged);
  if (damaged) listOn(files[1], damaged, { no: false, id: true });
  for (const f of files) f.rows = random.shuffle(f.rows).map((r) => ({ ...r, school: f.school }));
  return files;
}
