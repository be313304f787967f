/**
 * The rosters (在校生花名册) and the 中职新生名单 of a synthetic county, with planted cases and traps for
 * the roster rules, VOCATIONAL_DUAL_ADMISSION, and the status-change records (休学 twice, 退学 in
 * compulsory grades) in exports of their own. Drawn from a random stream of its own, after the rest of
 * the county is built: the county's other files are exactly what they were without it.
 *
 * Every roster row says what it must come to (matched / 在读无学籍 / 人籍分离); a row keeps a key that
 * can only reach its own pupil (学籍号 always unique; ID and 姓名+性别+出生日期 only where no other record
 * shares them), so each planted outcome follows from the contract alone, not from a tie-break.
 */
import { makeId, makeMobile, makeName } from './identity.js';
import type { Planted, Population, Pupil, School } from './model.js';
import { Random } from './random.js';
import { planStatusChanges } from './status-change-plan.js';
import { planVocational, type VocationalFile } from './vocational-plan.js';

export type RosterStyleKey = 'R1' | 'R2' | 'R3';

export interface RosterRow {
  school: School;
  /** The registry record the row stands for; none for a pupil without a record. */
  pupil?: Pupil;
  name: string;
  sex: '男' | '女';
  birth: string;
  id: string;
  studentNo: string;
  grade: number;
  className: string;
  outcome: 'matched' | 'ATTENDING_UNREGISTERED' | 'ATTENDING_ELSEWHERE';
  /** The finding's student_key, for the two planted outcomes. */
  key?: string;
  file?: string;
  row?: number;
}

export interface RosterFile {
  path: string;
  style: RosterStyleKey;
  /** The school (per-school file) or 学区 (per-学区 file) named in the title. */
  title: string;
  rows: RosterRow[];
}

export interface RosterPlan {
  files: RosterFile[];
  /** Schools that sent no roster (not judged). */
  sentNone: School[];
  vocational: VocationalFile[];
  /** Current records that are not 在校 (休学, 退学, 转出), exported apart; and last year's 休学 records. */
  statusChanges: Pupil[];
  previousLeave: Pupil[];
}

/** Whether the style has a 出生日期 column (R2, a 学区's list typed from ID cards, has none). */
export const hasBirthColumn = (style: RosterStyleKey): boolean => style !== 'R2';

const inSchool = (p: Pupil) => p.status === '在校' || p.status === '在籍在校';
const normId = (id: string) => id.replace(/\s/g, '').toUpperCase();
const personKey = (name: string, sex: string, birth: string) => `${name}|${sex}|${birth}`;
const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What the county already holds: which keys are taken, which pupils are copies of others. */
export class CountyKeys {
  readonly ids = new Map<string, number>();
  readonly persons = new Map<string, number>();
  readonly numbers = new Set<string>();
  /** Pupils registered twice (a copy or its original): their rows keep every key. */
  readonly entangled = new Set<Pupil>();

  constructor(pop: Population) {
    for (const p of pop.current) {
      if (p.id) this.ids.set(normId(p.id), (this.ids.get(normId(p.id)) ?? 0) + 1);
      const key = personKey(p.name, p.sexColumn, p.birthColumn);
      this.persons.set(key, (this.persons.get(key) ?? 0) + 1);
      if (p.duplicateOf) this.entangled.add(p).add(p.duplicateOf);
    }
    for (const p of [...pop.current, ...pop.previous]) this.numbers.add(p.studentNo.toUpperCase());
    for (const e of [...pop.newStudents, ...pop.preschool]) if (e.id) this.ids.set(normId(e.id), (this.ids.get(normId(e.id)) ?? 0) + 1);
  }

  /** The pupil's ID reaches this record only. */
  idUsable(p: Pupil): boolean {
    return p.id !== '' && !p.idExcelDamaged && this.ids.get(normId(p.id)) === 1;
  }

  personUnique(p: Pupil): boolean {
    return this.persons.get(personKey(p.name, p.sexColumn, p.birthColumn)) === 1;
  }

  /** A new GB 11643 number nobody in the county has. */
  newId(random: Random, birth: string, sex: '男' | '女', region = '341623'): string {
    for (;;) {
      const id = makeId(random, region, birth, sex);
      if (!this.ids.has(id)) { this.ids.set(id, 1); return id; }
    }
  }

  /** A person nobody in the county shares name, sex and birth date with. */
  newPerson(random: Random, grade: number, schoolYear: number): { name: string; sex: '男' | '女'; birth: string } {
    const sex = random.chance(0.5) ? '男' : '女';
    const birth = addDays(`${schoolYear - grade - 6}-09-05`, random.int(0, 354));
    let name = makeName(random);
    while (this.persons.has(personKey(name, sex, birth))) name = makeName(random);
    this.persons.set(personKey(name, sex, birth), 1);
    return { name, sex, birth };
  }

  newNumber(prefix: string): string {
    for (let i = 0; ; i++) {
      const no = `${prefix}${String(i).padStart(4, '0')}`;
      if (!this.numbers.has(no)) { this.numbers.add(no); return no; }
    }
  }

  /** A clean record (valid ID, guardian with a phone, family data, photo, age fitting the grade). */
  newPupil(random: Random, school: School, grade: number, schoolYear: number, status: string): Pupil {
    const { name, sex, birth } = this.newPerson(random, grade, schoolYear);
    const id = this.newId(random, birth, sex);
    this.numbers.add(`G${id}`);
    return {
      studentNo: `G${id}`, name, sex, birth, birthColumn: birth, sexColumn: sex, ethnicity: '汉族', idType: '居民身份证', id, idExcelDamaged: false,
      hukou: `安徽省亳州市利辛县${school.district}镇`, address: `${school.district}镇新苑村${random.int(1, 12)}组`, school, grade,
      className: `${grade}年级(${random.int(1, 3)})班`, enrolYm: `${schoolYear - grade + 1 - (grade > 9 ? 9 : grade > 6 ? 6 : 0)}09`, status, photo: '有',
      phone: makeMobile(random),
      members: [{ name: makeName(random, name[0]), relation: '父亲', guardian: '是', phone: makeMobile(random), idType: '居民身份证', id: '' }],
    };
  }
}

/** The county's rosters, 中职 lists and status-change exports; planted findings are added to pop.planted. */
export function planRosters(pop: Population, seed: number): RosterPlan {
  const random = new Random((seed ^ 0x5a17e12) >>> 0);
  const keys = new CountyKeys(pop);
  const k = Math.max(2, Math.round(pop.current.length * 0.004));
  const plant = (p: Planted) => pop.planted.push(p);

  // Who sends a roster: most schools; a few send none and are not judged.
  const schools = random.shuffle([...pop.schools]);
  const sentNone = schools.slice(0, Math.max(1, Math.round(schools.length * 0.15)));
  const sending = new Set(pop.schools.filter((s) => !sentNone.includes(s)));
  const rows = new Map<School, RosterRow[]>([...sending].map((s) => [s, []]));
  const rowOf = (p: Pupil, school: School, outcome: RosterRow['outcome'], key?: string): RosterRow => ({
    school, pupil: p, name: p.name, sex: p.sexColumn, birth: p.birthColumn, id: p.id, studentNo: p.studentNo, grade: p.grade, className: p.className, outcome, key,
  });

  const eligible = (p: Pupil) => inSchool(p) && !keys.entangled.has(p);
  const pool = random.shuffle(pop.current.filter(eligible));
  // 人籍分离: taught at another school that sent a roster (the record's school may have sent one or not).
  const moved = new Set<Pupil>();
  for (const p of pool) {
    if (moved.size >= k) break;
    const others = [...sending].filter((s) => s !== p.school && s.grades.includes(p.grade));
    if (!others.length) continue;
    const school = random.pick(others);
    moved.add(p);
    const row = rowOf(p, school, 'ATTENDING_ELSEWHERE', p.studentNo.toUpperCase());
    // Some found by the ID alone, some by the 学籍号 alone.
    if (moved.size % 3 === 1 && keys.idUsable(p)) row.studentNo = '';
    else if (moved.size % 3 === 2) row.id = '';
    rows.get(school)!.push(row);
    plant({ rule: 'ATTENDING_ELSEWHERE', on: 'roster', entry: row });
  }
  // 空挂学籍: 在校 records of roster schools that no roster lists (copies of other records are never listed either).
  const vacant = new Set(pool.filter((p) => !moved.has(p) && sending.has(p.school)).slice(0, k * 2));
  for (const p of pop.current) {
    if (!sending.has(p.school) || moved.has(p)) continue;
    const listed = inSchool(p) ? !vacant.has(p) && !p.duplicateOf : p.status === '休学' && random.chance(0.2); // a few 休学 pupils are still listed
    if (listed) rows.get(p.school)!.push(rowOf(p, p.school, 'matched'));
    else if (inSchool(p)) plant({ rule: 'REGISTERED_NOT_ATTENDING', on: 'pupil', pupil: p });
  }
  // 在读无学籍: pupils without any record, keyed by ID, else 学籍号, else 姓名|性别|出生日期.
  const sendingList = [...sending];
  for (let i = 0; i < k * 2; i++) {
    const school = random.pick(sendingList);
    const grade = random.pick(school.grades);
    const person = keys.newPerson(random, grade, pop.schoolYear);
    const variant = i % 5;
    const id = variant <= 1 ? keys.newId(random, person.birth, person.sex, variant === 1 ? '410323' : '341623') : '';
    const studentNo = variant === 1 ? `G${id}` : variant === 2 ? keys.newNumber(`L${'341623'}${person.birth.replace(/-/g, '')}`) : '';
    const birth = variant === 4 ? '' : person.birth;
    const row: RosterRow = { school, name: person.name, sex: person.sex, birth, id, studentNo, grade, className: `${grade}年级(${random.int(1, 3)})班`, outcome: 'ATTENDING_UNREGISTERED', key: '' };
    rows.get(school)!.push(row);
    plant({ rule: 'ATTENDING_UNREGISTERED', on: 'roster', entry: row });
  }

  const files = rosterFiles(pop, rows, random, keys);
  // Unregistered rows in a file without 出生日期 are keyed without it.
  for (const f of files) {
    for (const r of f.rows) if (r.outcome === 'ATTENDING_UNREGISTERED') r.key = r.id || r.studentNo || personKey(r.name, r.sex, hasBirthColumn(f.style) ? r.birth : '');
  }
  const changes = planStatusChanges(pop, random, keys, k);
  return { files, sentNone, vocational: planVocational(pop, random, keys, k), statusChanges: changes.current, previousLeave: changes.previous };
}

/** Per-学区 lists in some 学区, per-school lists elsewhere; rows by grade and class, some keys left out as class teachers do. */
function rosterFiles(pop: Population, rows: Map<School, RosterRow[]>, random: Random, keys: CountyKeys): RosterFile[] {
  const files: RosterFile[] = [];
  const districts = [...new Set(pop.schools.map((s) => s.district))];
  districts.forEach((district, i) => {
    const schools = pop.schools.filter((s) => s.district === district && rows.has(s));
    if (!schools.length) return;
    const byGrade = (s: School) => rows.get(s)!.sort((a, b) => a.grade - b.grade || a.className.localeCompare(b.className) || a.name.localeCompare(b.name, 'zh-CN'));
    if (i % 2 === 0 && district !== '县直') {
      files.push({ path: `roster/${district}学区在校生花名册.xlsx`, style: 'R2', title: district, rows: schools.flatMap(byGrade) });
    } else {
      for (const s of schools) files.push({ path: `roster/${s.code}_${s.name}花名册.xlsx`, style: i % 4 === 1 ? 'R3' : 'R1', title: s.name, rows: byGrade(s) });
    }
  });
  for (const f of files) for (const r of f.rows) if (r.outcome === 'matched' && r.pupil) leaveOutKeys(r, r.pupil, f.style, random, keys);
  return files;
}

/**
 * What a class teacher leaves out or types differently; only where the row still reaches its pupil
 * alone: a blank 学籍号 when the ID is the pupil's alone, a blank ID (the 学籍号 stays), both blank when
 * name, sex and birth date are the pupil's alone and the file has 出生日期, a wrong 学籍号 beside the
 * right ID, spaces inside the ID.
 */
function leaveOutKeys(row: RosterRow, p: Pupil, style: RosterStyleKey, random: Random, keys: CountyKeys): void {
  if (keys.entangled.has(p)) return;
  const roll = random.next();
  if (roll < 0.08) { if (keys.idUsable(p)) row.studentNo = ''; }
  else if (roll < 0.16) row.id = '';
  else if (roll < 0.18) { if (hasBirthColumn(style) && keys.personUnique(p)) { row.studentNo = ''; row.id = ''; } }
  else if (roll < 0.19) { if (keys.idUsable(p)) row.studentNo = keys.newNumber(`L${p.id.slice(0, 14)}`); }
  else if (roll < 0.22) { if (p.id.length === 18 && !p.idExcelDamaged) row.id = `${p.id.slice(0, 6)} ${p.id.slice(6, 14)} ${p.id.slice(14).toLowerCase()}`; }
}
