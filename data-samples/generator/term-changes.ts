/**
 * What happens to a county's data between two campaigns, as edits of a Population: a school fixes a
 * planted problem (the record put right, the problem's planted entry removed), a fixed problem comes
 * back (反弹: the old defect re-applied), a new problem appears on a clean record. Records are never
 * added or removed, so head counts and every other planted finding stay as they were.
 */
import { createHash } from 'node:crypto';
import { makeId, makeMobile, makeName } from './identity.js';
import type { GroupRow, ListEntry, Planted, Population, Pupil } from './model.js';
import type { Random } from './random.js';

/** The contract's finding_id of a planted finding (as xueji computes it from the finding's key). */
export function plantedFindingId(p: Planted): string {
  const key = p.on === 'pupil' ? `${p.rule}|${p.pupil.studentNo.toUpperCase()}`
    : p.on === 'entry' ? `${p.rule}|${p.entry.id.replace(/\s/g, '').toUpperCase()}`
      : p.on === 'roster' ? `${p.rule}|${p.entry.key}`
        : `${p.rule}|${p.group.school.code}|${p.group.grade}`;
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);
}

/** The school a planted finding is attached to. */
export const plantedSchool = (p: Planted): string => (p.on === 'pupil' ? p.pupil.school.code : p.on === 'entry' ? p.entry.schoolCode : p.on === 'roster' ? p.entry.school.code : p.group.school.code);

/** Where a fixed problem lay and what it was, so that a later term can bring it back. */
export interface FixRecord {
  rule: string;
  target: 'current' | 'headcounts' | 'newStudents';
  index: number;
  /** The defective values (for a pupil, the fields the fix changed). */
  before: Partial<Pupil> | { value: number };
}

/** Rules a school can put right in the data without adding or removing a record. */
export const FIXABLE = new Set(['ID_MISSING', 'ID_INVALID', 'ID_MISMATCH', 'GUARDIAN_MISSING', 'FAMILY_INCOMPLETE', 'PHOTO_MISSING', 'HEADCOUNT_GAP', 'CONTINUATION_NOT_FOUND']);
/** Of those, the ones that can come back as they were (a photo deleted again, an address lost again, a recount gone wrong). */
export const RELAPSING = new Set(['FAMILY_INCOMPLETE', 'PHOTO_MISSING', 'HEADCOUNT_GAP']);

const enrolled = (p: Pupil) => p.status === '在校' || p.status === '在籍在校';

/** Every ID number the population holds (a new one must not be among them). */
function issuedIds(pop: Population): Set<string> {
  return new Set([...pop.current, ...pop.previous, ...pop.newStudents, ...pop.preschool].map((x) => x.id).filter(Boolean));
}

/**
 * Puts one planted problem right and removes its planted entry. Returns what was changed, or null when
 * the problem is not one a school fixes in place (or the record carries other planted problems).
 */
export function fixPlanted(pop: Population, planted: Planted, random: Random): FixRecord | null {
  if (!FIXABLE.has(planted.rule)) return null;
  if (planted.on === 'pupil' && pop.planted.filter((x) => x.on === 'pupil' && x.pupil === planted.pupil).length > 1) return null;
  let record: FixRecord | null = null;
  if (planted.on === 'pupil') {
    const p = planted.pupil;
    const index = pop.current.indexOf(p);
    if (index < 0) return null;
    const save = (...keys: (keyof Pupil)[]): Partial<Pupil> => Object.fromEntries(keys.map((k) => [k, structuredClone(p[k])]));
    switch (planted.rule) {
      case 'ID_MISSING': {
        const taken = issuedIds(pop);
        let id = makeId(random, '341623', p.birth, p.sex);
        while (taken.has(id)) id = makeId(random, '341623', p.birth, p.sex);
        record = { rule: planted.rule, target: 'current', index, before: save('id', 'idType') };
        p.id = id; p.idType = '居民身份证';
        break;
      }
      case 'ID_INVALID':
        // The pupil's own number, as its 学籍号 (G + ID) still shows it.
        if (!/^G\d{17}[\dX]$/.test(p.studentNo)) return null;
        record = { rule: planted.rule, target: 'current', index, before: save('id', 'idExcelDamaged') };
        p.id = p.studentNo.slice(1); p.idExcelDamaged = false;
        break;
      case 'ID_MISMATCH':
        record = { rule: planted.rule, target: 'current', index, before: save('birthColumn', 'sexColumn') };
        p.birthColumn = p.birth; p.sexColumn = p.sex;
        break;
      case 'GUARDIAN_MISSING':
        record = { rule: planted.rule, target: 'current', index, before: save('members') };
        p.members = [{ name: makeName(random, p.name[0]), relation: '父亲', guardian: '是', phone: makeMobile(random), idType: '居民身份证', id: '' }];
        break;
      case 'FAMILY_INCOMPLETE':
        record = { rule: planted.rule, target: 'current', index, before: save('hukou', 'address') };
        p.hukou ||= `安徽省亳州市利辛县${p.school.district}镇`;
        p.address ||= `${p.school.district}镇新苑村3组`;
        break;
      case 'PHOTO_MISSING':
        record = { rule: planted.rule, target: 'current', index, before: save('photo') };
        p.photo = '有';
        break;
      default:
        return null;
    }
  } else if (planted.on === 'group') {
    if (planted.rule !== 'HEADCOUNT_GAP') return null;
    const g: GroupRow = planted.group;
    // A recount that agrees with the registry.
    record = { rule: planted.rule, target: 'headcounts', index: pop.headcounts.indexOf(g), before: { value: g.value } };
    g.value = pop.current.filter((p) => p.school.code === g.school.code && p.grade === g.grade && enrolled(p)).length;
  } else if (planted.on === 'entry') {
    if (planted.rule !== 'CONTINUATION_NOT_FOUND') return null;
    const e: ListEntry = planted.entry;
    // The kindergarten record, found and entered.
    pop.preschool.push({ ...e, schoolCode: '', extra: '利辛县城关镇中心幼儿园' });
    record = { rule: planted.rule, target: 'newStudents', index: pop.newStudents.indexOf(e), before: {} };
  } else {
    return null; // a roster's problems are not fixed between terms here
  }
  pop.planted.splice(pop.planted.indexOf(planted), 1);
  return record;
}

/** Brings a problem fixed in an earlier term back, on the same record of `pop`, and plants it again. */
export function relapse(pop: Population, record: FixRecord): Planted {
  if (record.target === 'headcounts') {
    const group = pop.headcounts[record.index];
    group.value = (record.before as { value: number }).value;
    const planted: Planted = { rule: record.rule, on: 'group', group };
    pop.planted.push(planted);
    return planted;
  }
  const pupil = pop.current[record.index];
  Object.assign(pupil, structuredClone(record.before));
  const planted: Planted = { rule: record.rule, on: 'pupil', pupil };
  pop.planted.push(planted);
  return planted;
}

/** New problems on `n` records that had none (a photo lost, an address left empty, the family not entered). */
export function plantNew(pop: Population, random: Random, n: number, spare: Set<Pupil> = new Set()): Planted[] {
  const flawed = new Set([...spare, ...pop.planted.flatMap((p) => (p.on === 'pupil' ? [p.pupil] : []))]);
  const numbers = new Map<string, number>();
  for (const p of pop.current) numbers.set(p.studentNo, (numbers.get(p.studentNo) ?? 0) + 1);
  const clean = random.shuffle(pop.current.filter((p) => !flawed.has(p) && numbers.get(p.studentNo) === 1 && p.photo === '有' && p.hukou && p.address && p.members.length > 0));
  const planted: Planted[] = [];
  for (const p of clean) {
    if (planted.length >= n) break;
    const kind = planted.length % 3;
    if (kind === 0 && pop.styleOf.get(p.school.district)!.photoColumn) { p.photo = '无'; planted.push({ rule: 'PHOTO_MISSING', on: 'pupil', pupil: p }); }
    else if (kind === 1) { p.address = ''; planted.push({ rule: 'FAMILY_INCOMPLETE', on: 'pupil', pupil: p }); }
    else if (kind === 2) { p.members = []; planted.push({ rule: 'GUARDIAN_MISSING', on: 'pupil', pupil: p }); }
  }
  pop.planted.push(...planted);
  return planted;
}
