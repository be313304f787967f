/**
 * The out dir is xueji's own and nothing else's. Before a run writes anything it refuses an out dir
 * that would mix with its inputs (contract, "Never silent"): one that is, or lies inside, the folder
 * of a wildcard pattern (the next run would read its own outputs as inputs), or that holds an input
 * file. A run writes into a staging folder inside the out dir and publishes it only when complete
 * (output-publish.ts: file by file, over nothing it did not write, crash-safe).
 * Leftover staging from a killed run holds personal data and is removed by the next run.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { isWildcard, type Campaign } from './campaign.js';
import { shownPath } from './shown-path.js';
import { applyPublish, finishInterruptedPublish, foreignFiles, planPublish, readManifest, type PublishPlan } from './output-publish.js';

const STAGING = '.xueji-staging';
/** Earlier publishes left these behind when killed: a swapped folder, replaced files moved aside. */
const LEGACY_LEFTOVERS = ['.xueji-previous', '.xueji-replaced'];

/** Why `outDir` may not be this campaign's out dir, or undefined when it may. */
export function outDirProblem(outDir: string, campaign: Pick<Campaign, 'dir' | 'file' | 'patterns' | 'inputs' | 'returns' | 'rules' | 'previous'>): string | undefined {
  const out = canonical(outDir);
  const dir = canonical(campaign.dir);
  const show = (path: string) => (path === dir ? `${path}（活动配置文件所在的文件夹）` : shownPath(path, dir));
  if (existsSync(out) && !statSync(out).isDirectory()) return `输出目录 ${show(out)} 是一个文件，不是文件夹`;
  const patterns = [...campaign.patterns, ...campaign.rules.map((pattern) => ({ key: 'rules', pattern }))];
  for (const { key, pattern } of patterns) {
    if (!isWildcard(pattern)) continue;
    const segments = pattern.split(/[\\/]/);
    const firstWild = segments.findIndex(isWildcard);
    const folder = canonical(resolve(campaign.dir, segments.slice(0, firstWild).join('/'))); // '' for `*.xlsx`; '/data' for `/data/*.xlsx`
    // `*.xlsx` reads the campaign folder's own files only: out/ beside them is fine. `**` or a wildcard
    // folder (`*/*.csv`) reaches into subfolders, out/ among them.
    const reachesSubfolders = firstWild < segments.length - 1 || pattern.includes('**');
    if (out === folder || (isInside(out, folder) && (folder !== dir || reachesSubfolders))) {
      const where = out === folder ? `就是输入 ${key} 的“${pattern}”读取的文件夹` : `在输入 ${key} 的“${pattern}”读取的文件夹 ${show(folder)} 之内`;
      return `输出目录 ${show(out)} ${where}，下次运行会把输出当作输入读入；请换一个输出目录，如 out/2025-fall`;
    }
  }
  const inputs = [campaign.file, ...Object.values(campaign.inputs).flat().map((f) => f.path), ...campaign.returns.map((f) => f.path)];
  const held = inputs.map(canonical).find((file) => isInside(file, out));
  if (held) return `输出目录 ${show(out)} 中有输入文件 ${show(held)}；请换一个输出目录，如 out/2025-fall`;
  if (campaign.previous) {
    const previous = canonical(resolve(campaign.dir, campaign.previous));
    if (out === previous || isInside(out, previous) || isInside(previous, out)) return `输出目录 ${show(out)} 与上一次活动的输出目录 previous: ${campaign.previous} 重叠；请为本次活动另设输出目录`;
  }
  return undefined;
}

export interface OutputStart {
  staging: string;
  /** Files a killed run's publish, finished now, found changed and kept (where each now lies). */
  kept: PublishPlan['kept'];
}

/**
 * Prepares the out dir: finishes a publish a killed run left unfinished, clears leftover staging,
 * and stops at once (before the run's work) when a file this run always writes is there but is not
 * xueji's (`alwaysWritten`, relative to the out dir).
 */
export async function beginOutput(outDir: string, alwaysWritten: string[] = []): Promise<OutputStart> {
  await mkdir(outDir, { recursive: true });
  const staging = join(outDir, STAGING);
  const kept = finishInterruptedPublish(outDir, staging);
  for (const leftover of [STAGING, ...LEGACY_LEFTOVERS]) await rm(join(outDir, leftover), { recursive: true, force: true });
  const manifest = readManifest(outDir);
  const foreign = alwaysWritten.filter((path) => !(path in manifest) && existsSync(join(outDir, path)));
  if (foreign.length) throw foreignFiles(outDir, foreign);
  await mkdir(staging);
  return { staging, kept };
}

/** Publishes the staging folder's files (see output-publish.ts) and removes the staging folder. */
export async function publishOutput(outDir: string, staging: string): Promise<PublishPlan> {
  const plan = planPublish(outDir, staging);
  applyPublish(outDir, staging, plan);
  await rm(staging, { recursive: true, force: true });
  return plan;
}

export async function discardOutput(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The path with symbolic links resolved as far as it exists (the out dir may not exist yet). */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(canonical(parent), basename(abs));
  }
}
