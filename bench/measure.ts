/**
 * Runs a node script as a child process; samples from /proc its peak resident memory (VmHWM) and its
 * CPU time, and the machine's steal time over the run (on a shared VM, wall time alone misleads).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  peakMiB: number;
  /** User + system CPU seconds of the child (all its threads), as last sampled before it exited. */
  cpuSeconds: number;
  /** Share of the machine's CPU time stolen by the hypervisor during the run, in percent. */
  stealPercent: number;
}

const TICKS_PER_SECOND = 100;

/** [steal, total] jiffies of the whole machine. */
function machineTicks(): [number, number] {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return [fields[7] ?? 0, fields.reduce((a, b) => a + b, 0)];
}

export function runMeasured(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { env });
    let stdout = '';
    let stderr = '';
    let peakKiB = 0;
    let cpuTicks = 0;
    const [stealBefore, totalBefore] = machineTicks();
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
        // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after ')'.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Number(after[11]) + Number(after[12]);
      } catch { /* the child has exited */ }
    };
    const timer = setInterval(sample, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      const [stealAfter, totalAfter] = machineTicks();
      resolve({
        code: code ?? -1, stdout, stderr, seconds: (performance.now() - started) / 1000, peakMiB: Math.round(peakKiB / 1024),
        cpuSeconds: cpuTicks / TICKS_PER_SECOND, stealPercent: Math.round((100 * (stealAfter - stealBefore)) / Math.max(1, totalAfter - totalBefore)),
      });
    });
  });
}
