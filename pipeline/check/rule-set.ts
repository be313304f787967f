/**
 * The rules of a run: every bundled rule file in rules/, plus the campaign's own (`rules:` globs),
 * minus `disable:`, with `thresholds:` and `rule_basis:` overrides applied. The runner knows no rule by
 * name: adding a rule is adding a file.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { ruleSchema, type RuleSpec } from '../../rules/rule-schema.js';
import { CliError } from '../cli-error.js';
import { unknownJudgedColumns } from './judged-files.js';
import { nearestKey } from '../nearest-key.js';
import { YamlFile } from '../yaml-file.js';

export const RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

export interface Rule extends RuleSpec {
  /** The rule file, as shown in messages. */
  file: string;
  /** Threshold values in force: the rule's defaults, overridden by the campaign. */
  values: Record<string, number>;
}

export interface RuleSet {
  rules: Rule[];
  disabled: Rule[];
}

export interface RuleSetOptions {
  /** Campaign folder, for relative rule globs. */
  dir: string;
  /** The campaign file, for the line of `rules:`, `disable:` and `thresholds:` entries in messages. */
  campaign: YamlFile;
  extraRuleGlobs: string[];
  disable: string[];
  thresholds: Record<string, number>;
  /** The campaign's `rule_basis:`: per rule code, the 依据 that replaces the rule file's `basis`. */
  ruleBasis?: Record<string, string>;
}

async function readRule(path: string, display: string): Promise<Rule> {
  // Decoded as the campaign file is: a rule file saved by Notepad as GBK reads right too.
  const file = YamlFile.parse(YamlFile.decode(await readFile(path)), display);
  const spec = file.validate(ruleSchema);
  // Checked here, before the run reads its inputs: a wrong name in a campaign's own rule costs no ingest.
  const unknown = spec.judges ? unknownJudgedColumns(spec.judges) : [];
  if (unknown.length) file.fail(unknown.map(({ at, column }) => file.at({ path: ['judges', 'columns', ...at], message: `${spec.judges!.input} 没有列 ${column}` })));
  return { ...spec, file: display, values: Object.fromEntries(Object.entries(spec.thresholds).map(([k, t]) => [k, t.default])) };
}

export async function loadRuleSet(options: RuleSetOptions): Promise<RuleSet> {
  const bundled = (await readdir(RULES_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  const rules: Rule[] = [];
  for (const f of bundled) rules.push(await readRule(join(RULES_DIR, f), `rules/${f}`));
  const campaign = options.campaign;
  for (const [i, pattern] of options.extraRuleGlobs.entries()) {
    const files = (await glob(pattern, { cwd: options.dir, absolute: true, onlyFiles: true })).sort();
    if (files.length === 0) campaign.fail([campaign.at({ path: ['rules', i], message: `没有与“${pattern}”匹配的规则文件` })]);
    for (const f of files) rules.push(await readRule(f, relative(options.dir, f)));
  }
  const byCode = new Map<string, Rule>();
  for (const rule of rules) {
    const other = byCode.get(rule.code);
    if (other) throw new CliError(`${rule.file}: code: 规则代码 ${rule.code} 与 ${other.file} 重复`);
    byCode.set(rule.code, rule);
  }
  const codes = [...byCode.keys()];
  // Every problem of these keys at once, each at its line in the campaign file.
  const problems: string[] = [];
  const unknownRule = (code: string) => {
    const guess = nearestKey(code, codes);
    return `没有规则 ${code}${guess ? `，是否应为 ${guess}？` : ''}`;
  };
  options.disable.forEach((code, i) => {
    if (!byCode.has(code)) problems.push(campaign.at({ path: ['disable', i], message: unknownRule(code) }));
  });
  for (const code of Object.keys(options.ruleBasis ?? {})) {
    if (!byCode.has(code)) problems.push(campaign.at({ path: ['rule_basis', code], message: unknownRule(code) }));
  }
  const thresholdNames = rules.flatMap((r) => Object.keys(r.thresholds));
  for (const [name, value] of Object.entries(options.thresholds)) {
    const owners = rules.filter((r) => name in r.thresholds);
    if (owners.length === 0) {
      const guess = nearestKey(name, thresholdNames);
      problems.push(campaign.at({ path: ['thresholds', name], message: `没有这个阈值${guess ? `，是否应为 ${guess}？` : `（可用：${thresholdNames.join(', ')}）`}` }));
    }
    for (const r of owners) r.values[name] = value;
  }
  if (problems.length) campaign.fail(problems);
  for (const [code, basis] of Object.entries(options.ruleBasis ?? {})) byCode.get(code)!.basis = basis;
  const disabled = new Set(options.disable);
  const byCodeOrder = (a: Rule, b: Rule) => a.code.localeCompare(b.code);
  return { rules: rules.filter((r) => !disabled.has(r.code)).sort(byCodeOrder), disabled: rules.filter((r) => disabled.has(r.code)).sort(byCodeOrder) };
}
