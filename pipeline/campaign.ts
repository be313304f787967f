/**
 * The campaign file: YAML validated by a zod schema. Every problem names the YAML key and its
 * line; an unknown key also names the nearest valid one. All problems of the file are reported
 * together, on one line.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { glob } from 'tinyglobby';
import { CliError } from './cli-error.js';
import { nearestKey } from './nearest-key.js';
import type { InputName } from './input-tables.js';
import type { InputFile } from './table-reader.js';
import { normaliseEncodingName, type TextEncodingName } from './text-decoding.js';

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

const EXPECTED_TYPE: Record<string, string> = { string: '文本', number: '数字', array: '列表', object: '键值映射', boolean: '是/否', date: '日期' };

function describeValue(v: unknown): string {
  if (v === undefined) return '缺失';
  if (v === null) return '空值';
  if (Array.isArray(v)) return '列表';
  if (typeof v === 'object') return '键值映射';
  if (typeof v === 'string') return `文本“${v.length > 40 ? v.slice(0, 40) + '…' : v}”`;
  return `${typeof v === 'number' ? '数字' : typeof v} ${String(v)}`;
}

/** Parses and validates campaign YAML; `fileName` is used in messages. */
export function parseCampaign(text: string, fileName: string): CampaignSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new CliError(`${fileName}${line ? ` 第${line}行` : ''}: YAML 格式错误：${e.message.split('\n')[0]}`);
  }
  const value = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${fileName}: 应为键值映射（name:、inputs: 等），实际为${describeValue(value)}`);
  const result = campaignSchema.safeParse(value);
  if (result.success) return result.data;
  // Unknown keys first: a typo there usually explains a "missing key" below.
  const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const problems = issues.map((issue) => describeIssue(issue, doc, lineCounter, value));
  throw new CliError(`${fileName}: ${[...new Set(problems)].join('；')}`);
}

function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[], key?: string): number | undefined {
  const node = doc.getIn(path, true) as unknown;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (range) return lineCounter.linePos(range[0]).line;
  if (path.length) return lineOf(doc, lineCounter, path.slice(0, -1), String(path[path.length - 1]));
  return undefined;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function shapeAt(path: PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType = campaignSchema;
  for (const k of path) {
    const shape = (s as unknown as { shape?: Record<string, z.ZodType> }).shape;
    if (!shape || typeof k !== 'string' || !shape[k]) return undefined;
    s = shape[k];
    while ((s as unknown as { unwrap?: () => z.ZodType }).unwrap && !(s as unknown as { shape?: unknown }).shape) s = (s as unknown as { unwrap: () => z.ZodType }).unwrap();
  }
  return s;
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter, value: unknown): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const keyName = path.join('.') || '(顶层)';
  if (issue.code === 'unrecognized_keys') {
    const valid = Object.keys((shapeAt(path) as unknown as { shape?: Record<string, unknown> })?.shape ?? {});
    return issue.keys.map((key) => {
      const line = lineOf(doc, lineCounter, path, key);
      const suggestion = nearestKey(key, valid);
      const full = [...path, key].join('.');
      return `${line ? `第${line}行 ` : ''}未知的键 ${full}${suggestion ? `，是否应为 ${suggestion}？(did you mean ${suggestion}?)` : `（可用的键：${valid.join(', ')}）`}`;
    }).join('；');
  }
  const line = lineOf(doc, lineCounter, path);
  const at = `${line ? `第${line}行 ` : ''}${keyName}`;
  const found = valueAt(value, path);
  if (found === undefined) return `缺少必需的键 ${keyName}`;
  if (issue.code === 'invalid_type') return `${at}: 应为${EXPECTED_TYPE[issue.expected] ?? issue.expected}，实际为${describeValue(found)}`;
  if (issue.code === 'invalid_union') return `${at}: 应为文件路径、路径列表或 {path, sheet, encoding}，实际为${describeValue(found)}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') return `${at}: 取值超出范围（${describeValue(found)}）`;
  return `${at}: ${issue.message}`;
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
