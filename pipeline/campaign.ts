/**
 * The campaign file: YAML validated by a zod schema. Every problem names the YAML key and its
 * line; an unknown key also names the nearest valid one. All problems of the file are reported
 * together, on one line.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { glob } from 'tinyglobby';
import { CliError } from './cli-error.js';
import { YamlFile } from './yaml-file.js';
import type { InputName } from './load/input-tables.js';
import type { InputFile } from './read/table-reader.js';
import { normaliseEncodingName, type TextEncodingName } from './read/text-decoding.js';

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const t = m ? new Date(`${s}T00:00:00Z`) : undefined;
  if (!t || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== s) {
    ctx.addIssue({ code: 'custom', message: `应为 YYYY-MM-DD 格式的日期，实际为“${s}”` });
    return z.NEVER;
  }
  return s;
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
});

export const campaignSchema = z.strictObject({
  name: z.string().min(1),
  county: z.string().optional(),
  bureau: z.string().optional(),
  school_year: z.number().int().min(2000).max(2100).optional(),
  as_of: isoDate,
  deadline: isoDate.optional(),
  encoding: encodingName.optional(),
  inputs: inputsSchema,
  thresholds: z.record(z.string(), z.number()).default({}),
  rules: z.array(z.string()).default([]),
  disable: z.array(z.string()).default([]),
  out: z.string().optional(),
});

export type CampaignSpec = z.infer<typeof campaignSchema>;

export interface Campaign extends Omit<CampaignSpec, 'inputs' | 'school_year'> {
  /** Absolute path of the campaign file, and its folder (the base of every relative path). */
  file: string;
  dir: string;
  school_year: number;
  inputs: Partial<Record<InputName, InputFile[]>>;
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
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? '活动配置文件不存在' : code === 'EISDIR' ? '是文件夹，请给出 campaign.yaml 文件' : `无法读取（${code}）`}`);
  }
  const spec = parseCampaign(text.replace(/^\uFEFF/, ''), basename(abs));
  const dir = dirname(abs);
  const inputs: Campaign['inputs'] = {};
  for (const [name, value] of Object.entries(spec.inputs) as [InputName, z.infer<typeof inputSpec> | undefined][]) {
    if (value === undefined) continue;
    inputs[name] = await resolveInput(name, value, dir, spec.encoding, basename(abs));
  }
  const asOf = spec.as_of;
  const year = Number(asOf.slice(0, 4));
  const schoolYear = spec.school_year ?? (Number(asOf.slice(5, 7)) >= 9 ? year : year - 1);
  return { ...spec, file: abs, dir, school_year: schoolYear, inputs };
}

async function resolveInput(name: string, value: z.infer<typeof inputSpec>, dir: string, defaultEncoding: TextEncodingName | undefined, campaignName: string): Promise<InputFile[]> {
  const object = typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  const given = object ? object.path : (value as string | string[]);
  const patterns = Array.isArray(given) ? given : [given];
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const matches = /[*?[\]{}]/.test(pattern)
      ? (await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false })).sort()
      : [resolve(dir, pattern)];
    const existing = matches.filter((m) => !/(^|[\\/])~\$[^\\/]*$/.test(m)); // Excel's lock files (~$name.xlsx)
    if (existing.length === 0) throw new CliError(`${campaignName}: inputs.${name}: 没有与“${pattern}”匹配的文件`);
    for (const path of existing) {
      if (seen.has(path)) continue;
      seen.add(path);
      const display = relative(dir, path);
      files.push({ path, display: isAbsolute(display) || display.startsWith('..') ? path : display, sheet: object?.sheet, encoding: object?.encoding ?? defaultEncoding });
    }
  }
  return files;
}
