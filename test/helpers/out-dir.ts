import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beginOutput, publishOutput } from '../../pipeline/output-dir.js';

/** Every file under dir (relative path → content), the out dir's own .xueji-* entries left out. */
export function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel))) {
    if (!rel && name.startsWith('.xueji-')) continue;
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, path)).isDirectory()) Object.assign(out, tree(dir, path));
    else out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}

/** Writes each file (relative path → content) under dir, making its folders. */
export function write(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** One run's output: `files` staged and published into outDir as a run would. */
export async function publishRun(outDir: string, files: Record<string, string>) {
  const { staging } = await beginOutput(outDir);
  write(staging, files);
  return publishOutput(outDir, staging);
}
