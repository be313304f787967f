/**
 * The run's warnings about what it received (contract, "Never silent"): columns not recognised, columns
 * a rule needs that a file lacks, values that could not be read, rows at schools not in the school list,
 * and schools or 学区 of the list that sent no records. One line of Chinese each, with counts, file,
 * column and school names, never a value from a row.
 */
import type { RunWarning } from '../warnings.js';
import type { IntakeSummary, SchoolWithoutRecords, UnknownSchool } from './intake.js';
import type { RuleOutcome } from './rule-runner.js';

/** At most this many names in one message; the rest are counted. */
const NAMES_SHOWN = 5;

function someNames(names: string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join('、');
  return names.length > NAMES_SHOWN ? `${shown} 等 ${names.length} 个` : shown;
}

export function intakeWarnings(intake: IntakeSummary, rules: RuleOutcome[]): RunWarning[] {
  return [...columnWarnings(intake), ...missingColumnWarnings(rules), ...unreadableWarnings(intake), ...unknownSchoolWarnings(intake), ...schoolWithoutRecordsWarnings(intake)];
}

/** unrecognised_column: each column of a file that is neither mapped nor known; count = the file's rows. */
function columnWarnings(intake: IntakeSummary): RunWarning[] {
  return intake.files.flatMap((f) => f.columns.unrecognised.map((c): RunWarning => ({
    kind: 'unrecognised_column', file: f.file, column: c.header, count: f.read,
    message: `${f.file}: 列“${c.header}”未识别，该列未载入${c.nearest ? `（可能是：${c.nearest}）` : ''}`,
  })));
}

/** missing_column: per file and column a rule judges, the records not judged and by which rules. */
function missingColumnWarnings(rules: RuleOutcome[]): RunWarning[] {
  const byFileColumn = new Map<string, { file: string; column: string; count: number; rules: string[] }>();
  for (const rule of rules) {
    for (const file of rule.notJudged?.files ?? []) {
      for (const column of file.missingHeaders) {
        const key = `${file.file}\u0000${column}`;
        const entry = byFileColumn.get(key) ?? { file: file.file, column, count: 0, rules: [] };
        entry.count = Math.max(entry.count, file.count);
        entry.rules.push(rule.code);
        byFileColumn.set(key, entry);
      }
    }
  }
  return [...byFileColumn.values()].map((w): RunWarning => ({
    kind: 'missing_column', file: w.file, column: w.column, count: w.count,
    message: `${w.file}: 缺少列 ${w.column}，该文件 ${w.count} 条记录不做 ${w.rules.join('、')} 判断`,
  }));
}

/** unreadable_value: per file and column, the values normalisation could not read. */
function unreadableWarnings(intake: IntakeSummary): RunWarning[] {
  return intake.unreadable.map((u): RunWarning => ({
    kind: 'unreadable_value', file: u.file, column: u.column, count: u.count,
    message: `${u.file}: ${u.column} 有 ${u.count} 个值无法识别${u.monthOnly ? `（其中 ${u.monthOnly} 个只有年月，缺少日）` : ''}，按空值处理${u.table === 'registry' ? '，已列入整改清单（VALUE_UNREADABLE）' : ''}`,
  }));
}

/** unknown_school: per file, the rows whose school is not in the school list. */
function unknownSchoolWarnings(intake: IntakeSummary): RunWarning[] {
  const byFile = new Map<string, UnknownSchool[]>();
  for (const u of intake.unknownSchools) byFile.set(u.file, [...(byFile.get(u.file) ?? []), u]);
  return [...byFile].map(([file, schools]): RunWarning => {
    const count = schools.reduce((n, s) => n + s.count, 0);
    const named = (list: UnknownSchool[]) => someNames(list.map((s) => s.school_code ?? s.school_name ?? '学校为空'));
    const absent = schools.filter((s) => !s.shared_name);
    const shared = schools.filter((s) => s.shared_name);
    const registry = schools[0].table === 'registry';
    const which = shared.length === 0
      ? `的学校不在学校名录中（${named(absent)}）`
      : `的学校对不上学校名录中的一所学校（${absent.length ? `不在名录中：${named(absent)}；` : ''}名录中有多所同名学校、须填写学校标识码：${named(shared)}）`;
    return {
      kind: 'unknown_school', file, count,
      message: `${file}: ${count} ${registry ? '条学籍' : '行'}${which}，不计入任何学校${registry ? '的学籍数，已列入 SCHOOL_UNKNOWN' : ''}`,
    };
  });
}

/**
 * school_without_records: a 学区 none of whose schools sent a record (a file left out?) as one warning;
 * in the other 学区, their schools without records, one warning per 学区.
 */
function schoolWithoutRecordsWarnings(intake: IntakeSummary): RunWarning[] {
  const whole = new Set(intake.districtsWithoutRecords.map((d) => d.district));
  const byDistrict = new Map<string, SchoolWithoutRecords[]>();
  for (const s of intake.schoolsWithoutRecords) byDistrict.set(s.district, [...(byDistrict.get(s.district) ?? []), s]);
  const schoolsFile = intake.files.find((f) => f.table === 'schools')?.file;
  return [...byDistrict].map(([district, schools]): RunWarning => ({
    kind: 'school_without_records', file: schoolsFile, count: schools.length,
    message: whole.has(district)
      ? `学区“${district}”的 ${schools.length} 所学校都没有学籍记录（是否漏交了该学区的学籍文件？）`
      : `学区“${district}”有 ${schools.length} 所学校没有学籍记录：${someNames(schools.map((s) => `${s.school_name}（${s.school_code}）`))}`,
  }));
}
