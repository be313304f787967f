/** Runs the built CLI (dist/, built by `npm test` first) as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/pipeline/cli.js', import.meta.url));

export function runCli(args: string[], options: { cwd?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: options.cwd, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI and samples its peak resident memory (VmHWM) from /proc while it runs. */
export async function runCliMeasured(args: string[]): Promise<{ code: number; stdout: string; stderr: string; peakMiB: number }> {
  const { runMeasured } = await import('../../bench/measure.js');
  return runMeasured(CLI, args);
}
