/**
 * Which schools of the school list sent registry records. A school that sent none has no problem
 * records either, and must not be praised for it: the circular names it under 一、基本情况 instead, and
 * praises only 学区 whose every school sent data.
 */
import { UNKNOWN_DISTRICT } from '../../pipeline/check/headcount-summary.js';
import type { ReportData, SchoolRow } from '../report-data.js';

export interface Coverage {
  /** Schools of the list that sent at least one record. */
  reporting: SchoolRow[];
  /** Schools of the list that sent none. */
  silent: SchoolRow[];
  /** 学区 none of whose schools sent a record. */
  silentDistricts: string[];
  /** 学区 every school of which sent records: the only ones the circular may praise. */
  fullDistricts: string[];
}

export function coverage(data: Pick<ReportData, 'schools' | 'districts'>): Coverage {
  // Rows made for findings outside the list (no school, or a code not in it) are neither praised nor named.
  const listed = data.schools.filter((s) => s.school_code !== '' && s.district !== UNKNOWN_DISTRICT);
  const silent = listed.filter((s) => s.records === 0);
  const districts = [...new Set(listed.map((s) => s.district))];
  const inDistrict = (d: string) => listed.filter((s) => s.district === d);
  return {
    reporting: listed.filter((s) => s.records > 0),
    silent,
    silentDistricts: districts.filter((d) => inDistrict(d).every((s) => s.records === 0)),
    fullDistricts: districts.filter((d) => inDistrict(d).every((s) => s.records > 0)),
  };
}

/** A school's problem records of pupils: its findings less its group-level ones (school × grade cells). */
export function pupilFindings(data: Pick<ReportData, 'groupFindings'>): (s: SchoolRow) => number {
  const cells = new Map<string, number>();
  for (const g of data.groupFindings) cells.set(g.school_code, (cells.get(g.school_code) ?? 0) + 1);
  return (s) => s.findings - (cells.get(s.school_code) ?? 0);
}
