import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { queryStore } from '../helpers/store.js';
import { tempDir } from '../helpers/workbook.js';

const SAMPLE = fileURLToPath(new URL('../../data-samples/sample/campaign.yaml', import.meta.url));

describe('personal data never reaches the log or the terminal', () => {
  it('run.log, stdout and stderr of a full run hold no name, ID, 学籍号, address or phone of the input', async () => {
    const out = join(tempDir('xueji-pii-'), 'out');
    const r = runCli(['run', SAMPLE, '--out', out, '--verbose', '--store']);
    expect(r.code).toBe(0);
    const values = (await queryStore<{ v: string }>(join(out, 'xueji.duckdb'), `
      SELECT DISTINCT v FROM (
        SELECT unnest([student_no, name, id_number, address, hukou, phone]) AS v FROM registry
        UNION ALL SELECT unnest([student_no, name, id_number, address, hukou, phone]) FROM previous_registry
        UNION ALL SELECT unnest([member_name, phone, id_number]) FROM family
        UNION ALL SELECT unnest([name, id_number]) FROM new_students
        UNION ALL SELECT unnest([name, id_number]) FROM preschool)
      WHERE v IS NOT NULL AND length(v) >= 2`)).map((x) => x.v);
    expect(values.length).toBeGreaterThan(1000);
    const log = readFileSync(join(out, 'run.log'), 'utf8');
    expect(log.length).toBeGreaterThan(500);
    for (const [name, text] of [['run.log', log], ['stdout', r.stdout], ['stderr', r.stderr]] as const) {
      // Two-character names can occur inside school names; every other value must not appear at all.
      const leaked = values.filter((v) => (v.length > 2 || /\d/.test(v)) && text.includes(v));
      expect([name, leaked]).toEqual([name, []]);
    }
  });
});
