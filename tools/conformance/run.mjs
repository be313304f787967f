#!/usr/bin/env node
/**
 * Conformance of xueji's xlsx reader with a reference reader, over a folder of real-world workbooks
 * (default ../shared/realworld-xlsx; not part of `npm test`). Per file it runs the built CLI,
 * `node dist/pipeline/cli.js inspect --cells FILE`, and reference.py (openpyxl's read-only parser)
 * and compares cell by cell; prints the files that differ with their first differing cells, refusals,
 * crashes and timeouts, and a summary with the peak memory of our reads.
 *
 *   npm run build && node tools/conformance/run.mjs [DIR] [--only TEXT] [--timeout SECONDS] [--cli OTHER/dist/pipeline/cli.js]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCells } from './compare.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(repo, 'dist/pipeline/cli.js');
const REFERENCE = join(repo, 'tools/conformance/reference.py');
const PYTHON = '/usr/bin/python3';

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const only = option('--only');
const cli = option('--cli') ?? CLI; // another build's dist/pipeline/cli.js, to compare builds
const timeoutMs = Number(option('--timeout') ?? 120) * 1000;
const dir = args[0] ?? [join(repo, '../shared/realworld-xlsx'), '/work/shared/realworld-xlsx'].find((d) => existsSync(d));
if (!dir || !existsSync(dir)) {
  console.error('usage: node tools/conformance/run.mjs DIR (a folder of .xlsx files)');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

/** The workbooks: manifest.tsv's `file` column when there is one, else every .xlsx/.xlsm below DIR. */
function workbooks(root) {
  const manifest = join(root, 'manifest.tsv');
  if (existsSync(manifest)) {
    return readFileSync(manifest, 'utf8').split('\n').slice(1).filter(Boolean).map((line) => join(root, line.split('\t')[0]));
  }
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.xls[xm]$/i.test(name)) found.push(p);
    }
  };
  walk(root);
  return found;
}

/** Runs a command with a timeout, sampling its peak resident memory (VmHWM) from /proc. */
function run(command, argv) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, argv);
    const out = [];
    let stderr = '';
    let peakKiB = 0;
    let timedOut = false;
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => { stderr += d; });
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
      } catch { /* exited */ }
    };
    const timer = setInterval(sample, 10);
    const killer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      clearTimeout(killer);
      resolve({ code, signal, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr, peakMiB: Math.round(peakKiB / 1024), seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Refusals by design, which openpyxl reads anyway: not counted as sound workbooks refused. */
const BY_DESIGN = [
  // Two zip entries of one name: zipfile takes the last, other readers the first; no one can say which data is meant.
  [/同名部件/, 'duplicate zip entries'],
];

const parseLines = (text) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const firstLine = (text) => text.trim().split('\n')[0] ?? '';

const files = workbooks(dir).filter((f) => !only || f.includes(only));
const tally = { same: 0, differ: 0, oursRefused: 0, refusedByDesign: 0, bothRefused: 0, referenceRefused: 0, crashed: 0, timedOut: 0 };
const kinds = {};
let peak = { mib: 0, file: '' };
for (const file of files) {
  const name = relative(dir, file);
  const ours = await run(process.execPath, [cli, 'inspect', '--cells', file]);
  const reference = await run(PYTHON, [REFERENCE, file]);
  if (ours.peakMiB > peak.mib) peak = { mib: ours.peakMiB, file: name };
  if (ours.timedOut || ours.signal || (ours.code !== 0 && ours.code !== 1)) {
    tally[ours.timedOut ? 'timedOut' : 'crashed']++;
    console.log(`${ours.timedOut ? 'TIMEOUT' : 'CRASH'}  ${name}: ${ours.timedOut ? `${timeoutMs / 1000} s` : `exit ${ours.code ?? ours.signal}: ${firstLine(ours.stderr)}`}`);
    continue;
  }
  const oursRefused = ours.code === 1;
  const referenceRefused = reference.code !== 0;
  if (oursRefused && referenceRefused) {
    tally.bothRefused++;
    console.log(`BOTH-REFUSED  ${name}: ours ${firstLine(ours.stderr)} | openpyxl ${firstLine(reference.stderr)}`);
    continue;
  }
  if (oursRefused) {
    const design = BY_DESIGN.find(([pattern]) => pattern.test(ours.stderr));
    tally[design ? 'refusedByDesign' : 'oursRefused']++;
    console.log(`OURS-REFUSED${design ? ` (by design: ${design[1]})` : ''}  ${name}: ${firstLine(ours.stderr)}`);
    continue;
  }
  if (referenceRefused) {
    tally.referenceRefused++;
    console.log(`OPENPYXL-REFUSED  ${name}: ${firstLine(reference.stderr)}${ours.stderr ? ` | ours warned: ${firstLine(ours.stderr)}` : ''}`);
    continue;
  }
  const diffs = compareCells(parseLines(ours.stdout), parseLines(reference.stdout));
  if (diffs.length === 0) {
    tally.same++;
    continue;
  }
  tally.differ++;
  const byKind = {};
  for (const d of diffs) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
  for (const k of Object.keys(byKind)) kinds[k] = (kinds[k] ?? 0) + 1;
  console.log(`DIFF  ${name}: ${diffs.length} cells (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  for (const d of diffs.slice(0, 3)) console.log(`    ${d.where} ${d.kind}: ours ${JSON.stringify(d.ours)} openpyxl ${JSON.stringify(d.reference)}`);
}
console.log(`\n${files.length} files: ${tally.same} same, ${tally.differ} differ${Object.keys(kinds).length ? ` (files per kind: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}, `
  + `${tally.oursRefused} refused by xueji only (+${tally.refusedByDesign} by design), ${tally.bothRefused} refused by both, ${tally.referenceRefused} refused by openpyxl only, `
  + `${tally.crashed} crashes, ${tally.timedOut} timeouts; peak memory of a read ${peak.mib} MiB (${peak.file})`);
