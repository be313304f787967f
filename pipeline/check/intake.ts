/**
 * What the run received (contract, "Never silent"), read from the store after the rules' prelude: per
 * file the rows and columns (from ingest), values normalisation could not read, rows at schools not in
 * the school list, and schools (and 学区) of the list without any current record. Counts, file, column
 * and school names only: no value from a row (the values are in VALUE_UNREADABLE's findings).
 */
import type { FileCounts } from '../load/ingest.js';
import { TABLES, type InputName, type TableSpec } from '../load/input-tables.js';
import { fieldColumns, quoteIdent } from '../load/store-columns.js';
import type { Store } from './store.js';
import { bySchoolOrder, byPinyin } from './school-order.js';

export interface UnreadableCount {
  table: InputName;
  file: string;
  /** The column's canonical header (出生日期 …). */
  column: string;
  count: number;
  /** Of which a year and month without a day (an 出生年月 column). */
  monthOnly: number;
}

export interface UnknownSchool {
  table: InputName;
  file: string;
  school_code: string | null;
  school_name: string | null;
  count: number;
  /** Named without a code by a name that several schools of the list share: it is in the list, but which school is meant is not known. */
  shared_name: boolean;
}

export interface SchoolWithoutRecords {
  district: string;
  school_code: string;
  school_name: string;
}

export interface DistrictWithoutRecords {
  district: string;
  /** Schools of the 学区 in the school list (none has a record). */
  schools: number;
}

export interface IntakeSummary {
  files: FileCounts[];
  unreadable: UnreadableCount[];
  unknownSchools: UnknownSchool[];
  /** Every school of the list without a current record, those of districtsWithoutRecords included. */
  schoolsWithoutRecords: SchoolWithoutRecords[];
  districtsWithoutRecords: DistrictWithoutRecords[];
}

/** The 学区 of a school listed without one. */
export const NO_DISTRICT = '（学区为空）';

/** Tables whose rows name a school of the list (a school code that is optional may be left empty). */
const SCHOOL_TABLES: InputName[] = ['registry', 'headcounts', 'quotas', 'new_students', 'roster'];


export async function summariseIntake(store: Store, files: FileCounts[]): Promise<IntakeSummary> {
  const loaded = new Set(files.filter((f) => f.loaded > 0).map((f) => f.table));
  const specs = TABLES.filter((t) => loaded.has(t.name));
  const unreadable = (await Promise.all(specs.map((spec) => unreadableIn(store, spec)))).flat();
  const unknownSchools = (await Promise.all(specs.filter((s) => SCHOOL_TABLES.includes(s.name)).map((spec) => unknownSchoolsIn(store, spec)))).flat();
  const schoolsWithoutRecords = (await store.query<{ district: string | null; school_code: string; school_name: string | null }>(`
    SELECT district, school_code, school_name FROM school s
    WHERE NOT EXISTS (SELECT 1 FROM registry r WHERE r.school_code = s.school_code)`))
    .map((s) => ({ district: s.district ?? NO_DISTRICT, school_code: s.school_code, school_name: s.school_name ?? s.school_code }))
    .sort(bySchoolOrder);
  const perDistrict = await store.query<{ district: string | null; schools: number }>('SELECT district, count(*)::INT AS schools FROM school GROUP BY district');
  const without = new Map<string, number>();
  for (const s of schoolsWithoutRecords) without.set(s.district, (without.get(s.district) ?? 0) + 1);
  const districtsWithoutRecords = perDistrict
    .map((d) => ({ district: d.district ?? NO_DISTRICT, schools: d.schools }))
    .filter((d) => without.get(d.district) === d.schools)
    .sort((a, b) => byPinyin(a.district, b.district));
  return { files, unreadable, unknownSchools, schoolsWithoutRecords, districtsWithoutRecords };
}

/** Per file and column, the values of `spec`'s table kept in a `_raw` column: those normalisation could not read. */
async function unreadableIn(store: Store, spec: TableSpec): Promise<UnreadableCount[]> {
  const fields = spec.fields.filter((f) => fieldColumns(f).some((c) => c.name === `${f.column}_raw`));
  if (fields.length === 0) return [];
  const counts = fields.map((f, i) => `count(${quoteIdent(`${f.column}_raw`)})::INT AS n${i}`);
  const monthOnly = fields.map((f, i) => (f.kind === 'date' ? `count(*) FILTER (WHERE month_only(${quoteIdent(`${f.column}_raw`)}))::INT` : '0') + ` AS m${i}`);
  const rows = await store.query<Record<string, number | string>>(`
    SELECT source_file, ${[...counts, ...monthOnly].join(', ')} FROM ${quoteIdent(spec.name)}
    WHERE ${fields.map((f) => `${quoteIdent(`${f.column}_raw`)} IS NOT NULL`).join(' OR ')}
    GROUP BY source_file ORDER BY source_file`);
  return rows.flatMap((r) => fields.map((f, i) => ({ table: spec.name, file: String(r.source_file), column: f.header, count: Number(r[`n${i}`]), monthOnly: Number(r[`m${i}`]) })))
    .filter((u) => u.count > 0);
}

/** Rows of `spec`'s table whose school is not in the school list (by code, or by name without a code). */
async function unknownSchoolsIn(store: Store, spec: TableSpec): Promise<UnknownSchool[]> {
  const hasName = spec.fields.some((f) => f.column === 'school_name');
  const name = hasName ? 'school_name' : 'NULL';
  const unknown = `school_code IS NOT NULL AND school_code NOT IN (SELECT school_code FROM school)${hasName ? ' OR school_code IS NULL' : ''}`;
  // The names linkSchoolCodes could not link because two codes share them.
  const shared = hasName ? 'school_code IS NULL AND school_name IN (SELECT school_name FROM school_name_codes WHERE codes > 1)' : 'false';
  const rows = await store.query<Omit<UnknownSchool, 'table'>>(`
    SELECT source_file AS file, school_code, ${name} AS school_name, count(*)::INT AS count, coalesce(${shared}, false) AS shared_name FROM ${quoteIdent(spec.name)}
    WHERE ${unknown} GROUP BY ALL ORDER BY file, school_code NULLS LAST, school_name NULLS LAST`);
  return rows.map((r) => ({ table: spec.name, ...r }));
}
