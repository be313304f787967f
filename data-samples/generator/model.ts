/** What the generator builds before it writes files: schools, pupils, the other tables, and the findings it planted. */
import type { RosterPlan, RosterRow } from './roster-plan.js';

export interface School {
  code: string;
  name: string;
  district: string;
  level: '小学' | '初中' | '高中';
  grades: number[];
}

export interface Member {
  name: string;
  relation: string;
  guardian: string;
  phone: string;
  idType: string;
  id: string;
}

/** One registry record (current or previous year). Strings are what the file will show. */
export interface Pupil {
  studentNo: string;
  name: string;
  sex: '男' | '女';
  /** Birth date the ID encodes (when it has one). */
  birth: string;
  /** Birth date written in the 出生日期 column (differs for ID_MISMATCH). */
  birthColumn: string;
  /** 性别 column (differs for ID_MISMATCH). */
  sexColumn: '男' | '女';
  ethnicity: string;
  idType: string;
  id: string;
  /** Write the ID as Excel would after damaging it: a number with its last digits lost. */
  idExcelDamaged: boolean;
  hukou: string;
  address: string;
  school: School;
  grade: number;
  className: string;
  enrolYm: string;
  status: string;
  photo: string;
  phone: string;
  members: Member[];
  /** Cells written as they are instead of from birthColumn, sexColumn, grade (never-silent cases). */
  rawCells?: Partial<Record<'birth' | 'sex' | 'grade', string>>;
  /** The record this one registers again (a duplicate planted at another school). */
  duplicateOf?: Pupil;
  /** Filled when written. */
  file?: string;
  row?: number;
}

export interface ListEntry {
  name: string;
  sex: '男' | '女';
  birth: string;
  idType: string;
  id: string;
  schoolCode: string;
  extra: string;
  file?: string;
  row?: number;
}

export interface GroupRow {
  school: School;
  grade: number;
  value: number;
  file?: string;
  row?: number;
}

export type Planted =
  | { rule: string; on: 'pupil'; pupil: Pupil }
  | { rule: string; on: 'entry'; entry: ListEntry }
  | { rule: string; on: 'group'; group: GroupRow }
  | { rule: string; on: 'roster'; entry: RosterRow };

export interface Population {
  schoolYear: number;
  schools: School[];
  current: Pupil[];
  previous: Pupil[];
  newStudents: ListEntry[];
  preschool: ListEntry[];
  headcounts: GroupRow[];
  quotas: GroupRow[];
  planted: Planted[];
  /** Registry file style per district (see writers.ts). */
  styleOf: Map<string, RegistryStyle>;
  /** Rosters, 中职 lists and status-change exports (roster-plan.ts), drawn from a random stream of their own. */
  roster?: RosterPlan;
}

export interface RegistryStyle {
  key: 'A' | 'B' | 'C' | 'D';
  format: 'xlsx' | 'csv';
  /** Family members: inline 成员N columns, or the separate family export. */
  family: 'inline' | 'file';
  guardianColumn: boolean;
  photoColumn: boolean;
}

export const STYLES: RegistryStyle[] = [
  { key: 'A', format: 'xlsx', family: 'inline', guardianColumn: true, photoColumn: true },
  { key: 'B', format: 'xlsx', family: 'file', guardianColumn: true, photoColumn: true },
  { key: 'C', format: 'csv', family: 'inline', guardianColumn: true, photoColumn: true },
  { key: 'D', format: 'xlsx', family: 'inline', guardianColumn: false, photoColumn: false },
];
