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
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    let peakKiB = 0;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
      } catch { /* exited */ }
    };
    const timer = setInterval(sample, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, stdout, stderr, peakMiB: Math.round(peakKiB / 1024) });
    });
  });
}
