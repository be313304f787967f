/**
 * After ingest: rows that name their school only by 学校名称 get its 学校标识码 from the school list,
 * so every later stage can join on the code. A name listed twice under one code still links; a name two
 * codes share does not.
 */
import type { Store } from './store.js';

export async function linkSchoolCodes(store: Store): Promise<void> {
  for (const table of ['registry', 'previous_registry', 'headcounts', 'roster']) {
    await store.run(`
      UPDATE ${table} t SET school_code = s.school_code
      FROM (SELECT school_name, min(school_code) AS school_code FROM schools GROUP BY school_name HAVING count(DISTINCT school_code) = 1) s
      WHERE t.school_code IS NULL AND t.school_name = s.school_name`);
  }
}
