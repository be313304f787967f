/**
 * The campaign file: YAML validated by a zod schema. Every problem names the YAML key and its
 * line; an unknown key also names the nearest valid one. All problems of the file are reported
 * together, on one line.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { glob } from 'tinyglobby';
import { existsSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { shownPath } from './shown-path.js';
import { YamlFile } from './yaml-file.js';
import type { InputName } from './load/input-tables.js';
import type { InputFile } from './read/table-reader.js';
import { normaliseDate } from './load/normalize.js';
import type { RunWarning } from './warnings.js';
import { normaliseEncodingName, type TextEncodingName } from './read/text-decoding.js';

/** A date in any form the data accept (YYYY-MM-DD, YYYY/M/D, YYYYMMDD, YYYY年M月D日, YYYY.MM.DD), as YYYY-MM-DD. */
const campaignDate = z.union([z.string(), z.date(), z.number()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  // Digits alone are a date only as YYYYMMDD here: no spreadsheet serials in a file people type.
  const date = /^\d+$/.test(s) && s.length !== 8 ? null : normaliseDate(s, false);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `应为日期（如 2025-10-28、2025/10/28、2025年10月28日），实际为“${s}”` });
    return z.NEVER;
  }
  return date;
});

const encodingName = z.string().transform((v, ctx) => {
  const e = normaliseEncodingName(v);
  if (!e) {
    ctx.addIssue({ code: 'custom', message: `不支持的编码“${v}”（可用 utf-8、gb18030、gbk、utf-16le、utf-16be）` });
    return z.NEVER;
  }
  return e;
});

const paths = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const inputObject = z.strictObject({ path: paths, sheet: z.string().optional(), encoding: encodingName.optional() });
const inputSpec = z.union([paths, inputObject]);

const inputsSchema = z.strictObject({
  schools: inputSpec,
  registry: inputSpec,
  family: inputSpec.optional(),
  previous_registry: inputSpec.optional(),
  headcounts: inputSpec.optional(),
  quotas: inputSpec.optional(),
  new_students: inputSpec.optional(),
  preschool: inputSpec.optional(),
  roster: inputSpec.optional(),
  vocational_new: inputSpec.optional(),
  /** Fix-lists returned by schools: not a table of the store; read by the follow-up. */
  returns: inputSpec.optional(),
});

/** The circular's own particulars (all optional). */
const documentSchema = z.strictObject({
  number: z.string().optional(),
  date: campaignDate.optional(),
  recipients: z.string().optional(),
  basis: z.array(z.string().min(1)).optional(),
  contact: z.string().optional(),
});

export const campaignSchema = z.strictObject({
  name: z.string().min(1),
  county: z.string().optional(),
  bureau: z.string().optional(),
  school_year: z.number().int().min(2000).max(2100).optional(),
  as_of: campaignDate,
  deadline: campaignDate.optional(),
  document: documentSchema.optional(),
  /** Per rule code, the 依据 a fix-list shows instead of the rule file's default. */
  rule_basis: z.record(z.string(), z.string().min(1)).optional(),
  /** The out dir of the previous campaign's run (follow-up). */
  previous: z.string().optional(),
  encoding: encodingName.optional(),
  inputs: inputsSchema,
  thresholds: z.record(z.string(), z.number()).default({}),
  rules: z.array(z.string()).default([]),
  disable: z.array(z.string()).default([]),
  out: z.string().optional(),
}).superRefine((c, ctx) => {
  if (c.deadline && c.as_of && c.deadline < c.as_of) ctx.addIssue({ code: 'custom', path: ['deadline'], message: `整改期限 ${c.deadline} 早于核查基准日 ${c.as_of}` });
});

export type CampaignSpec = z.infer<typeof campaignSchema>;

/** Inputs that are not tables of the store. */
type OtherInput = 'returns';
const REQUIRED_INPUTS = new Set(['schools', 'registry']);

export interface Campaign extends Omit<CampaignSpec, 'inputs' | 'school_year'> {
  /** Absolute path of the campaign file, and its folder (the base of every relative path). */
  file: string;
  dir: string;
  school_year: number;
  /** The tables to load; an optional input that matched no file is absent (and warned about). */
  inputs: Partial<Record<InputName, InputFile[]>>;
  /** The fix-lists returned by schools (`inputs.returns`); empty when none. */
  returns: InputFile[];
  /** Patterns that matched nothing, and the like: reported, not fatal. */
  warnings: RunWarning[];
  /** Every input pattern as written (the out dir must lie outside their folders). */
  patterns: InputPattern[];
  /** The parsed file, for the line of a key in later messages (rules, disable, thresholds). */
  source: YamlFile;
}

export interface InputPattern {
  /** `inputs.registry`: the key in messages. */
  key: string;
  pattern: string;
  /** Where the pattern is in the YAML, for its line. */
  path: (string | number)[];
}

/** Parses and validates campaign YAML; `fileName` is used in messages. */
export function parseCampaign(text: string, fileName: string): CampaignSpec {
  return YamlFile.parse(text, fileName).validate(campaignSchema);
}

/** Reads the campaign file and resolves every input glob (relative to the campaign file). */
export async function loadCampaign(file: string): Promise<Campaign> {
  const abs = resolve(file);
  let text: string;
  try {
    text = YamlFile.decode(await readFile(abs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? '活动配置文件不存在' : code === 'EISDIR' ? '是文件夹，请给出 campaign.yaml 文件' : `无法读取（${code}）`}`);
  }
  const source = YamlFile.parse(text, basename(abs));
  const spec = source.validate(campaignSchema);
  const dir = dirname(abs);
  const inputs: Campaign['inputs'] = {};
  let returns: InputFile[] = [];
  const warnings: RunWarning[] = [];
  const patterns: InputPattern[] = [];
  for (const [name, value] of Object.entries(spec.inputs) as [InputName | OtherInput, z.infer<typeof inputSpec> | undefined][]) {
    if (value === undefined) continue;
    const input = inputPatterns(name, value);
    patterns.push(...input.patterns);
    const files = await resolveInput(input, dir, spec.encoding, source, warnings);
    if (files.length === 0) continue;
    if (name === 'returns') returns = files;
    else inputs[name] = files;
  }
  const asOf = spec.as_of;
  const year = Number(asOf.slice(0, 4));
  const schoolYear = spec.school_year ?? (Number(asOf.slice(5, 7)) >= 9 ? year : year - 1);
  return { ...spec, file: abs, dir, school_year: schoolYear, inputs, returns, warnings, patterns, source };
}

/** One input's patterns, each with the YAML path of its entry (for the line in messages), and its options. */
function inputPatterns(name: string, value: z.infer<typeof inputSpec>): { name: string; patterns: InputPattern[]; sheet?: string; encoding?: TextEncodingName } {
  const object = typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  const given = object ? object.path : (value as string | string[]);
  const base = object ? ['inputs', name, 'path'] : ['inputs', name];
  const patterns = Array.isArray(given) ? given.map((pattern, i) => ({ key: `inputs.${name}`, pattern, path: [...base, i] })) : [{ key: `inputs.${name}`, pattern: given, path: base }];
  return { name, patterns, sheet: object?.sheet, encoding: object?.encoding };
}

/**
 * The files of one input, in pattern order. A pattern that matches nothing is an error for the required
 * inputs when no pattern of theirs matches, and otherwise a warning (the contract, "Campaign file").
 */
async function resolveInput(input: ReturnType<typeof inputPatterns>, dir: string, defaultEncoding: TextEncodingName | undefined, source: YamlFile, warnings: RunWarning[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const unmatched: InputPattern[] = [];
  for (const entry of input.patterns) {
    const { pattern } = entry;
    const matches = isWildcard(pattern)
      ? (await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false })).sort()
      : [resolve(dir, pattern)].filter((path) => existsSync(path));
    const existing = matches.filter((m) => !/(^|[\\/])~\$[^\\/]*$/.test(m)); // Excel's lock files (~$name.xlsx)
    if (existing.length === 0) unmatched.push(entry);
    for (const path of existing) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push({ path, display: shownPath(path, dir), sheet: input.sheet, encoding: input.encoding ?? defaultEncoding });
    }
  }
  const at = (entry: InputPattern) => `${source.fileName}: ${source.where(entry.path)}${entry.key}`;
  if (files.length === 0 && REQUIRED_INPUTS.has(input.name)) {
    throw new CliError(`${at(unmatched[0])}: 没有与“${unmatched.map((u) => u.pattern).join('”“')}”匹配的文件`);
  }
  for (const entry of unmatched) {
    const message = files.length ? `“${entry.pattern}”没有匹配到文件（其他模式已匹配 ${files.length} 个文件）` : `“${entry.pattern}”没有匹配到文件，该输入视为未提供，依赖它的规则跳过`;
    warnings.push({ kind: 'pattern_matched_nothing', file: source.fileName, count: 0, message: `${at(entry)}: ${message}` });
  }
  return files;
}

/** Whether a path is a glob pattern (tinyglobby's syntax) rather than one file's name. */
export function isWildcard(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}
