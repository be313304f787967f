/**
 * YAML files people write (the campaign, rule files), validated by a zod schema. Every problem names
 * the key and its line; an unknown key also names the nearest valid one. All problems of a file are
 * reported together, on one line.
 */
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { CliError } from './cli-error.js';
import { nearestKey } from './nearest-key.js';

const EXPECTED_TYPE: Record<string, string> = { string: '文本', number: '数字', array: '列表', object: '键值映射', boolean: '是/否', date: '日期' };

export function describeValue(v: unknown): string {
  if (v === undefined) return '缺失';
  if (v === null) return '空值';
  if (Array.isArray(v)) return '列表';
  if (typeof v === 'object') return '键值映射';
  if (typeof v === 'string') return `文本“${v.length > 40 ? v.slice(0, 40) + '…' : v}”`;
  return `${typeof v === 'number' ? '数字' : typeof v} ${String(v)}`;
}

/** A problem found after parsing (e.g. an unknown rule code), placed at a key's line. */
export interface KeyProblem {
  path: (string | number)[];
  message: string;
}

export class YamlFile {
  private constructor(
    readonly fileName: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    readonly value: unknown,
  ) {}

  static parse(text: string, fileName: string): YamlFile {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line;
      throw new CliError(`${fileName}${line ? ` 第${line}行` : ''}: YAML 格式错误：${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS() ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${fileName}: 应为键值映射，实际为${describeValue(value)}`);
    return new YamlFile(fileName, doc, lineCounter, value);
  }

  validate<S extends z.ZodType>(schema: S): z.infer<S> {
    const result = schema.safeParse(this.value);
    if (result.success) return result.data;
    // Unknown keys first: a typo there usually explains a "missing key" below.
    const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    this.fail(issues.map((issue) => this.describeIssue(issue, schema)));
  }

  fail(problems: string[]): never {
    throw new CliError(`${this.fileName}: ${[...new Set(problems)].join('；')}`);
  }

  /** "第N行 key: message" for a problem found after validation. */
  at(problem: KeyProblem): string {
    const line = this.lineOf(problem.path);
    return `${line ? `第${line}行 ` : ''}${problem.path.join('.')}: ${problem.message}`;
  }

  lineOf(path: (string | number)[], key?: string): number | undefined {
    const node = this.doc.getIn(path, true) as unknown;
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      return range ? this.lineCounter.linePos(range[0]).line : undefined;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return this.lineCounter.linePos(range[0]).line;
    if (path.length) return this.lineOf(path.slice(0, -1), String(path[path.length - 1]));
    return undefined;
  }

  private describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType): string {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const keyName = path.join('.') || '(顶层)';
    if (issue.code === 'unrecognized_keys') {
      const valid = Object.keys(shapeAt(schema, path) ?? {});
      return issue.keys.map((key) => {
        const line = this.lineOf(path, key);
        const suggestion = nearestKey(key, valid);
        const full = [...path, key].join('.');
        return `${line ? `第${line}行 ` : ''}未知的键 ${full}${suggestion ? `，是否应为 ${suggestion}？(did you mean ${suggestion}?)` : `（可用的键：${valid.join(', ')}）`}`;
      }).join('；');
    }
    const line = this.lineOf(path);
    const at = `${line ? `第${line}行 ` : ''}${keyName}`;
    const found = valueAt(this.value, path);
    if (found === undefined) return `缺少必需的键 ${keyName}`;
    if (issue.code === 'invalid_type') return `${at}: 应为${EXPECTED_TYPE[issue.expected] ?? issue.expected}，实际为${describeValue(found)}`;
    if (issue.code === 'invalid_union') return `${at}: 应为文件路径、路径列表或 {path, sheet, encoding}，实际为${describeValue(found)}`;
    if (issue.code === 'invalid_value') return `${at}: 应为 ${issue.values.map(String).join(' / ')} 之一，实际为${describeValue(found)}`;
    if (issue.code === 'too_small' || issue.code === 'too_big') return `${at}: 取值超出范围（${describeValue(found)}）`;
    if (issue.code === 'invalid_format') return `${at}: 格式不对（${describeValue(found)}）`;
    return `${at}: ${issue.message}`;
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

type Shaped = { shape?: Record<string, z.ZodType>; unwrap?: () => z.ZodType; def?: { innerType?: z.ZodType; valueType?: z.ZodType } };

/** The object shape at `path` inside a schema, looking through optional/default wrappers and records. */
function shapeAt(schema: z.ZodType, path: PropertyKey[]): Record<string, z.ZodType> | undefined {
  let s = unwrap(schema);
  for (const k of path) {
    const shaped = s as unknown as Shaped;
    if (shaped.shape && typeof k === 'string' && shaped.shape[k]) s = unwrap(shaped.shape[k]);
    else if (shaped.def?.valueType) s = unwrap(shaped.def.valueType);
    else return undefined;
  }
  return (s as unknown as Shaped).shape;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as unknown as Shaped;
  for (let i = 0; i < 5 && !s.shape; i++) {
    const inner = s.def?.innerType;
    if (!inner) break;
    s = inner as unknown as Shaped;
  }
  return s as unknown as z.ZodType;
}
