/**
 * The schema of a rule file (rules/*.yaml, or a campaign's own rule files). A rule is metadata plus
 * one SQL query selecting the failing rows; the runner wraps every rule the same way.
 */
import { z } from 'zod';

export const INPUT_NAMES = ['schools', 'registry', 'family', 'previous_registry', 'headcounts', 'quotas', 'new_students', 'preschool', 'roster', 'vocational_new'] as const;

export const ruleSchema = z.strictObject({
  /** Stable code written in findings.rule, e.g. ID_INVALID. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  severity: z.enum(['error', 'warning']),
  /** Chinese title a school reads in its fix-list (问题). */
  title: z.string().min(1),
  /** Problem family the circular groups rules by (身份证件, 家庭信息, 重复学籍 …). */
  family: z.string().min(1),
  /** What the rule finds, and any choice made where the contract is silent. */
  description: z.string().min(1),
  /** Policy basis shown to the school (依据). */
  basis: z.string().min(1),
  /** What the school must do (整改要求). */
  fix: z.string().min(1),
  /** student: one finding per record; group: per school × grade (student_key empty). */
  level: z.enum(['student', 'group']),
  /** Whether a school's fix-list shows the pupil's ID number in full for this problem (else masked). */
  show_id: z.boolean().default(false),
  /** Inputs the rule needs: when one is absent from the campaign, the rule is skipped, not failed. */
  requires: z.array(z.enum(INPUT_NAMES)).min(1),
  /**
   * The columns a record's own file must have for the rule to judge it: per thing judged, the columns
   * any one of which will do (`columns: [[grade], [birth_date, id_number]]`). Findings on records of a
   * file lacking one are dropped, and the records counted in summary.json rules[].not_judged. Column
   * names are the store's (input-tables.ts), or family_members (see file_column in prelude.sql).
   */
  judges: z.strictObject({
    input: z.enum(INPUT_NAMES),
    columns: z.array(z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1)).min(1),
  }).optional(),
  /** Named thresholds with defaults; the campaign's `thresholds:` overrides them. SQL reads getvariable('name'). */
  thresholds: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.strictObject({ default: z.number(), description: z.string().min(1) })).default({}),
  /**
   * Selects the failing rows with columns student_key, student_name, school_code, school_name, grade,
   * detail, source_file, source_row. getvariable('as_of') and getvariable('school_year') are set.
   */
  sql: z.string().min(1),
});

export type RuleSpec = z.infer<typeof ruleSchema>;

/** Columns every rule's SQL must return, in this order. */
export const RULE_OUTPUT_COLUMNS = ['student_key', 'student_name', 'school_code', 'school_name', 'grade', 'detail', 'source_file', 'source_row'] as const;
