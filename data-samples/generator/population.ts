/**
 * Builds a synthetic county: clean pupils first, then planted defects for every rule of the
 * contract and near-miss traps that must not fire. Every planted finding is recorded, so the
 * rules can be checked against it.
 */
import { checkDigit, makeId, makeMobile, makeName, substituteDigit, transposeDigits } from './identity.js';
import { STYLES, type GroupRow, type ListEntry, type Member, type Planted, type Population, type Pupil, type School } from './model.js';
import { Random } from './random.js';
import { plantNeverSilentCases } from './never-silent.js';
import { planRosters } from './roster-plan.js';

const REGION = '341623';
/** County codes IDs are drawn from (Anhui); several, so that a city-size run still has unused sequence codes. */
const REGIONS = ['341623', '341621', '341622', '341602', '341203', '341221', '341222', '341225', '341226', '341282'];
const DISTRICTS = ['城北', '城关', '程家集', '大李集', '巩店', '胡集', '纪王场', '江集', '旧城', '阚疃', '马店', '潘楼', '汝集', '孙集', '孙庙', '王人', '王市', '望疃', '新张集', '永兴', '展沟', '张村', '中疃'];
const VILLAGES = '杜竹园李赵王寨于庄宋寨张郢李冯金桥孙楼车韩江土楼双龙盛黄新苑振兴';

export interface PopulationOptions {
  students: number;
  seed: number;
  schoolYear: number;
  /** Also plant VALUE_UNREADABLE, SCHOOL_UNKNOWN and duplicate-学籍号 cases (never-silent.ts). */
  neverSilentCases?: boolean;
}

const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const addYears = (iso: string, years: number): string => `${Number(iso.slice(0, 4)) + years}${iso.slice(4) === '-02-29' ? '-02-28' : iso.slice(4)}`;

/** Age in whole years on 9/1 of the school year, minus (grade + 5): the AGE_GRADE measure. */
export function ageGradeOffset(birth: string, grade: number, schoolYear: number): number {
  const y = Number(birth.slice(0, 4));
  const md = birth.slice(5);
  const age = schoolYear - y - (md > '09-01' ? 1 : 0);
  return age - (grade + 5);
}

export function buildPopulation(options: PopulationOptions): Population {
  const random = new Random(options.seed);
  const Y = options.schoolYear;
  const schools = makeSchools(options.students);
  const districts = schools.map((s) => s.district).filter((d, i, a) => a.indexOf(d) === i);
  // The county-level schools (县直) export in the plainest style.
  const styleOf = new Map(districts.map((d, i) => [d, d === '县直' ? STYLES[0] : STYLES[i % STYLES.length]]));
  const issuedIds = new Set<string>();
  /** A GB 11643 number no other generated person has. */
  const newId = (birth: string, sex: '男' | '女'): string => {
    for (;;) {
      const id = makeId(random, random.pick(REGIONS), birth, sex);
      if (!issuedIds.has(id)) { issuedIds.add(id); return id; }
    }
  };
  const planted: Planted[] = [];
  const plant = (rule: string, pupil: Pupil) => planted.push({ rule, on: 'pupil', pupil });
  let serial = 0;

  const byLevel = (level: School['level']) => schools.filter((s) => s.level === level);
  const schoolFor = (grade: number, district?: string): School => {
    const level = grade <= 6 ? '小学' : grade <= 9 ? '初中' : '高中';
    const options = byLevel(level).filter((s) => !district || s.district === district);
    return random.pick(options.length ? options : byLevel(level));
  };

  const makeMembers = (surname: string, style: { guardianColumn: boolean }): Member[] => {
    const father: Member = { name: makeName(random, surname), relation: '父亲', guardian: '是', phone: messyPhone(random), idType: '居民身份证', id: '' };
    const mother: Member = { name: makeName(random), relation: '母亲', guardian: random.pick(['是', '是', 'Y', '1']), phone: messyPhone(random), idType: '居民身份证', id: '' };
    const members = [father, mother];
    if (!style.guardianColumn) return members;
    if (random.chance(0.2)) members.push({ name: makeName(random, surname), relation: '祖父', guardian: '否', phone: makeMobile(random), idType: '', id: '' });
    return members;
  };

  const makePupil = (grade: number, school: School, overrides: Partial<Pupil> = {}): Pupil => {
    const sex = random.chance(0.52) ? '男' : '女';
    // Born between 9/5 of (Y-grade-6) and 8/25 of (Y-grade-5): age on 9/1 is grade+5; 10% a year older.
    const older = random.chance(0.1) ? 1 : 0;
    const birth = addDays(`${Y - grade - 6 - older}-09-05`, random.int(0, 354));
    const id = newId(birth, sex);
    const name = makeName(random);
    const style = styleOf.get(school.district)!;
    serial++;
    return {
      studentNo: `G${id}`,
      name,
      sex,
      birth,
      birthColumn: birth,
      sexColumn: sex,
      ethnicity: random.chance(0.97) ? '汉族' : '回族',
      idType: '居民身份证',
      id,
      idExcelDamaged: false,
      hukou: `安徽省亳州市利辛县${school.district}镇`,
      address: `${school.district}镇${random.pick([...VILLAGES])}${random.pick([...VILLAGES])}村${random.int(1, 12)}组`,
      school,
      grade,
      className: `${grade}年级(${random.int(1, 3)})班`,
      enrolYm: `${Y - grade + 1 - (grade > 9 ? 9 : grade > 6 ? 6 : 0)}09`,
      status: random.chance(0.9) ? '在校' : '在籍在校',
      photo: '有',
      phone: makeMobile(random),
      members: makeMembers(name[0], style),
      ...overrides,
    };
  };

  // 1. Clean pupils.
  const gradeWeights = [8.5, 8.5, 8.5, 8.5, 8.5, 8.5, 9, 9, 9, 7.3, 7.3, 7.3];
  const totalWeight = gradeWeights.reduce((a, b) => a + b, 0);
  const current: Pupil[] = [];
  for (let g = 1; g <= 12; g++) {
    const n = Math.round((options.students * gradeWeights[g - 1]) / totalWeight);
    for (let i = 0; i < n; i++) current.push(makePupil(g, schoolFor(g)));
  }
  for (const p of current) if (random.chance(0.015)) p.status = '休学';

  const k = Math.max(2, Math.round(options.students * 0.004));
  const used = new Set<Pupil>();
  const take = (count: number, where: (p: Pupil) => boolean = () => true): Pupil[] => {
    const out: Pupil[] = [];
    for (const p of random.shuffle(current.filter((x) => !used.has(x) && x.status !== '休学' && where(x)))) {
      if (out.length >= count) break;
      used.add(p);
      out.push(p);
    }
    return out;
  };
  const styleIs = (p: Pupil) => styleOf.get(p.school.district)!;
  const fromNewList = (p: Pupil) => p.grade === 1;

  // 2. Person-level defects on current records.
  for (const p of take(k, (x) => x.grade >= 2 && !fromNewList(x))) {
    p.studentNo = `L${REGION}${p.birth.replace(/-/g, '')}${String(random.int(0, 9999)).padStart(4, '0')}`;
    p.id = '';
    p.idType = random.pick(['', '居民身份证']);
    plant('ID_MISSING', p);
  }
  /** An 18-character number starting with `first14`, checksummed, that nobody else has (else it would also be a real DUPLICATE_ID). */
  const unusedWith = (first14: string, seq: number): string => {
    for (let i = 0; i < 1000; i++, seq = (seq + 2) % 1000) {
      const f = `${first14}${String(seq).padStart(3, '0')}`;
      if (!issuedIds.has(f + checkDigit(f))) { issuedIds.add(f + checkDigit(f)); return f + checkDigit(f); }
    }
    throw new Error(`no unused sequence code for ${first14}`);
  };
  const invalidVariants: ((p: Pupil) => void)[] = [
    (p) => { p.id = p.id.slice(0, 17) + (p.id[17] === '0' ? '1' : '0'); },
    (p) => { p.id = `99${p.id.slice(2)}`; },
    (p) => { p.id = unusedWith(`${p.id.slice(0, 10)}0230`, Number(p.id.slice(14, 17))); },
    (p) => { p.id = unusedWith(`${p.id.slice(0, 6)}${Y + 3}0101`, Number(p.id.slice(14, 17))); },
    (p) => { p.idExcelDamaged = true; p.id = `${p.id.slice(0, 15)}000`; },
    (p) => { p.id = p.id.slice(0, 17); },
  ];
  take(Math.max(k * 2, invalidVariants.length), (x) => !fromNewList(x)).forEach((p, i) => { invalidVariants[i % invalidVariants.length](p); plant('ID_INVALID', p); });
  // Near misses: passports and 港澳台 documents are not checked; lower-case x and full-width digits normalise to valid.
  take(Math.max(k, 4), (x) => !fromNewList(x)).forEach((p, i) => {
    p.idType = ['护照', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '港澳台居民居住证'][i % 4];
    p.id = i % 4 === 0 ? `E${random.int(10000000, 99999999)}` : `H${random.int(10000000, 99999999)}`;
  });
  for (const p of take(k, (x) => !fromNewList(x))) {
    let id = p.id;
    for (let seq = 801; seq < 999 && (id[17] !== 'X' || issuedIds.has(id)); seq += 2) {
      const f = id.slice(0, 14) + String(p.sex === '男' ? seq : seq + 1).padStart(3, '0');
      id = f + checkDigit(f);
    }
    if (id[17] === 'X' && !issuedIds.has(id)) { issuedIds.add(id); p.id = id.slice(0, 17) + 'x'; p.studentNo = `G${id}`; }
  }
  take(k * 2, (x) => !fromNewList(x)).forEach((p, i) => {
    if (i % 2 === 0) p.birthColumn = addDays(p.birth, random.int(1, 9));
    else p.sexColumn = p.sex === '男' ? '女' : '男';
    plant('ID_MISMATCH', p);
  });
  take(Math.max(k * 2, 10)).forEach((p, i) => {
    const style = styleIs(p);
    const variant = style.guardianColumn ? i % 5 : i % 2;
    if (variant === 0) p.members = [];
    else if (variant === 1) p.members.forEach((m) => { m.phone = ''; });
    else if (variant === 2) p.members.forEach((m) => { if (m.guardian !== '否') m.phone = `1${m.phone.replace(/\D/g, '').slice(-9)}`; });
    else if (variant === 3) p.members.forEach((m) => { if (m.guardian !== '否') m.name = ''; });
    else { p.members.forEach((m) => { m.guardian = '否'; }); }
    plant('GUARDIAN_MISSING', p);
  });
  take(k).forEach((p, i) => { if (i % 2) p.hukou = ''; else p.address = ''; plant('FAMILY_INCOMPLETE', p); });
  take(k * 2).forEach((p) => {
    p.photo = random.pick(['无', '否', '0', '']);
    if (styleIs(p).photoColumn) plant('PHOTO_MISSING', p);
  });

  // Duplicates: copies of a pupil registered again at another school.
  const copies: Pupil[] = [];
  /** Records that share name, sex and birth date on purpose (duplicates and their originals). */
  const sameOnPurpose = new Set<Pupil>();
  const copyOf = (p: Pupil, changes: Partial<Pupil>): Pupil => {
    const school = schoolFor(p.grade);
    const q: Pupil = { ...makePupil(p.grade, school), name: p.name, sex: p.sex, sexColumn: p.sexColumn, birth: p.birth, birthColumn: p.birthColumn, id: p.id, studentNo: p.studentNo, ...changes, duplicateOf: p };
    copies.push(q);
    used.add(q);
    sameOnPurpose.add(p).add(q);
    return q;
  };
  for (const p of take(k, (x) => !fromNewList(x))) {
    const q = copyOf(p, { studentNo: `L${REGION}${p.birth.replace(/-/g, '')}${String(random.int(0, 9999)).padStart(4, '0')}` });
    plant('DUPLICATE_ID', p);
    plant('DUPLICATE_ID', q);
  }
  for (const p of take(k, (x) => !fromNewList(x))) {
    const q = copyOf(p, { id: '', idType: '', studentNo: `L${REGION}${p.birth.replace(/-/g, '')}${String(random.int(0, 9999)).padStart(4, '0')}` });
    plant('DUPLICATE_SUSPECT', q);
    plant('ID_MISSING', q);
  }
  take(k, (x) => !fromNewList(x)).forEach((p, i) => {
    const typo = i % 2 ? transposeDigits(p.id) : substituteDigit(random, p.id);
    const q = copyOf(p, { id: typo, studentNo: `G${typo}` });
    plant('DUPLICATE_SUSPECT', p);
    plant('DUPLICATE_SUSPECT', q);
    plant('ID_INVALID', q);
  });
  // Near miss: twins share birth date, sex and surname, not the name.
  for (const p of take(k, (x) => !fromNewList(x))) {
    let name = makeName(random, p.name[0]);
    while (name === p.name) name = makeName(random, p.name[0]);
    const twinId = newId(p.birth, p.sex);
    copies.push({ ...makePupil(p.grade, p.school), name, sex: p.sex, sexColumn: p.sex, birth: p.birth, birthColumn: p.birth, id: twinId, studentNo: `G${twinId}` });
  }
  // Near miss: same name, sex and birth date, but IDs two digits apart: two different children.
  for (const p of take(Math.max(1, Math.floor(k / 2)), (x) => !fromNewList(x))) {
    const f = p.id.slice(0, 14) + String((Number(p.id.slice(14, 17)) + 22) % 1000).padStart(3, '0');
    const other = f + checkDigit(f);
    if (other.slice(14, 17) === p.id.slice(14, 17) || issuedIds.has(other)) continue;
    issuedIds.add(other);
    let diff = 0;
    for (let i = 0; i < 18; i++) if (other[i] !== p.id[i]) diff++;
    if (diff < 3) continue;
    const namesake: Pupil = { ...makePupil(p.grade, schoolFor(p.grade)), name: p.name, sex: p.sex, sexColumn: p.sexColumn, birth: p.birth, birthColumn: p.birthColumn, id: other, studentNo: `G${other}` };
    copies.push(namesake);
    sameOnPurpose.add(p).add(namesake);
  }

  // AGE_GRADE: planted far outside [-1, +2]; near misses exactly on the edges.
  const rebirth = (p: Pupil, birth: string) => {
    p.birth = birth; p.birthColumn = birth;
    p.id = newId(birth, p.sex); p.studentNo = `G${p.id}`;
  };
  take(k, (x) => !fromNewList(x)).forEach((p, i) => {
    rebirth(p, i % 2 ? addYears(p.birth, -3) : addYears(p.birth, 2));
    const offset = ageGradeOffset(p.birth, p.grade, Y);
    if (offset < -1 || offset > 2) plant('AGE_GRADE', p);
  });
  take(k, (x) => !fromNewList(x) && ageGradeOffset(x.birth, x.grade, Y) === 0).forEach((p, i) => {
    rebirth(p, i % 2 ? addYears(p.birth, -2) : addYears(p.birth, 1));
  });

  if (options.neverSilentCases) {
    plantNeverSilentCases({
      random, schools, makePupil, plant,
      take: (count, where = () => true) => take(count, (x) => !fromNewList(x) && where(x)),
      addRecord: (p) => { copies.push(p); used.add(p); },
    }, k);
  }
  for (const q of copies) current.push(q);
  const isCopy = new Set(copies);
  renameAccidentalNamesakes(current, sameOnPurpose, random);

  // 3. Previous year: every pupil of grade ≥ 2 one grade lower (grade 7 from a primary school, 10 from a junior one).
  const previous: Pupil[] = [];
  const prevOf = new Map<Pupil, Pupil>();
  for (const p of current) {
    if (p.grade < 2 || isCopy.has(p)) continue;
    const g = p.grade - 1;
    const school = p.school.grades.includes(g) ? p.school : schoolFor(g, random.chance(0.85) ? p.school.district : undefined);
    const prev: Pupil = { ...p, members: [], grade: g, school, className: `${g}年级(${random.int(1, 3)})班`, status: '在校' };
    previous.push(prev);
    prevOf.set(p, prev);
  }
  const withPrev = (x: Pupil) => prevOf.has(x);
  // GRADE_REPEAT: same or lower compulsory grade than last year; 高三 both years; found by ID when the 学籍号 changed.
  take(k * 2, (x) => withPrev(x) && x.grade <= 9).forEach((p, i) => {
    const prev = prevOf.get(p)!;
    prev.grade = i % 3 === 2 && p.grade <= 8 ? p.grade + 1 : p.grade;
    prev.school = p.school;
    if (i % 4 === 1) prev.studentNo = `L${REGION}${p.birth.replace(/-/g, '')}${String(random.int(0, 9999)).padStart(4, '0')}`;
    plant('GRADE_REPEAT', p);
  });
  take(Math.max(1, Math.floor(k / 2)), (x) => withPrev(x) && x.grade === 12).forEach((p) => {
    const prev = prevOf.get(p)!;
    prev.grade = 12; prev.school = p.school;
    plant('GRADE_REPEAT', p);
  });
  // Near misses: repeating after 休学, and 高一/高二 repeaters.
  take(k, (x) => withPrev(x) && x.grade <= 9).forEach((p) => {
    const prev = prevOf.get(p)!;
    prev.grade = p.grade; prev.school = p.school; prev.status = '休学';
  });
  take(k, (x) => withPrev(x) && (x.grade === 10 || x.grade === 11)).forEach((p) => {
    const prev = prevOf.get(p)!;
    prev.grade = p.grade; prev.school = p.school;
  });
  // Near miss: continued to junior high under a new 学籍号, same ID.
  take(k, (x) => withPrev(x) && x.grade === 7 && x.id.length === 18).forEach((p) => {
    prevOf.get(p)!.studentNo = `L${REGION}${p.birth.replace(/-/g, '')}${String(random.int(0, 9999)).padStart(4, '0')}`;
  });
  // CONTINUATION_MISSING: grade-6 pupils last year, 在校, absent now. Near miss: 转出 last year.
  for (let i = 0; i < k * 2; i++) {
    const ghost = makePupil(6, schoolFor(6));
    const prev: Pupil = { ...ghost, members: [], status: i % 3 === 2 ? '转出' : '在校' };
    previous.push(prev);
    if (prev.status === '在校') plant('CONTINUATION_MISSING', prev);
  }

  // 4. New-student list (this year's grade 1) against preschool records.
  const newStudents: ListEntry[] = [];
  const preschool: ListEntry[] = [];
  const entry = (p: Pupil): ListEntry => ({ name: p.name, sex: p.sex, birth: p.birth, idType: '居民身份证', id: p.id, schoolCode: p.school.code, extra: '' });
  const kindergarten = () => `${random.pick(DISTRICTS)}镇中心幼儿园`;
  const grade1 = random.shuffle(current.filter((p) => p.grade === 1 && p.id.length === 18 && !isCopy.has(p)));
  grade1.forEach((p, i) => {
    const e = entry(p);
    newStudents.push(e);
    const kg = { ...e, extra: kindergarten() };
    const slot = i < k * 5 ? i % 5 : 9;
    if (slot === 0) {
      let other = makeName(random, p.name[0]);
      while (other === p.name) other = makeName(random, p.name[0]);
      preschool.push({ ...kg, name: other });
      newStudents[newStudents.length - 1].extra = 'PENDING';
    }
    else if (slot === 1) { preschool.push({ ...kg, id: newId(p.birth, p.sex) }); newStudents[newStudents.length - 1].extra = 'PENDING'; }
    else if (slot === 2) { preschool.push({ ...kg, id: '', idType: '' }); newStudents[newStudents.length - 1].extra = 'PENDING'; }
    else if (slot === 3) { preschool.push(kg, { ...kg }); newStudents[newStudents.length - 1].extra = 'PENDING'; }
    else if (slot === 4) { newStudents[newStudents.length - 1].extra = 'NOT_FOUND'; }
    else {
      // Matched; some preschool IDs carry spaces or a lower-case x, which normalise away.
      preschool.push({ ...kg, id: random.chance(0.2) ? `${kg.id.slice(0, 6)} ${kg.id.slice(6, 14)} ${kg.id.slice(14)}` : kg.id.replace('X', 'x') });
      if (random.chance(0.1)) preschool.push({ ...kg, birth: addDays(kg.birth, 40), id: '' });
    }
  });
  for (const e of newStudents) {
    if (e.extra === 'PENDING') planted.push({ rule: 'CONTINUATION_PENDING', on: 'entry', entry: e });
    else if (e.extra === 'NOT_FOUND') planted.push({ rule: 'CONTINUATION_NOT_FOUND', on: 'entry', entry: e });
  }
  const listed = new Set(newStudents.map((e) => `${e.name}|${e.sex}|${e.birth}`));
  for (let i = 0; i < k; i++) {
    const sex = random.chance(0.5) ? '男' : '女';
    const birth = addDays(`${Y - 6}-01-01`, random.int(0, 200));
    const id = newId(birth, sex);
    let name = makeName(random);
    while (listed.has(`${name}|${sex}|${birth}`)) name = makeName(random);
    preschool.push({ name, sex, birth, idType: '居民身份证', id, schoolCode: '', extra: kindergarten() });
  }

  // 5. Group tables from the final counts.
  const headcounts: GroupRow[] = [];
  const quotas: GroupRow[] = [];
  const threshold = 0.02;
  const enrolledIn = new Map<string, number>();
  for (const p of current) {
    if (p.rawCells?.grade) continue; // unreadable: counted in no grade
    if (p.status === '在校' || p.status === '在籍在校') enrolledIn.set(`${p.school.code}/${p.grade}`, (enrolledIn.get(`${p.school.code}/${p.grade}`) ?? 0) + 1);
  }
  for (const school of schools) {
    for (const grade of school.grades) {
      const registry = enrolledIn.get(`${school.code}/${grade}`) ?? 0;
      const enrolled = registry;
      if (registry === 0) continue;
      const roll = random.next();
      let onsite = registry;
      if (roll < 0.12) onsite = registry + random.pick([-1, 1]) * (Math.ceil(registry * 0.05) + random.int(0, 2));
      else if (roll < 0.2 && registry % 50 === 0) onsite = registry - registry / 50;
      else if (roll < 0.5) onsite = registry - Math.floor(registry * threshold);
      const row: GroupRow = { school, grade, value: Math.max(0, onsite) };
      headcounts.push(row);
      const ratio = (registry - row.value) / registry;
      if (Math.abs(ratio) > threshold) planted.push({ rule: 'HEADCOUNT_GAP', on: 'group', group: row });
      if (grade === 1 || grade === 7 || grade === 10) {
        const q = random.next();
        const plan = q < 0.25 ? enrolled - random.int(1, 3) : q < 0.5 ? enrolled : enrolled + random.int(1, 10);
        const quota: GroupRow = { school, grade, value: Math.max(0, plan) };
        quotas.push(quota);
        if (enrolled > quota.value) planted.push({ rule: 'OVER_QUOTA', on: 'group', group: quota });
      }
    }
  }

  const population: Population = { schoolYear: Y, schools, current, previous, newStudents, preschool, headcounts, quotas, planted, styleOf };
  population.roster = planRosters(population, options.seed);
  return population;
}

/**
 * In a big county two children may share name, sex and birth date by chance; the rules rightly call
 * such pairs suspects when one has no ID. Rename the chance ones, so planted findings are the only ones.
 */
function renameAccidentalNamesakes(pupils: Pupil[], onPurpose: Set<Pupil>, random: Random): void {
  const key = (p: Pupil) => `${p.name}|${p.sexColumn}|${p.birthColumn}`;
  const taken = new Set<string>();
  for (const p of pupils) if (onPurpose.has(p)) taken.add(key(p));
  for (const p of pupils) {
    if (onPurpose.has(p)) continue;
    while (taken.has(key(p))) p.name = makeName(random, p.name[0]);
    taken.add(key(p));
  }
}

/** 一 … 九, then the number: 第二小学, 第十中学 is 第10中学. */
const ordinal = (n: number): string => '一二三四五六七八九'[n - 1] ?? String(n);

function makeSchools(students: number): School[] {
  const districtCount = Math.min(DISTRICTS.length, Math.max(4, Math.round(students / 3000)));
  const schools: School[] = [];
  let n = 0;
  const code = () => `213416${String(++n).padStart(4, '0')}`;
  for (const district of DISTRICTS.slice(0, districtCount)) {
    const primaries = Math.max(2, Math.round(students / districtCount / 1500));
    // Ten village names per 学区: a city's 学区 with more primaries numbers the repeats (城北园李第二小学), so
    // that every school's name is its own (name-only files are linked to their school by it).
    const named = new Map<string, number>();
    for (let i = 0; i < primaries; i++) {
      const place = `${district}${i === 0 ? '中心' : VILLAGES.slice(i * 2 % 20, i * 2 % 20 + 2)}`;
      const repeat = named.get(place) ?? 0;
      named.set(place, repeat + 1);
      const name = repeat ? `${place}第${ordinal(repeat + 1)}小学` : `${place}小学`;
      schools.push({ code: code(), name, district, level: '小学', grades: [1, 2, 3, 4, 5, 6] });
    }
    schools.push({ code: code(), name: `${district}中学`, district, level: '初中', grades: [7, 8, 9] });
  }
  const highs = Math.max(1, Math.round(students / 12000));
  for (let i = 0; i < highs; i++) schools.push({ code: code(), name: `利辛县第${ordinal(i + 1)}中学`, district: '县直', level: '高中', grades: [10, 11, 12] });
  return schools;
}

function messyPhone(random: Random): string {
  const m = makeMobile(random);
  const roll = random.next();
  if (roll < 0.1) return `+86 ${m}`;
  if (roll < 0.2) return `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
  if (roll < 0.25) return `0558-${random.int(2000000, 8999999)}`;
  return m;
}
