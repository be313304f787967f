/**
 * A run writes into a staging folder inside the out dir and moves its entries into place only when
 * complete. Each entry is swapped by rename (the previous one first moved aside), in one tight
 * synchronous loop, so an interrupted run leaves the previous complete output where it was.
 * Leftover staging from a killed run holds personal data and is removed by the next run.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const STAGING = '.xueji-staging';
const PREVIOUS = '.xueji-previous';

export async function beginOutput(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const staging = join(outDir, STAGING);
  await rm(staging, { recursive: true, force: true });
  await rm(join(outDir, PREVIOUS), { recursive: true, force: true });
  await mkdir(staging);
  return staging;
}

/**
 * Swaps the staging folder's entries in. `obsolete` names outputs of an earlier run that this run did
 * not make (xueji.duckdb after a run without --store): they go with the previous output.
 */
export async function publishOutput(outDir: string, staging: string, obsolete: string[] = []): Promise<void> {
  const previous = join(outDir, PREVIOUS);
  rmSync(previous, { recursive: true, force: true });
  mkdirSync(previous);
  const entries = readdirSync(staging);
  const present = new Set(readdirSync(outDir));
  for (const entry of entries) {
    if (present.has(entry)) renameSync(join(outDir, entry), join(previous, entry));
    renameSync(join(staging, entry), join(outDir, entry));
  }
  for (const entry of obsolete) {
    if (present.has(entry) && !entries.includes(entry)) renameSync(join(outDir, entry), join(previous, entry));
  }
  await rm(staging, { recursive: true, force: true });
  await rm(previous, { recursive: true, force: true });
}

export async function discardOutput(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}
