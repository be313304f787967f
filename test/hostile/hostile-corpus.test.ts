import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliMeasured } from '../helpers/cli.js';
import { queryStore } from '../helpers/store.js';
import { tempDir } from '../helpers/workbook.js';
import { CASES, buildCase, type HostileCase } from './corpus.js';

async function run(c: HostileCase) {
  const dir = tempDir('xueji-hostile-');
  mkdirSync(join(dir, 'registry'));
  writeFileSync(join(dir, 'schools.csv'), '学校标识码,学校名称,学区\nS1,一小,城关\n');
  writeFileSync(join(dir, 'campaign.yaml'), 'name: 测试\nas_of: 2025-10-28\ninputs:\n  schools: schools.csv\n  registry: registry/*\n');
  await buildCase(dir, c);
  const r = await runCliMeasured(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out'), '--store']);
  return { dir, ...r };
}

describe('hostile and broken input', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.refused ? 'refused with one clear line' : 'accepted, every row accounted for'}; peak memory under 1 GiB`, async () => {
      const r = await run(c);
      expect(r.stderr).not.toMatch(/内部错误|\n\s+at |Error:/);
      expect(r.peakMiB).toBeLessThan(1024);
      if (c.refused) {
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(c.refused);
      } else {
        expect([r.code, r.stderr]).toEqual([0, '']);
        const summary = JSON.parse(readFileSync(join(r.dir, 'out', 'summary.json'), 'utf8'));
        const file = summary.files.find((f: { table: string }) => f.table === 'registry');
        expect({ read: file.read, loaded: file.loaded, rejected: file.rejected }).toEqual(c.rows);
        expect(summary.rows.read).toBe(summary.rows.loaded + summary.rows.rejected);
      }
    });
  }

  it('values come through normalised: invisible characters gone, full-width folded, formula values cached, 1904 dates', async () => {
    const invisible = await run(CASES.find((c) => c.name.startsWith('zero-width'))!);
    const [row] = await queryStore(join(invisible.dir, 'out', 'xueji.duckdb'), 'SELECT student_no, name, school_code FROM registry');
    expect(row).toEqual({ student_no: 'G341623201603150011', name: '王五', school_code: 'S1' });
    const formulas = await run(CASES.find((c) => c.name.startsWith('formula cells'))!);
    const rows = await queryStore(join(formulas.dir, 'out', 'xueji.duckdb'), 'SELECT student_no, name, CAST(birth_date AS VARCHAR) AS birth FROM registry ORDER BY source_row');
    expect(rows).toEqual([{ student_no: 'G1', name: '王五', birth: '2014-03-02' }, { student_no: 'G2', name: null, birth: '2014-03-02' }]);
    const damaged = await run(CASES.find((c) => c.name.startsWith('IDs damaged'))!);
    const findings = readFileSync(join(damaged.dir, 'out', 'findings.csv'), 'utf8');
    expect(findings.match(/ID_INVALID.*Excel/g)).toHaveLength(2);
  });

  it('rejected.csv names the row and the reason: a shared-string index past the table, a control character', async () => {
    const rejected = async (name: string) => {
      const r = await run(CASES.find((c) => c.name === name)!);
      return readFileSync(join(r.dir, 'out', 'rejected.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    };
    expect(await rejected('shared-string indexes past the table\'s end')).toEqual([
      'registry/a.xlsx,3,registry,第2列的共享字符串编号 99 超出共享字符串表（共 8 条），无法读出该单元格',
      'registry/a.xlsx,4,registry,第2列的共享字符串编号 1234 超出共享字符串表（共 8 条），无法读出该单元格',
    ]);
    expect(await rejected('NUL and control characters in CSV cells')).toEqual([
      'registry/a.csv,3,registry,第2列含控制字符（如 NUL），可能是文件损坏或编码不对',
      'registry/a.csv,4,registry,第3列含控制字符（如 NUL），可能是文件损坏或编码不对',
    ]);
  });
});
