#!/usr/bin/env node
/** `xueji run <campaign.yaml>`: the one top-level catch turns CliError into one line on stderr. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { CliError } from './cli-error.js';
import { useChinese } from './cli-chinese.js';
import { Progress } from './progress.js';
import { startIngestWorkers } from './load/ingest-pool.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** System conditions a user can act on, as one line rather than an internal error. */
function systemProblem(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  const message = e instanceof Error ? e.message : '';
  if (e?.code === 'ENOSPC' || /No space left on device/i.test(message)) return `磁盘空间不足，无法写入输出${e.path ? `（${e.path}）` : ''}；上一次的完整输出未被改动`;
  if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS') return `没有写入权限${e.path ? `：${e.path}` : ''}`;
  if (e?.code === 'EMFILE' || e?.code === 'ENFILE') return '打开的文件过多，请关闭其他程序后重试';
  if (/Out of Memory|Cannot allocate memory/i.test(message)) return '内存不足，请关闭其他程序后重试';
  return undefined;
}

function fail(error: unknown, verbose: boolean): never {
  const system = systemProblem(error);
  if (system) error = new CliError(system);
  if (error instanceof CliError) {
    process.stderr.write(`xueji: 错误: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(`xueji: 内部错误: ${message}（加 --verbose 重新运行可查看详情）\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}

// Output piped into `head` and closed early is not an error of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') throw e; });

const program = useChinese(new Command());
program
  .name('xueji')
  .description('学籍核查数据质量检查：读入学籍导出等数据，找出问题学籍，生成通报、附件和各校整改清单')
  .version(pkg.version, '-V, --version', '显示版本号')
  .showHelpAfterError('（运行 xueji --help 查看用法）')
  .addHelpText('after', `
示例：
  xueji run 2025秋季/campaign.yaml                    按活动配置运行，输出到配置中 out: 指定的目录
  xueji run 2025秋季/campaign.yaml --out 输出/2025秋季  输出到指定目录
  xueji help run                                      查看 run 命令的全部选项`);

program
  .command('run')
  .summary('运行一次学籍核查，生成问题清单、通报和各校整改清单')
  .description('运行一次学籍核查活动：读入配置中的各项数据，执行核查规则，写出问题清单、通报、附件和各校整改清单')
  .argument('<配置文件>', '活动配置文件（campaign.yaml）')
  .option('-o, --out <目录>', '输出目录（默认取配置中的 out:）')
  .option('--store', '另存工作数据库 xueji.duckdb，可自行查询（运行稍慢）')
  .option('--verbose', '出错时显示详细信息（程序调用栈）')
  .showHelpAfterError('（运行 xueji run --help 查看用法）')
  .addHelpText('after', `
示例：
  xueji run 2025秋季/campaign.yaml
  xueji run 2025秋季/campaign.yaml --out 输出/2025秋季`)
  .action(async (campaignFile: string, opts: { out?: string; store?: boolean; verbose?: boolean }) => {
    const verbose = Boolean(opts.verbose);
    process.on('unhandledRejection', (e) => fail(e, verbose));
    try {
      const started = performance.now();
      // A TTY gets a live display on stderr; otherwise stage lines go to stdout, so that a failed
      // run's stderr is exactly its one error line.
      const tty = Boolean(process.stderr.isTTY);
      const progress = new Progress((t) => (tty ? process.stderr : process.stdout).write(t), tty);
      // The parsing threads start before the rest of the pipeline's modules load (about 0.2 s): they load
      // theirs meanwhile. runCampaign closes them.
      const workers = startIngestWorkers();
      const { runCampaign } = await import('./run.js');
      const result = await runCampaign({ campaignFile, outDir: opts.out, progress, keepStore: Boolean(opts.store), workers });
      for (const w of result.warnings) progress.done(`警告: ${w.message}`);
      const { read, loaded, rejected } = result.ingest.rows;
      progress.done(`完成: 读取 ${read} 行，载入 ${loaded} 行，拒绝 ${rejected} 行；发现问题 ${result.findings} 条；输出目录 ${result.outDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      fail(e, verbose);
    }
  });

program
  .command('inspect')
  .description('查看一个文件被如何读取：类型、编码、工作表、表头与各列对应、前几行规范化后的值')
  .argument('<文件>', '要查看的 .xlsx 或 .csv 文件')
  .option('--sheet <name>', '工作表名称（默认第一个；加 --cells 时默认全部）')
  .option('--encoding <name>', 'CSV 编码：utf-8、gb18030、utf-16le、utf-16be（默认自动识别）')
  .option('--table <name>', '按哪张表解读表头，如 registry 或 学籍导出（默认根据表头猜测）')
  .option('--cells', '逐个输出原始单元格，每行一个 JSON：{"sheet","row","col","value"}（row 从 1 起，col 从 0 起）')
  .option('--verbose', '出错时显示详细信息（程序调用栈）')
  .action(async (file: string, opts: { sheet?: string; encoding?: string; table?: string; cells?: boolean; verbose?: boolean }) => {
    try {
      const { inspectFile } = await import('./inspect.js');
      await inspectFile(file, opts, { out: (t) => process.stdout.write(t), warn: (line) => process.stderr.write(`xueji: 警告: ${line}\n`) });
    } catch (e) {
      fail(e, Boolean(opts.verbose));
    }
  });

program.parseAsync(process.argv).catch((e) => fail(e, process.argv.includes('--verbose')));
