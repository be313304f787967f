/**
 * YAML syntax problems as a person typing a campaign or rule file can act on them: in Chinese, each
 * at its line, naming the usual causes (Tab indentation, a colon or space typed full-width by a Chinese
 * input method, a colon without the space after it, an unclosed quote, a repeated key, a glob written
 * bare as `*.xlsx`, which YAML reads as an alias).
 */
import { isScalar, visit, type Document, type LineCounter, type Scalar, type YAMLError } from 'yaml';

export interface LineProblem {
  line?: number;
  message: string;
}

/** How a key typed with a Chinese input method shows in a plain scalar: `name：x`, `　　name: x`, `name:x`. */
export function inputMethodSlip(text: string): string | undefined {
  if (/^[ ]*\u3000/.test(text)) return '缩进中有全角空格，请用半角空格缩进';
  const fullWidth = /^[ ]*(?:- +)?([A-Za-z_][\w-]*)[ \u3000]*：/.exec(text);
  if (fullWidth) return `键 ${fullWidth[1]} 后面是全角冒号“：”，请改为半角冒号加空格（${fullWidth[1]}: …）`;
  const noSpace = /^[ ]*(?:- +)?([A-Za-z_][\w-]*):(?=[^\s/\\])/.exec(text);
  if (noSpace) return `键 ${noSpace[1]} 的冒号后面缺少空格（应为“${noSpace[1]}: …”）`;
  return undefined;
}

const INDENT = '缩进不对（同一层的键应左对齐），请检查这一行和下一行';
const STRUCTURE_ERRORS = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'MISSING_CHAR']);

/** One problem per line with a syntax error, in the order of the file. */
export function syntaxProblems(text: string, doc: Document, lineCounter: LineCounter): LineProblem[] {
  const lines = text.split(/\r?\n/);
  const byLine = new Map<number, string>();
  let slipLine = 0;
  for (const error of doc.errors) {
    const line = lineCounter.linePos(error.pos[0]).line;
    const lineText = lines[line - 1] ?? '';
    // A key typed `inputs：` leaves the lines below it misindented: that follows from the slip, not a second problem.
    if (line === slipLine + 1 && STRUCTURE_ERRORS.has(error.code) && !inputMethodSlip(lineText)) continue;
    if (inputMethodSlip(lineText)) slipLine = line;
    const problem = describeError(error, lineText, doc, lineCounter);
    const at = problem.line ?? line;
    if (!byLine.has(at)) byLine.set(at, problem.message);
  }
  return [...byLine].sort(([a], [b]) => a - b).map(([line, message]) => ({ line, message }));
}

/** The first alias (`*name`) of a document that YAML could not resolve: nearly always a bare glob. */
export function aliasProblem(doc: Document, lineCounter: LineCounter): LineProblem {
  let found: LineProblem = { message: '格式错误：以 * 开头的值请加引号（如 "*.xlsx"），否则 YAML 把它当作别名' };
  visit(doc, {
    Alias(_key, node) {
      const start = node.range?.[0];
      found = { line: start === undefined ? undefined : lineCounter.linePos(start).line, message: `格式错误：以 * 开头的值请加引号（如 "*${node.source}"），否则 YAML 把它当作别名` };
      return visit.BREAK;
    },
  });
  return found;
}

function describeError(error: YAMLError, lineText: string, doc: Document, lineCounter: LineCounter): LineProblem {
  const slip = inputMethodSlip(lineText);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { message: '格式错误：请用空格缩进，不要用 Tab' };
    case 'DUPLICATE_KEY':
      return { message: `格式错误：${duplicateKey(error.pos[0], doc, lineCounter)}` };
    case 'MISSING_CHAR':
      if (/quote/i.test(error.message)) return unclosedQuote(error.pos[0], doc, lineCounter);
      return { message: `格式错误：${slip ?? '这一行缺少“键: 值”中的冒号，或缩进不对'}` };
    case 'MULTILINE_IMPLICIT_KEY':
      return { message: `格式错误：${slip ?? '这一行不是“键: 值”的形式（缺少半角冒号加空格），或缩进不对'}` };
    case 'BAD_INDENT':
      return { message: `格式错误：${/Flow sequence/.test(error.message) ? '方括号 [ 没有闭合，或缩进不对' : /Flow mapping/.test(error.message) ? '花括号 { 没有闭合，或缩进不对' : slip ?? INDENT}` };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { message: `格式错误：${slip ?? INDENT}` };
    case 'BAD_DQ_ESCAPE':
      return { message: '格式错误：双引号中的反斜杠 \\ 不能这样用（Windows 路径请改用单引号或正斜杠 /）' };
    case 'BAD_SCALAR_START':
      return { message: '格式错误：以 @ ` % 等符号开头的值请加引号' };
    case 'MULTIPLE_DOCS':
      return { message: '格式错误：文件中只能有一份配置（不要用 --- 分隔多份）' };
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return { message: '格式错误：以 * 或 & 开头的值请加引号（如 "*.xlsx"）' };
    default:
      return { message: `格式错误：${slip ?? 'YAML 无法解析这一行'}（${error.code}）` };
  }
}

/** Names the repeated key and the line it first appeared on. */
function duplicateKey(pos: number, doc: Document, lineCounter: LineCounter): string {
  let message = '同一层中有重复的键';
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<unknown, Scalar>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const first = seen.get(pair.key.value);
        if (first && pair.key.range?.[0] === pos) {
          message = `键 ${String(pair.key.value)} 重复（第${lineCounter.linePos(first.range?.[0] ?? 0).line}行已有），请删去其中一个`;
          return visit.BREAK;
        }
        if (!first) seen.set(pair.key.value, pair.key);
      }
      return undefined;
    },
  });
  return message;
}

/** YAML reports an unclosed quote where the file ends; the person needs the line it opens on. */
function unclosedQuote(pos: number, doc: Document, lineCounter: LineCounter): LineProblem {
  let opened: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range && range[0] <= pos && pos <= range[2]) {
        opened = range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return { line: opened === undefined ? undefined : lineCounter.linePos(opened).line, message: '格式错误：引号没有闭合（这一行的引号缺少配对的另一半）' };
}
