import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { keysOf, pupil, runRuleCampaign } from '../helpers/rule-campaign.js';
import { tempDir } from '../helpers/workbook.js';

const RULES = fileURLToPath(new URL('../../rules/', import.meta.url));

const ALL_CODES = ['AGE_GRADE', 'ATTENDING_ELSEWHERE', 'ATTENDING_UNREGISTERED', 'CONTINUATION_MISSING', 'CONTINUATION_NOT_FOUND', 'CONTINUATION_PENDING', 'DROPOUT_COMPULSORY',
  'DUPLICATE_ID', 'DUPLICATE_SUSPECT', 'FAMILY_INCOMPLETE', 'GRADE_REPEAT', 'GUARDIAN_MISSING', 'HEADCOUNT_GAP', 'ID_INVALID', 'ID_MISMATCH', 'ID_MISSING', 'OVER_QUOTA',
  'PHOTO_MISSING', 'REGISTERED_NOT_ATTENDING', 'SCHOOL_UNKNOWN', 'SUSPENSION_OVERDUE', 'VALUE_UNREADABLE', 'VOCATIONAL_DUAL_ADMISSION'];

describe('rule runner', () => {
  it('reports every code in by_rule (0 included) and skips rules whose input is absent, saying why', () => {
    const { summary, out } = runRuleCampaign({ registry: [pupil({ photo: '无' })], extra: 'disable: [ID_MISMATCH]\n' });
    expect(Object.keys(summary.by_rule as object)).toEqual(ALL_CODES);
    expect((summary.by_rule as Record<string, number>).PHOTO_MISSING).toBe(1);
    expect(summary.rules_skipped).toEqual({
      ATTENDING_ELSEWHERE: '活动配置中没有输入 roster',
      ATTENDING_UNREGISTERED: '活动配置中没有输入 roster',
      CONTINUATION_MISSING: '活动配置中没有输入 previous_registry',
      CONTINUATION_NOT_FOUND: '活动配置中没有输入 new_students、preschool',
      CONTINUATION_PENDING: '活动配置中没有输入 new_students、preschool',
      GRADE_REPEAT: '活动配置中没有输入 previous_registry',
      HEADCOUNT_GAP: '活动配置中没有输入 headcounts',
      ID_MISMATCH: '活动配置 disable 中停用',
      OVER_QUOTA: '活动配置中没有输入 quotas',
      REGISTERED_NOT_ATTENDING: '活动配置中没有输入 roster',
      SUSPENSION_OVERDUE: '活动配置中没有输入 previous_registry',
      VOCATIONAL_DUAL_ADMISSION: '活动配置中没有输入 vocational_new',
    });
    expect(summary.headcount).toBeNull();
    expect(readFileSync(join(out, 'rules', 'PHOTO_MISSING.sql'), 'utf8')).toMatch(/^-- rules\/PHOTO_MISSING.yaml: 学生照片缺失\nINSERT INTO findings/);
  });

  it('applies threshold overrides from the campaign', () => {
    const registry = [pupil({ no: 'PLUS2', birth: '2015-09-01', id: '' })];
    expect(keysOf(runRuleCampaign({ registry }).findings, 'AGE_GRADE')).toEqual([]);
    expect(keysOf(runRuleCampaign({ registry, extra: 'thresholds:\n  age_grade_max: 1\n' }).findings, 'AGE_GRADE')).toEqual(['PLUS2']);
  });

  it('adds a campaign\'s own rule file: adding a rule is adding a file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'local-rules'));
    writeFileSync(join(dir, 'local-rules', 'NAME_SHORT.yaml'), `code: NAME_SHORT
severity: warning
title: 姓名只有一个字
family: 基本信息
description: 姓名长度为 1。
basis: 学生基础信息须真实准确。
fix: 核对姓名。
level: student
requires: [registry]
sql: |
  SELECT student_no AS student_key, name AS student_name, school_code, school_name, grade,
         '姓名只有一个字' AS detail, source_file, source_row
  FROM student WHERE length(name) = 1;
`);
    const r = runRuleCampaign({ registry: [pupil({ no: 'ONE', name: '王' }), pupil({ no: 'TWO', name: '王五' })], extra: `rules: [${join(dir, 'local-rules')}/*.yaml]\n` });
    expect(keysOf(r.findings, 'NAME_SHORT')).toEqual(['ONE']);
    expect((r.summary.by_rule as Record<string, number>).NAME_SHORT).toBe(1);
  });

  it('shows the campaign\'s rule_basis as the 依据 of its rule, and the national default for the others', () => {
    const registry = [pupil({ no: 'NOPHOTO', photo: '无' }), pupil({ no: 'NOID', id: '' })];
    const { out } = runRuleCampaign({ registry, extra: 'rule_basis:\n  PHOTO_MISSING: 《安徽省中小学生学籍管理实施细则》第十四条\n' });
    const school = readdirSync(join(out, 'schools')).find((d) => d.startsWith('S1_'))!;
    const page = readFileSync(join(out, 'schools', school, '整改清单.html'), 'utf8');
    expect(page).toContain('《安徽省中小学生学籍管理实施细则》第十四条');
    expect(page).not.toContain('学生照片属学籍信息，学校须采集并上传');
    expect(page).toContain('学籍号以学生居民身份证件号码为基础生成，一人一号、终身不变；无身份证件号码的学生须逐人核实户籍信息（《中小学生学籍管理办法》）。');
  });

  it('bundles national documents as every rule\'s default 依据, not one city\'s', () => {
    for (const file of readdirSync(RULES).filter((f) => f.endsWith('.yaml'))) {
      const basis = /^basis: (.*)$/m.exec(readFileSync(join(RULES, file), 'utf8'))![1];
      expect([file, basis]).toEqual([file, expect.stringMatching(/《中小学生学籍管理办法》|教办厅函〔2015〕43号/)]);
      expect([file, basis]).toEqual([file, expect.not.stringMatching(/绵阳|渭南|西峡|利辛|细则/)]);
    }
  });

  it('names the file, the key and the line of a broken rule file, and of a campaign typo in thresholds or disable', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'local-rules'));
    writeFileSync(join(dir, 'local-rules', 'BROKEN.yaml'), 'code: BROKEN\nseverity: fatal\ntitle: x\nfamily: x\ndescription: x\nbasis: x\nfix: x\nlevel: student\nrequires: [registry]\nsqll: SELECT 1\n');
    const fail = (extra: string) => {
      const d = tempDir();
      mkdirSync(join(d, 'in'));
      writeFileSync(join(d, 'in', 'schools.csv'), '学校标识码,学校名称,学区\nS1,一小,城关\n');
      writeFileSync(join(d, 'in', 'registry.csv'), '全国学籍号,姓名,学校标识码\nG1,王五,S1\n');
      writeFileSync(join(d, 'campaign.yaml'), `name: t\nas_of: 2025-10-28\ninputs:\n  schools: in/schools.csv\n  registry: in/registry.csv\n${extra}`);
      const r = runCli(['run', join(d, 'campaign.yaml'), '--out', join(d, 'out')]);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      return r.stderr;
    };
    const broken = fail(`rules: [${join(dir, 'local-rules')}/*.yaml]\n`);
    expect(broken).toMatch(/BROKEN.yaml: 第10行 未知的键 sqll，是否应为 sql/);
    expect(broken).toMatch(/第2行 severity: 应为 error \/ warning 之一/);
    expect(broken).toMatch(/缺少必需的键 sql/);
    expect(fail('thresholds:\n  headcount_gap_rate: 0.03\n')).toMatch(/thresholds.headcount_gap_rate: 没有这个阈值，是否应为 headcount_gap_ratio/);
    expect(fail('disable: [PHOTO_MISING]\n')).toMatch(/第6行 disable: 没有规则 PHOTO_MISING，是否应为 PHOTO_MISSING/);
    expect(fail('rule_basis:\n  ID_MISSING: 《某细则》第五条\n  PHOTO_MISING: 《某细则》第十条\n')).toMatch(/: 第8行 rule_basis.PHOTO_MISING: 没有规则 PHOTO_MISING，是否应为 PHOTO_MISSING/);
    writeFileSync(join(dir, 'local-rules', 'BROKEN.yaml'), 'code: BROKEN\nseverity: error\ntitle: x\nfamily: x\ndescription: x\nbasis: x\nfix: x\nlevel: student\nrequires: [registry]\nsql: SELECT nosuchcolumn FROM student\n');
    expect(fail(`rules: [${join(dir, 'local-rules')}/*.yaml]\n`)).toMatch(/BROKEN.yaml: sql: 执行失败：Binder Error/);
    // A column `judges` names that its input has not: refused with its line when the rule file is read, before any
    // input is (the runner's own check, when the rule runs after the ingest, knows no line).
    writeFileSync(join(dir, 'local-rules', 'BROKEN.yaml'), 'code: BROKEN\nseverity: error\ntitle: x\nfamily: x\ndescription: x\nbasis: x\nfix: x\nlevel: student\nrequires: [registry]\njudges: {input: registry, columns: [[grade], [birth_date, birthday]]}\nsql: SELECT 1\n');
    const judged = fail(`rules: [${join(dir, 'local-rules')}/*.yaml]\n`);
    expect(judged).toMatch(/BROKEN.yaml: 第10行 judges.columns: registry 没有列 birthday/);
  });

  it('a rule failing while others run on the other connections ends the run at once, with its one line', () => {
    // The rules run side by side; closing a connection while a sibling still ran a rule hung the
    // process in about 2 runs of 5 on the sample campaign before the runner waited for its siblings.
    const dir = tempDir();
    cpSync(fileURLToPath(new URL('../../data-samples/sample', import.meta.url)), dir, { recursive: true });
    mkdirSync(join(dir, 'local-rules'));
    writeFileSync(join(dir, 'local-rules', 'BROKEN.yaml'), 'code: BROKEN\nseverity: error\ntitle: x\nfamily: x\ndescription: x\nbasis: x\nfix: x\nlevel: student\nrequires: [registry]\nsql: SELECT nosuchcolumn FROM student\n');
    writeFileSync(join(dir, 'campaign.yaml'), `${readFileSync(join(dir, 'campaign.yaml'), 'utf8')}\nrules: [local-rules/*.yaml]\n`);
    for (let i = 0; i < 6; i++) {
      const r = spawnSync(process.execPath, [CLI, 'run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')], { encoding: 'utf8', timeout: 60_000 });
      expect([i, r.signal, r.status]).toEqual([i, null, 1]);
      expect(r.stderr).toMatch(/BROKEN.yaml: sql: 执行失败/);
    }
  });
});
