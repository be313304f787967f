/**
 * What a run could use but a person should know about (contract, "Never silent"): a column not
 * recognised, a school not in the list, a pattern that matched nothing… Each warning goes to
 * summary.json `warnings`, one line on the terminal and 数据接收情况 in index.html. Messages carry
 * counts, file, sheet and column names, never a value from a row.
 */
export type WarningKind =
  | 'unrecognised_column'
  | 'missing_column'
  | 'unknown_school'
  | 'unreadable_value'
  | 'school_without_records'
  | 'pattern_matched_nothing';

export interface RunWarning {
  kind: WarningKind;
  /** The input file as shown to people (relative to the campaign file), when the warning is about one. */
  file?: string;
  sheet?: string;
  column?: string;
  count: number;
  /** One line of Chinese for the terminal and the overview page. */
  message: string;
}
