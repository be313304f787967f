/**
 * After ingest: rows that name their school only by 学校名称 get its 学校标识码 from the school list,
 * so every later stage can join on the code. A name listed twice under one code still links; a name two
 * codes share does not. The view `school_name_codes` (each name of the list, how many codes it has) is
 * what the intake summary and SCHOOL_UNKNOWN read to tell a shared name from one not in the list.
 */
import type { Store } from './store.js';

export async function linkSchoolCodes(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW school_name_codes AS
    SELECT school_name, count(DISTINCT school_code) AS codes, min(school_code) AS school_code FROM schools GROUP BY school_name`);
  for (const table of ['registry', 'previous_registry', 'headcounts', 'roster']) {
    await store.run(`
      UPDATE ${table} t SET school_code = s.school_code
      FROM school_name_codes s
      WHERE s.codes = 1 AND t.school_code IS NULL AND t.school_name = s.school_name`);
  }
}
