/**
 * Commander's own words in Chinese: the help's titles and usage placeholders, and its parse errors
 * (missing argument, unknown option …), which it builds in English. Applied once to the program, before
 * its commands are added: commander copies these settings to every command made after.
 */
import type { Command } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

/** Columns a text takes in a terminal: CJK characters and full-width punctuation take two (help lines up its columns by this). */
function terminalWidth(text: string): number {
  let w = 0;
  // eslint-disable-next-line no-control-regex
  for (const ch of text.replace(/\x1b\[[0-9;]*m/g, '')) w += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const placeholders = (text: string): string => text.replace(/\[options\]/g, '[选项]').replace(/\[command\]/g, '[命令]');

/** A "Did you mean …?" suggestion commander appends on a line of its own. */
function suggestion(rest: string): string {
  const m = /\(Did you mean (?:one of )?(.+)\?\)/.exec(rest);
  return m ? `（是否想输入 ${m[1].replace(/, /g, '、')}？）` : '';
}

/** Commander's error line (it starts "error: ") in Chinese; a message it may add later falls back to its own words. */
export function chineseCommanderError(text: string): string {
  const [line, ...more] = text.trimEnd().split('\n');
  const hint = suggestion(more.join('\n'));
  const rules: [RegExp, (...g: string[]) => string][] = [
    [/^error: missing required argument '(.+)'$/, (name) => `缺少必需的参数 <${name}>`],
    [/^error: unknown option '(.+)'$/, (flag) => `未知选项 ${flag}${hint}`],
    [/^error: unknown command '(.+)'$/, (name) => `未知命令 ${name}${hint}`],
    [/^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (cmd, expected, got) => `${cmd ? `命令 ${cmd} 的` : ''}参数过多：应为 ${expected} 个，实际 ${got} 个`],
    [/^error: option '(.+)' argument missing$/, (flags) => `选项 ${flags} 缺少取值`],
    [/^error: required option '(.+)' not specified$/, (flags) => `缺少必需的选项 ${flags}`],
    [/^error: option '(.+)' argument '(.*)' is invalid\.(.*)$/, (flags, value) => `选项 ${flags} 的取值 ${value} 无效`],
  ];
  for (const [pattern, say] of rules) {
    const m = pattern.exec(line);
    if (m) return `xueji: 错误: ${say(...m.slice(1))}\n`;
  }
  return `xueji: 错误: ${line.replace(/^error: /, '')}${hint}\n`;
}

/** Help and error texts in Chinese for `program` and every command added to it afterwards. */
export function useChinese(program: Command): Command {
  return program
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      displayWidth: terminalWidth,
      styleUsage: placeholders,
      styleSubcommandTerm: placeholders,
    })
    .configureOutput({ outputError: (text, write) => write(chineseCommanderError(text)) })
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助');
}
