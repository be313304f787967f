/**
 * A run writes into a staging folder inside the out dir and moves its files into place only when
 * complete, so a failed run never leaves a half-written report where the last good one was.
 * Leftover staging from a killed run holds personal data and is removed by the next run.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const STAGING = '.xueji-staging';

export async function beginOutput(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const staging = join(outDir, STAGING);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  return staging;
}

export async function publishOutput(outDir: string, staging: string): Promise<void> {
  for (const entry of await readdir(staging)) {
    await rm(join(outDir, entry), { recursive: true, force: true });
    await rename(join(staging, entry), join(outDir, entry));
  }
  await rm(staging, { recursive: true, force: true });
}

export async function discardOutput(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}
