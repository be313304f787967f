import { describe, expect, it } from 'vitest';
import { chineseCommanderError } from '../../pipeline/cli-chinese.js';
import { runCli } from '../helpers/cli.js';

/** English words a user would read, other than the program's own names (xueji, run, help, the option flags, file names). */
function englishWords(text: string): string[] {
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['xueji', 'run', 'inspect', 'help', 'out', 'store', 'verbose', 'version', 'campaign', 'yaml', 'duckdb', 'sheet', 'encoding', 'table', 'cells'].includes(w));
}

describe('the CLI speaks Chinese', () => {
  it('xueji --help: usage, options, commands and an example, no English', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    for (const part of ['用法： xueji [选项] [命令]', '选项：', '命令：', '显示帮助', '显示版本号', '示例：', 'xueji run 2025秋季/campaign.yaml']) expect(r.stdout).toContain(part);
    expect(englishWords(r.stdout)).toEqual([]);
  });

  it('xueji run --help: its argument and options', () => {
    const r = runCli(['run', '--help']);
    expect(r.code).toBe(0);
    for (const part of ['用法： xueji run [选项] <配置文件>', '参数：', '-o, --out <目录>', '输出目录', '示例：']) expect(r.stdout).toContain(part);
    expect(englishWords(r.stdout)).toEqual([]);
  });

  it('parse errors: one Chinese line naming what is wrong, a pointer to the help, non-zero exit', () => {
    const cases: [string[], string][] = [
      [['run'], 'xueji: 错误: 缺少必需的参数 <配置文件>'],
      [['run', 'a.yaml', '--ot'], 'xueji: 错误: 未知选项 --ot（是否想输入 --out？）'],
      [['runn'], 'xueji: 错误: 未知命令 runn（是否想输入 run？）'],
      [['run', 'a.yaml', 'b.yaml'], 'xueji: 错误: 命令 run 的参数过多：应为 1 个，实际 2 个'],
      [['run', 'a.yaml', '--out'], 'xueji: 错误: 选项 -o, --out <目录> 缺少取值'],
    ];
    for (const [args, line] of cases) {
      const r = runCli(args);
      expect([args, r.code]).toEqual([args, 1]);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toBe(line);
      expect(lines[1]).toMatch(/^（运行 xueji (run )?--help 查看用法）$/);
      expect(englishWords(args.reduce((t, a) => t.split(a).join(''), r.stderr))).toEqual([]); // what the user typed is echoed as typed
    }
  });

  it('a commander message without a translation keeps its text behind the Chinese prefix', () => {
    expect(chineseCommanderError("error: something new\n")).toBe('xueji: 错误: something new\n');
  });
});
