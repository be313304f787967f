/**
 * YAML files people write (the campaign, rule files), validated by a zod schema. Every problem names
 * the key and its line; an unknown key also names the nearest valid one. All problems of a file are
 * reported together, on one line.
 */
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { CliError } from './cli-error.js';
import { nearestKey } from './nearest-key.js';
import { bufferEncoding, createChunkDecoder } from './read/text-decoding.js';
import { aliasProblem, inputMethodSlip, syntaxProblems, type LineProblem } from './yaml-syntax.js';

const EXPECTED_TYPE: Record<string, string> = { string: '文本', number: '数字', array: '列表', object: '键值映射', boolean: '是/否', date: '日期', record: '键值映射' };

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

  /**
   * The text of a YAML file as saved by whatever editor: UTF-8 (with or without BOM), UTF-16 with BOM,
   * or GBK/GB18030 (Notepad's "ANSI" on a Chinese Windows), never read as mojibake.
   */
  static decode(bytes: Buffer): string {
    const { encoding, bomLength } = bufferEncoding(bytes);
    const decoder = createChunkDecoder(encoding);
    return decoder.write(bytes.subarray(bomLength)) + decoder.end();
  }

  static parse(text: string, fileName: string): YamlFile {
    const source = text.replace(/^\uFEFF/, '');
    const lineCounter = new LineCounter();
    const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const fail = (problems: LineProblem[]): never => {
      throw allProblems(fileName, problems.map((p) => `${p.line ? `第${p.line}行 ` : ''}${p.message}`));
    };
    if (doc.errors.length) fail(syntaxProblems(source, doc, lineCounter));
    let value: unknown;
    try {
      value = doc.toJS() ?? {};
    } catch {
      fail([aliasProblem(doc, lineCounter)]); // the one way toJS fails on a parsed document: an alias without its anchor
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      const slip = typeof value === 'string' ? inputMethodSlip(value) : undefined;
      fail([{ line: 1, message: slip ?? `应为“键: 值”的映射，实际为${describeValue(value)}` }]);
    }
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
    throw allProblems(this.fileName, problems);
  }

  /** "第N行 key: message" for a problem found after validation. */
  at(problem: KeyProblem): string {
    return `${this.where(problem.path)}${keyName(problem.path)}: ${problem.message}`;
  }

  /**
   * "第N行 " for `path`: the line of its key (`inputs:`, not the first entry below it), or of the list
   * item; nothing when the file has no such line.
   */
  where(path: (string | number)[]): string {
    const last = path[path.length - 1];
    const line = typeof last === 'string' ? this.lineOf(path.slice(0, -1), last) ?? this.lineOf(path) : this.lineOf(path);
    return line ? `第${line}行 ` : '';
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
    if (issue.code === 'unrecognized_keys') {
      const valid = Object.keys(shapeAt(schema, path) ?? {});
      return issue.keys.map((key) => {
        const at = this.where([...path, key]);
        const slip = inputMethodSlip(key);
        if (slip) return `${at}${slip}`;
        const suggestion = nearestKey(key, valid);
        return `${at}未知的键 ${keyName([...path, key])}${suggestion ? `，是否应为 ${suggestion}？` : `（可用的键：${valid.join(', ')}）`}`;
      }).join('；');
    }
    const found = valueAt(this.value, path);
    if (found === undefined) {
      const parent = path.slice(0, -1);
      return `${parent.length ? this.where(parent) : ''}缺少必需的键 ${keyName(path)}`;
    }
    const at = `${this.where(path)}${keyName(path) || '(顶层)'}`;
    if (issue.code === 'invalid_type') {
      // `inputs:` followed by `  schools：a.xlsx` reads as the text "schools：a.xlsx", not as a mapping.
      const slip = typeof found === 'string' && (issue.expected === 'object' || issue.expected === 'record') ? inputMethodSlip(found) : undefined;
      const line = slip && this.lineOf(path);
      if (slip) return `${line ? `第${line}行 ` : ''}${keyName(path)}: ${slip}`;
      return `${at}: 应为${EXPECTED_TYPE[issue.expected] ?? issue.expected}，实际为${describeValue(found)}`;
    }
    if (issue.code === 'invalid_union') return `${at}: 应为${unionExpectation(issue, path)}，实际为${describeValue(found)}`;
    if (issue.code === 'invalid_value') return `${at}: 应为 ${issue.values.map(String).join(' / ')} 之一，实际为${describeValue(found)}`;
    if (issue.code === 'too_small' && Number(issue.minimum) === 1 && (typeof found === 'string' || Array.isArray(found))) return `${at}: 不能为空`;
    if (issue.code === 'too_small' || issue.code === 'too_big') return `${at}: 取值超出范围（${describeValue(found)}）`;
    if (issue.code === 'invalid_format') return `${at}: 格式不对（${describeValue(found)}）`;
    if (issue.code === 'custom') return `${at}: ${issue.message}`;
    return `${at}: 取值不对（${describeValue(found)}）`;
  }
}

/** "inputs.registry": the keys of a path; list positions are left out (the line says which item). */
function keyName(path: (string | number)[]): string {
  return path.filter((p) => typeof p === 'string').join('.');
}

/** What a union of types accepts, in words: the file inputs, a date, or the union's members. */
function unionExpectation(issue: z.core.$ZodIssueInvalidUnion, path: (string | number)[]): string {
  const expected = new Set(issue.errors.flat().map((e) => (e.code === 'invalid_type' ? e.expected : '')));
  if (expected.has('date')) return '日期（如 2025-10-28）';
  if (path[0] === 'inputs') return '文件路径、路径列表或 {path, sheet, encoding}';
  return [...expected].filter(Boolean).map((e) => EXPECTED_TYPE[e] ?? e).join('或') || '其他取值';
}

/** Every problem of a file, on one line. */
function allProblems(fileName: string, problems: string[]): CliError {
  return new CliError(`${fileName}: ${[...new Set(problems)].join('；')}`);
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

type Shaped = { shape?: Record<string, z.ZodType>; unwrap?: () => z.ZodType; def?: { innerType?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[] } };

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
    // A union (an input: a path, a list, or {path, sheet, encoding}) has keys through its object member.
    const inner = s.def?.innerType ?? s.def?.options?.find((o) => (unwrap(o) as unknown as Shaped).shape);
    if (!inner) break;
    s = inner as unknown as Shaped;
  }
  return s as unknown as z.ZodType;
}
