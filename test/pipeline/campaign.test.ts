import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadCampaign, parseCampaign } from '../../pipeline/campaign.js';
import { CliError } from '../../pipeline/cli-error.js';
import { tempDir, writeText } from '../helpers/workbook.js';

const VALID = `name: 测试县2025年秋季学籍核查
as_of: 2025-10-28
inputs:
  schools: schools.xlsx
  registry: [registry/*.xlsx]
`;

function problem(text: string): string {
  try {
    parseCampaign(text, 'campaign.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('campaign file', () => {
  it('parses a valid file with defaults filled in', () => {
    const c = parseCampaign(VALID, 'campaign.yaml');
    expect(c.as_of).toBe('2025-10-28');
    expect(c.thresholds).toEqual({});
    expect(c.disable).toEqual([]);
  });

  it('names an unknown key, its line and the nearest valid key', () => {
    const message = problem(VALID.replace('  registry:', '  registy:'));
    expect(message).toContain('campaign.yaml');
    expect(message).toContain('第5行');
    expect(message).toContain('inputs.registy');
    expect(message).toMatch(/did you mean registry\?/);
    expect(message).toContain('缺少必需的键 inputs.registry');
    expect(message).not.toContain('\n');
  });

  it('names the key, what was expected and what was found for a wrong type', () => {
    const message = problem(`${VALID}school_year: 二〇二五\n`);
    expect(message).toMatch(/第6行 school_year: 应为数字，实际为文本“二〇二五”/);
    expect(problem(VALID.replace('2025-10-28', '2025-02-30'))).toMatch(/第2行 as_of: 应为日期.*实际为“2025-02-30”/);
    expect(problem(VALID.replace('2025-10-28', '2014'))).toMatch(/第2行 as_of: 应为日期/);
  });

  it('reads dates in every form the data accept, and refuses a deadline before as_of', () => {
    for (const form of ['2025/10/28', '20251028', '2025年10月28日', '2025.10.28']) {
      expect(parseCampaign(VALID.replace('2025-10-28', form), 'campaign.yaml').as_of).toBe('2025-10-28');
    }
    expect(problem(`${VALID}deadline: 2025-10-01\n`)).toMatch(/deadline: 整改期限 2025-10-01 早于核查基准日 2025-10-28/);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(problem('name: a\ninputs: [\n')).toMatch(/YAML 格式错误/);
  });

  it('resolves globs relative to the campaign file and refuses a pattern that matches nothing', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'registry'));
    writeText(join(dir, 'schools.xlsx'), '');
    writeText(join(dir, 'registry', 'b.xlsx'), '');
    writeText(join(dir, 'registry', 'a.xlsx'), '');
    writeText(join(dir, 'registry', '~$a.xlsx'), '');
    writeText(join(dir, 'campaign.yaml'), VALID);
    const c = await loadCampaign(join(dir, 'campaign.yaml'));
    expect(c.inputs.registry?.map((f) => f.display)).toEqual(['registry/a.xlsx', 'registry/b.xlsx']);
    expect(c.school_year).toBe(2025);
    writeText(join(dir, 'campaign.yaml'), VALID.replace('registry/*.xlsx', 'registry/*.csv'));
    await expect(loadCampaign(join(dir, 'campaign.yaml'))).rejects.toThrow(/inputs.registry: 没有与“registry\/\*.csv”匹配的文件/);
  });
});
