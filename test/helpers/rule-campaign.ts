/**
 * Tiny campaigns for rule tests: pupils as objects with clean defaults (a valid ID agreeing with
 * birth date and sex, a guardian with a phone, family data, photo, an age fitting the grade), written
 * as UTF-8 CSV files, run through the CLI; returns the findings.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkDigit } from '../../data-samples/generator/identity.js';
import { runCli } from './cli.js';
import { parseCsv } from './findings-compare.js';
import { tempDir } from './workbook.js';

export function validId(birth: string, seq: number, region = '341623'): string {
  const f = region + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
  return f + checkDigit(f);
}

export interface TestPupil {
  no?: string;
  name?: string;
  sex?: string;
  birth?: string;
  idType?: string;
  id?: string;
  hukou?: string;
  address?: string;
  school?: string;
  grade?: string;
  status?: string;
  photo?: string;
  guardian?: string;
  guardianName?: string;
  guardianPhone?: string;
}

let serial = 100;

/** A clean grade-3 pupil of school S1 (school year 2025); override what the test is about. */
export function pupil(p: TestPupil = {}): Required<TestPupil> {
  const seq = (serial += 2) % 1000;
  const birth = p.birth ?? '2016-03-15';
  const sex = p.sex ?? '男';
  const id = p.id ?? validId(birth, sex === '女' ? seq : seq + 1);
  return {
    no: p.no ?? `G${id || seq}`, name: p.name ?? `学生${seq}`, sex, birth, idType: p.idType ?? '居民身份证', id,
    hukou: p.hukou ?? '安徽省利辛县', address: p.address ?? '城关镇', school: p.school ?? 'S1', grade: p.grade ?? '三年级',
    status: p.status ?? '在校', photo: p.photo ?? '有', guardian: p.guardian ?? '是', guardianName: p.guardianName ?? '家长', guardianPhone: p.guardianPhone ?? '13812345678',
  };
}

const REGISTRY_HEADER = ['全国学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '户口所在地', '现住址', '学校标识码', '年级', '学籍状态', '照片', '成员1姓名', '成员1是否监护人', '成员1联系电话'];

function registryRows(pupils: Required<TestPupil>[], header = REGISTRY_HEADER): string[][] {
  const all = (p: Required<TestPupil>) => [p.no, p.name, p.sex, p.birth, p.idType, p.id, p.hukou, p.address, p.school, p.grade, p.status, p.photo, p.guardianName, p.guardian, p.guardianPhone];
  return pupils.map((p) => header.map((h) => all(p)[REGISTRY_HEADER.indexOf(h)]));
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\n') + '\n';

export interface RuleCampaign {
  registry: Required<TestPupil>[];
  /** Registry columns to write (default: all); leave some out to test "column absent". */
  registryHeader?: string[];
  previous?: Required<TestPupil>[];
  family?: (string | number)[][];
  headcounts?: (string | number)[][];
  quotas?: (string | number)[][];
  newStudents?: (string | number)[][];
  preschool?: (string | number)[][];
  /** 在校生花名册 and 中职新生名单 rows, header first. */
  roster?: (string | number)[][];
  vocational?: (string | number)[][];
  /** Further rows of the school list (S1 第一小学 城关, S2 第二小学 城北, S3 城关中学 城关 are always there). */
  moreSchools?: (string | number)[][];
  extra?: string;
}

export type Finding = Record<string, string>;

export function runRuleCampaign(c: RuleCampaign): { findings: Finding[]; summary: Record<string, unknown>; out: string } {
  const dir = tempDir('xueji-rule-');
  mkdirSync(join(dir, 'in'));
  const write = (name: string, rows: (string | number)[][]) => writeFileSync(join(dir, 'in', name), csv(rows));
  write('schools.csv', [['学校标识码', '学校名称', '学区'], ['S1', '第一小学', '城关'], ['S2', '第二小学', '城北'], ['S3', '城关中学', '城关'], ...(c.moreSchools ?? [])]);
  const header = c.registryHeader ?? REGISTRY_HEADER;
  write('registry.csv', [header, ...registryRows(c.registry, header)]);
  const inputs = ['  schools: in/schools.csv', '  registry: in/registry.csv'];
  if (c.previous) { write('previous.csv', [REGISTRY_HEADER, ...registryRows(c.previous)]); inputs.push('  previous_registry: in/previous.csv'); }
  const optional: [keyof RuleCampaign, string][] = [['family', 'family'], ['headcounts', 'headcounts'], ['quotas', 'quotas'], ['newStudents', 'new_students'], ['preschool', 'preschool'], ['roster', 'roster'], ['vocational', 'vocational_new']];
  for (const [key, input] of optional) {
    const rows = c[key] as (string | number)[][] | undefined;
    if (rows) { write(`${input}.csv`, rows); inputs.push(`  ${input}: in/${input}.csv`); }
  }
  writeFileSync(join(dir, 'campaign.yaml'), `name: 规则测试\nschool_year: 2025\nas_of: 2025-10-28\ninputs:\n${inputs.join('\n')}\n${c.extra ?? ''}`);
  const out = join(dir, 'out');
  const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', out]);
  if (r.code !== 0) throw new Error(`xueji run failed: ${r.stderr}`);
  return {
    findings: parseCsv(readFileSync(join(out, 'findings.csv'), 'utf8')),
    summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')),
    out,
  };
}

/** student_key of every finding of `rule`, sorted. */
export function keysOf(findings: Finding[], rule: string): string[] {
  return findings.filter((f) => f.rule === rule).map((f) => f.student_key).sort();
}
