import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadCampaign, parseCampaign } from '../../pipeline/campaign.js';
import { CliError } from '../../pipeline/cli-error.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeText, writeWorkbook } from '../helpers/workbook.js';

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
    expect(message).toContain('是否应为 registry？');
    expect(message).toContain('第3行 缺少必需的键 inputs.registry');
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

  it('reports every YAML syntax error in Chinese, one line, at the line to fix, naming the usual cause', () => {
    const cases: [string, RegExp][] = [
      [VALID.replace('  registry', '\tregistry'), /^campaign.yaml: 第5行 格式错误：请用空格缩进，不要用 Tab$/],
      [VALID.replace('name: ', 'name：'), /^campaign.yaml: 第1行 格式错误：键 name 后面是全角冒号“：”，请改为半角冒号加空格/],
      [VALID.replace('inputs:', 'inputs：'), /^campaign.yaml: 第3行 格式错误：键 inputs 后面是全角冒号“：”[^；]*$/],
      [`${VALID}deadline：2025-11-18\n`, /^campaign.yaml: 第6行 格式错误：键 deadline 后面是全角冒号/],
      // The yaml library reads these as plain text, not as a syntax error: the schema's complaint names the slip.
      ['name：测试\n', /^campaign.yaml: 第1行 键 name 后面是全角冒号/],
      [VALID.replace('  registry: [registry/*.xlsx]\n', '').replace('  schools: ', '  schools：'), /^campaign.yaml: 第4行 inputs: 键 schools 后面是全角冒号/],
      [`${VALID}rule_basis:\n  PHOTO_MISSING：《办法》第五条\n`, /^campaign.yaml: 第7行 rule_basis: 键 PHOTO_MISSING 后面是全角冒号/],
      [VALID.replace('  schools', '\u3000\u3000schools'), /^campaign.yaml: 第4行 格式错误：缩进中有全角空格，请用半角空格缩进$/],
      [VALID.replace('as_of: ', 'as_of:'), /^campaign.yaml: 第2行 格式错误：键 as_of 的冒号后面缺少空格/],
      [VALID.replace('name: ', 'name: "'), /^campaign.yaml: 第1行 格式错误：引号没有闭合/],
      [VALID.replace('name: ', "name: '"), /^campaign.yaml: 第1行 格式错误：引号没有闭合/],
      [`${VALID}name: 又一次\n`, /^campaign.yaml: 第6行 格式错误：键 name 重复（第1行已有）/],
      [`${VALID}  schools: other.xlsx\n`, /^campaign.yaml: 第6行 格式错误：键 schools 重复（第4行已有）/],
      [VALID.replace('[registry/*.xlsx]', '*.xlsx'), /^campaign.yaml: 第5行 格式错误：以 \* 开头的值请加引号（如 "\*.xlsx"）/],
      [VALID.replace('[registry/*.xlsx]', '[registry/*.xlsx') + 'out: x\n', /^campaign.yaml: 第6行 格式错误：方括号 \[ 没有闭合/],
      [`${VALID}out: "C:\\data\\out"\n`, /^campaign.yaml: 第6行 格式错误：双引号中的反斜杠/],
      [VALID.replace('  registry', '   registry'), /^campaign.yaml: 第4行 格式错误：缩进不对/],
      [`${VALID}---\nname: b\n`, /^campaign.yaml: 第6行 格式错误：文件中只能有一份配置/],
      ['- a\n- b\n', /^campaign.yaml: 第1行 应为“键: 值”的映射，实际为列表$/],
    ];
    for (const [text, expected] of cases) {
      const message = problem(text);
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
      expect(message, 'no English sentence left from the yaml library').not.toMatch(/[A-Za-z]+ [a-z]+ [a-z]+/);
    }
  });

  it('says what is wrong with a value in Chinese, at its line', () => {
    expect(problem(VALID.replace('测试县2025年秋季学籍核查', '""'))).toBe('campaign.yaml: 第1行 name: 不能为空');
    expect(problem(VALID.replace('[registry/*.xlsx]', '[]'))).toBe('campaign.yaml: 第5行 inputs.registry: 不能为空');
    expect(problem(VALID.replace('2025-10-28', '[1]'))).toBe('campaign.yaml: 第2行 as_of: 应为日期（如 2025-10-28），实际为列表');
    expect(problem(`${VALID}document:\n  basis: 《中小学生学籍管理办法》\n`)).toBe('campaign.yaml: 第7行 document.basis: 应为列表，实际为文本“《中小学生学籍管理办法》”');
    expect(problem(VALID.replace('[registry/*.xlsx]', '{path: registry/*.xlsx, sheets: 学生}'))).toBe('campaign.yaml: 第5行 未知的键 inputs.registry.sheets，是否应为 sheet？');
  });

  it('places rules:, disable: and thresholds: problems at their line (checked with the rule set, end to end)', () => {
    const failure = (extra: string) => {
      const dir = tempDir();
      writeText(join(dir, 'schools.csv'), '学校标识码,学校名称,学区\nS1,一小,城关\n');
      writeText(join(dir, 'registry.csv'), '全国学籍号,姓名,学校标识码\nG1,王五,S1\n');
      writeText(join(dir, 'campaign.yaml'), `name: t\nas_of: 2025-10-28\ninputs:\n  schools: schools.csv\n  registry: registry.csv\n${extra}`);
      const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]);
      expect(r.code).toBe(1);
      return r.stderr;
    };
    expect(failure('rules: [local/*.yaml]\n')).toBe('xueji: 错误: campaign.yaml: 第6行 rules: 没有与“local/*.yaml”匹配的规则文件\n');
    expect(failure('disable:\n  - ID_INVALID\n  - PHOTO_MISING\n')).toBe('xueji: 错误: campaign.yaml: 第8行 disable: 没有规则 PHOTO_MISING，是否应为 PHOTO_MISSING？\n');
    expect(failure('thresholds:\n  headcount_gap_rate: 0.03\n')).toBe('xueji: 错误: campaign.yaml: 第7行 thresholds.headcount_gap_rate: 没有这个阈值，是否应为 headcount_gap_ratio？\n');
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
    await expect(loadCampaign(join(dir, 'campaign.yaml'))).rejects.toThrow('campaign.yaml: 第5行 inputs.registry: 没有与“registry/*.csv”匹配的文件');
  });

  it('reads a campaign file saved as GBK (Notepad "ANSI") or UTF-16 as well as UTF-8', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'registry'));
    writeText(join(dir, 'schools.xlsx'), '');
    writeText(join(dir, 'registry', 'a.xlsx'), '');
    const text = `${VALID}bureau: 利辛县教育局\n`;
    for (const bytes of [iconv.encode(text, 'gbk'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.from(`\uFEFF${text}`)]) {
      writeText(join(dir, 'campaign.yaml'), bytes);
      const c = await loadCampaign(join(dir, 'campaign.yaml'));
      expect([c.name, c.bureau]).toEqual(['测试县2025年秋季学籍核查', '利辛县教育局']);
    }
  });

  it('warns, at its line, of a pattern that matches nothing when another pattern of the input matches', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'registry'));
    writeText(join(dir, 'schools.xlsx'), '');
    writeText(join(dir, 'registry', 'a.xlsx'), '');
    writeText(join(dir, 'campaign.yaml'), `${VALID.replace('[registry/*.xlsx]', '[registry/*.xlsx, registry/*.csv]')}  family:\n    path: [family/*.xlsx]\n`);
    const c = await loadCampaign(join(dir, 'campaign.yaml'));
    expect(c.inputs.registry?.map((f) => f.display)).toEqual(['registry/a.xlsx']);
    expect(c.inputs.family).toBeUndefined();
    expect(c.warnings).toEqual([
      { kind: 'pattern_matched_nothing', file: 'campaign.yaml', count: 0, message: 'campaign.yaml: 第5行 inputs.registry: “registry/*.csv”没有匹配到文件（其他模式已匹配 1 个文件）' },
      { kind: 'pattern_matched_nothing', file: 'campaign.yaml', count: 0, message: 'campaign.yaml: 第7行 inputs.family: “family/*.xlsx”没有匹配到文件，该输入视为未提供，依赖它的规则跳过' },
    ]);
  });

  it('runs the README template `registry: [registry/*.xlsx, registry/*.csv]` without a CSV: exit 0 and the warning on the terminal and in summary.json', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'registry'));
    writeText(join(dir, 'schools.csv'), '学校标识码,学校名称,学区\n2134160001,城关一小,城关\n');
    await writeWorkbook(join(dir, 'registry', '城关.xlsx'), [
      ['全国学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '学校标识码', '学校名称', '年级', '班级', '学籍状态'],
      ['G341622201603150011', '测试甲', '男', '2016-03-15', '居民身份证', '341622201603150011', '2134160001', '城关一小', '三年级', '1', '在校'],
    ]);
    writeText(join(dir, 'campaign.yaml'), 'name: 模板测试\nas_of: 2025-10-28\ninputs:\n  schools: schools.csv\n  registry: [registry/*.xlsx, registry/*.csv]\nout: out/2025-fall\n');
    const r = runCli(['run', join(dir, 'campaign.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('警告: campaign.yaml: 第5行 inputs.registry: “registry/*.csv”没有匹配到文件（其他模式已匹配 1 个文件）\n');
    const summary = JSON.parse(readFileSync(join(dir, 'out', '2025-fall', 'summary.json'), 'utf8')) as { rows: { loaded: number }; warnings: { kind: string; message: string }[] };
    expect(summary.rows.loaded).toBe(2);
    expect(summary.warnings.filter((w) => w.kind === 'pattern_matched_nothing').map((w) => w.message)).toEqual(['campaign.yaml: 第5行 inputs.registry: “registry/*.csv”没有匹配到文件（其他模式已匹配 1 个文件）']);
  });
});
