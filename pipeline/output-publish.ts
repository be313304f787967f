/**
 * Moving a run's complete output from the staging folder into an out dir that people also use: they
 * fill in fix-lists there and keep their own folders beside ours (schools/返回/). So the out dir is
 * published file by file, never folder by folder, and only over what xueji itself wrote:
 * - `.xueji-manifest.json` lists every file the last run wrote, with its SHA-256;
 * - a file of that list that is unchanged is replaced (left alone when this run writes the same bytes,
 *   removed when this run does not write it);
 * - one that changed since (a school filled it in) is kept: renamed in its folder to `name（已修改）.ext`
 *   and the new one written under the usual name, so that the out dir always holds the complete current
 *   output under the names the reports link to, and the school's work lies beside it, named so;
 * - a file or folder not on the list is never touched; where this run would have to write over one,
 *   it stops before changing anything.
 * Crash safety: every step is planned first (nothing changes), then the plan is written as a journal
 * into the out dir by one rename, the commit point, and carried out by renames. A kill -9 before the
 * journal leaves the previous output as it was; a kill after it leaves a journal that the next run
 * carries out to the end before it starts (each step checks whether it is done, so replaying is safe).
 * A file of ours is never written in place and never missing: each step is one rename, so it is the old
 * file or the new one at every moment (a new file renamed over the old; never the old moved aside first,
 * which left the name empty between two renames, and a kill there a file missing).
 * A file this run writes with the bytes it already has is not touched at all: a run on the same inputs
 * renames only the manifest, so a kill anywhere leaves the previous output byte for byte.
 * Speed: a rename over an existing file makes ext4 start writing the new file's data (auto_da_alloc):
 * 0.1 ms a file against 0.04 for a rename to a free name on an idle machine, a few ms under heavy I/O.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, extname, join, sep } from 'node:path';
import { CliError } from './cli-error.js';

export const MANIFEST = '.xueji-manifest.json';
export const JOURNAL = '.xueji-publish.json';

/** Path (relative to the out dir, with /) → lowercase hex SHA-256 of the file as written. */
export type Manifest = Record<string, string>;

export type PublishStep =
  /** A file of the manifest changed since it was written: renamed to `to` (only if it still has that content). */
  | { op: 'keep'; path: string; to: string; sha256: string }
  /** staging/path → out/path: a file or a whole folder, where the out dir has nothing (any more). */
  | { op: 'place'; path: string }
  /** Our unchanged file at path is replaced by the new one: renamed over it. */
  | { op: 'replace'; path: string; sha256: string }
  /** A file of the manifest, unchanged, that this run does not write (a school without findings now). */
  | { op: 'remove'; path: string; sha256: string };

export interface PublishPlan {
  steps: PublishStep[];
  /** The changed files kept, and where each now lies (relative to the out dir). */
  kept: { path: string; to: string }[];
  /** Files of the previous run removed because this run does not write them. */
  removed: string[];
}

interface Journal {
  version: 1;
  steps: PublishStep[];
}

/** The manifest of the out dir's current output; empty when there is none (a new out dir). */
export function readManifest(outDir: string): Manifest {
  const path = join(outDir, MANIFEST);
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { version?: number; files?: Manifest };
    if (parsed.version === 1 && parsed.files && typeof parsed.files === 'object') return parsed.files;
  } catch {
    // reported below
  }
  throw new CliError(`${path}: xueji 的输出记录已损坏，无法分辨哪些文件是上次运行写的；为免覆盖别人的文件已停止，请换一个输出目录`);
}

/** The one-line refusal when the out dir holds something not xueji's where a run writes. */
export function foreignFiles(outDir: string, paths: string[]): CliError {
  return new CliError(`输出目录 ${outDir} 中已有不是 xueji 写的“${paths[0]}”${paths.length > 1 ? `等 ${paths.length} 处` : ''}，本次输出要写在同一位置；为免覆盖已停止，没有改动任何文件。请换一个输出目录，或先移走它们`);
}

/** Read in 1 MiB pieces, into one buffer: an output may be large (findings.csv of a city, xueji.duckdb). */
const buffer = Buffer.allocUnsafe(1 << 20);

export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Everything publishing will do, decided before anything changes; writes the new manifest into the
 * staging folder. Throws (one line, nothing changed) when the out dir holds something not xueji's
 * where this run writes.
 */
export function planPublish(outDir: string, staging: string): PublishPlan {
  const previous = readManifest(outDir);
  const written = listFiles(staging);
  const manifest: Manifest = {};
  for (const path of written) manifest[path] = sha256File(join(staging, ...path.split('/')));
  const writes = new Set(written);

  const steps: PublishStep[] = [];
  const kept: PublishPlan['kept'] = [];
  const removed: string[] = [];
  const taken = new Set<string>();
  const keeps: PublishStep[] = [];
  const removes: PublishStep[] = [];
  /** Our files this run writes again byte for byte: left as they are. */
  const same = new Set<string>();
  for (const path of Object.keys(previous).sort()) {
    const abs = join(outDir, ...path.split('/'));
    if (!lstatOrUndefined(abs)?.isFile()) continue; // gone, or replaced by something of the user's: theirs now
    const sha256 = sha256File(abs);
    if (sha256 !== previous[path]) {
      const to = keptName(outDir, path, taken, writes);
      keeps.push({ op: 'keep', path, to, sha256 });
      kept.push({ path, to });
    } else if (manifest[path] === sha256) {
      same.add(path);
    } else if (!writes.has(path)) {
      removes.push({ op: 'remove', path, sha256: previous[path] });
      removed.push(path);
    }
  }
  const conflicts: string[] = [];
  const places: PublishStep[] = [];
  planPlaces({ outDir, staging, previous, same, changed: new Set(kept.map((k) => k.path)), places, conflicts }, '');
  if (conflicts.length) throw foreignFiles(outDir, conflicts);
  steps.push(...keeps, ...places, ...removes);
  writeFileSync(join(staging, MANIFEST), `${JSON.stringify({ version: 1, files: manifest }, null, 1)}\n`);
  steps.push({ op: 'place', path: MANIFEST }); // last: until it is in place, the journal says the publish is unfinished
  return { steps, kept, removed };
}

interface PlaceWalk {
  outDir: string;
  staging: string;
  previous: Manifest;
  /** Files of the manifest unchanged since and written again with the same bytes: no step. */
  same: Set<string>;
  /** Files of the manifest changed since: kept aside first, so their names are free. */
  changed: Set<string>;
  places: PublishStep[];
  conflicts: string[];
}

/**
 * Place steps for the staging folder `rel`: a file or folder the out dir lacks moves in whole; a file
 * of the manifest is replaced; into a folder both have, the walk descends. Anything else in the way is
 * a conflict.
 */
function planPlaces(walk: PlaceWalk, rel: string): void {
  const { outDir, staging, previous, same, changed, places, conflicts } = walk;
  for (const name of readdirSync(join(staging, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    if ((!rel && (name === MANIFEST || name === JOURNAL)) || same.has(path)) continue;
    const isDir = statSync(join(staging, path)).isDirectory();
    if (isDir && listFiles(staging, path).length === 0) continue; // an empty work folder (DuckDB's spill folder)
    const there = lstatOrUndefined(join(outDir, path));
    if (!there || changed.has(path)) places.push({ op: 'place', path });
    else if (isDir && there.isDirectory()) planPlaces(walk, path);
    else if (!isDir && there.isFile() && path in previous) places.push({ op: 'replace', path, sha256: previous[path] });
    else conflicts.push(path);
  }
}

/** `schools/…/整改清单（已修改）.xlsx`, numbered when that name is taken. */
function keptName(outDir: string, path: string, taken: Set<string>, writes: Set<string>): string {
  const ext = extname(path);
  const stem = path.slice(0, path.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = `${stem}（已修改${n > 1 ? n : ''}）${ext}`;
    if (!taken.has(candidate) && !writes.has(candidate) && !lstatOrUndefined(join(outDir, ...candidate.split('/')))) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/**
 * Carries the plan out: the journal goes into the out dir (from then on the publish completes even if
 * this process dies: the next run replays it), then the steps, then the journal goes. Synchronous, so
 * that nothing else of this process runs between the renames.
 */
export function applyPublish(outDir: string, staging: string, plan: PublishPlan): void {
  commitJournal(outDir, staging, plan.steps);
  plan.kept.push(...runSteps(outDir, staging, plan.steps, false));
  unlinkSync(join(outDir, JOURNAL));
}

/** The commit point: the journal arrives in the out dir by one rename, whole. */
export function commitJournal(outDir: string, staging: string, steps: PublishStep[]): void {
  const journal: Journal = { version: 1, steps };
  writeFileSync(join(staging, JOURNAL), JSON.stringify(journal));
  renameSync(join(staging, JOURNAL), join(outDir, JOURNAL));
}

/**
 * Finishes a publish a killed run left unfinished (its journal is in the out dir). Returns the files
 * found changed meanwhile and kept (see runSteps).
 */
export function finishInterruptedPublish(outDir: string, staging: string): PublishPlan['kept'] {
  const path = join(outDir, JOURNAL);
  if (!existsSync(path)) return [];
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch {
    // The journal arrives by rename, whole: unreadable means someone else wrote it.
    throw new CliError(`${path}: 上次中断的输出记录无法读取；请换一个输出目录`);
  }
  const kept = runSteps(outDir, staging, journal.steps, true);
  unlinkSync(path);
  return kept;
}

/**
 * Each step first checks whether it is already done, so that a replay after a kill is safe. On a
 * replay (`verify`) a file is kept aside, replaced or removed only if it still has the content planned
 * for: the new output may already lie under that name, or someone may have changed it meanwhile. A
 * file found where the plan did not expect one (written between a kill and the replay) is kept like
 * any changed file and returned, to be named on the terminal: no step writes over a file but the manifest.
 */
export function runSteps(outDir: string, staging: string, steps: PublishStep[], verify: boolean): PublishPlan['kept'] {
  const out = (path: string) => join(outDir, ...path.split('/'));
  const planned = (path: string, sha256: string) => Boolean(lstatOrUndefined(path)?.isFile()) && (!verify || sha256File(path) === sha256);
  const emptied = new Set<string>();
  const kept: PublishPlan['kept'] = [];
  for (const step of steps) {
    const target = out(step.path);
    if (step.op === 'keep') {
      if (!existsSync(out(step.to)) && planned(target, step.sha256)) renameSync(target, out(step.to));
    } else if (step.op === 'remove') {
      if (!planned(target, step.sha256)) continue;
      unlinkSync(target);
      emptied.add(dirname(target));
    } else {
      const from = join(staging, ...step.path.split('/'));
      if (!existsSync(from)) continue; // placed before the kill
      if (step.op === 'replace' && planned(target, step.sha256)) renameSync(from, target); // one rename: the old file or the new one, never none
      else placeEntry(outDir, step.path, from, kept);
    }
  }
  for (const dir of emptied) removeEmptyFolders(outDir, dir);
  return kept;
}

/**
 * Moves a staged file or folder to `path` in the out dir; into a folder already there entry by entry.
 * A file in the way (only on a replay: the plan leaves every name free) is kept aside and added to `kept`.
 */
function placeEntry(outDir: string, path: string, from: string, kept: PublishPlan['kept']): void {
  const to = join(outDir, ...path.split('/'));
  const isDir = lstatOrUndefined(from)?.isDirectory();
  const there = lstatOrUndefined(to);
  if (isDir && there?.isDirectory()) {
    for (const name of readdirSync(from)) placeEntry(outDir, `${path}/${name}`, join(from, name), kept);
    return;
  }
  if (there?.isFile() && path !== MANIFEST) {
    const aside = keptName(outDir, path, new Set(), new Set());
    renameSync(to, join(outDir, ...aside.split('/')));
    kept.push({ path, to: aside });
  }
  if (!there) mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
}

/** Folders our removed files leave empty go too, up to (not including) the out dir; a folder with anything in it stays. */
function removeEmptyFolders(outDir: string, dir: string): void {
  for (let d = dir; d.startsWith(outDir + sep) && d !== outDir; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (something of the user's, or ours), or already gone
    }
  }
}

/** Every file under `dir`, relative, with /, sorted. */
function listFiles(dir: string, rel = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (!rel && (entry.name === MANIFEST || entry.name === JOURNAL)) continue;
    if (entry.isDirectory()) files.push(...listFiles(dir, path));
    else files.push(path);
  }
  return files.sort();
}

function lstatOrUndefined(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}
