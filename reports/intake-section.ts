/**
 * 数据接收情况 on report/index.html: what the run received and what a person should know about it (the
 * run's warnings, files and their rows and columns, unreadable values, schools not in the school list,
 * schools and 学区 without records). Rendered on its own (templates/intake.hbs) into the overview page.
 */
import { tableSpec } from '../pipeline/load/input-tables.js';
import type { IntakeSummary } from '../pipeline/check/intake.js';
import type { RunWarning } from '../pipeline/warnings.js';
import { render } from './html.js';

export interface IntakeReport {
  summary: IntakeSummary;
  warnings: RunWarning[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The section's HTML (escaped by the template). */
export function intakeSection(report: IntakeReport): string {
  const { summary, warnings } = report;
  const files = summary.files.map((f) => ({
    input: tableSpec(f.table).title,
    file: f.file,
    read: f.read,
    loaded: f.loaded,
    rejected: f.rejected,
    mapped: f.columns.mapped.length,
    unused: f.columns.unused.join('、'),
    unrecognised: f.columns.unrecognised.map((c) => (c.nearest ? `${c.header}（可能是：${c.nearest}）` : c.header)).join('、'),
  }));
  const wholeDistricts = new Set(summary.districtsWithoutRecords.map((d) => d.district));
  return render('intake', {
    files,
    totals: { files: files.length, read: sum(files.map((f) => f.read)), loaded: sum(files.map((f) => f.loaded)), rejected: sum(files.map((f) => f.rejected)) },
    warnings: warnings.map((w) => w.message),
    unreadable: summary.unreadable.map((u) => ({ input: tableSpec(u.table).title, file: u.file, column: u.column, count: u.count, monthOnly: u.monthOnly })),
    unknownSchools: summary.unknownSchools.map((u) => ({ input: tableSpec(u.table).title, file: u.file, code: u.school_code ?? '', name: `${u.school_name ?? ''}${u.shared_name ? '（名录中有多所同名学校）' : ''}`, count: u.count })),
    districtsWithoutRecords: summary.districtsWithoutRecords,
    schoolsWithoutRecords: summary.schoolsWithoutRecords.map((s) => ({ ...s, wholeDistrict: wholeDistricts.has(s.district) })),
  });
}
