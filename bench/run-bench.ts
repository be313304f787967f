/**
 * `npm run bench [-- --quick] [-- --repeat N]`: generates (once, cached outside the repo) a county of 10^5
 * and a city of 10^6 pupils, runs the whole pipeline on each, and after it exceljs's streaming reader over
 * the same registry workbooks (N times each, alternating; the run of median wall time is reported). Each
 * dataset runs twice: with the inputs a campaign had before rosters (the figures earlier benches compare
 * with), and with every input (+花名册: the schools' rosters and the 中职 list besides). Prints a table and
 * writes bench/results.json.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { homedir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPopulation } from '../data-samples/generator/population.js';
import { writeCampaign } from '../data-samples/generator/campaign-files.js';
import { parseDocument } from 'yaml';
import { runMeasured, type Measured } from './measure.js';

const CLI = fileURLToPath(new URL('../pipeline/cli.js', import.meta.url));
const EXCELJS = fileURLToPath(new URL('./exceljs-reader.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
const CACHE = process.env.XUEJI_BENCH_DIR ?? join(homedir(), '.cache', 'xueji-bench');

/**
 * Part of the cache folder's name: raise it when the generator writes other data (v2: rosters, 中职 lists
 * and 学籍异动 files, 2026-12-06; v3: a city's primary schools each named apart), so that a bench never
 * runs on data an older generator left.
 */
const GENERATOR_VERSION = 'v3';

const SIZES = [
  { name: 'county', students: 100_000, seed: 101 },
  { name: 'city', students: 1_000_000, seed: 102 },
];

async function dataset(name: string, students: number, seed: number): Promise<string> {
  const dir = join(CACHE, `${name}-${students}-${seed}-${GENERATOR_VERSION}`);
  if (existsSync(join(dir, 'campaign.yaml'))) return dir;
  process.stderr.write(`generating ${name} (${students.toLocaleString('en-US')} pupils) into ${dir} …\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const population = buildPopulation({ students, seed, schoolYear: 2025 });
  await writeCampaign(population, dir, { name: `${name}2025年秋季学期中小学学籍核查`, county: '利辛县', asOf: '2025-10-28', deadline: '2025-11-18' });
  return dir;
}

/** The inputs added with the roster reconciliation (2026-12-06); the benches before it ran without them. */
const ROSTER_INPUTS = ['roster', 'vocational_new'];

/** The dataset's campaign without the roster inputs, beside campaign.yaml (the same files, fewer inputs). */
function campaignWithoutRosters(dir: string): string {
  const doc = parseDocument(readFileSync(join(dir, 'campaign.yaml'), 'utf8'));
  for (const input of ROSTER_INPUTS) doc.deleteIn(['inputs', input]);
  const path = join(dir, 'campaign-without-rosters.yaml');
  writeFileSync(path, doc.toString());
  return path;
}

function inputRows(out: string): number {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  return summary.rows.read;
}

const quick = process.argv.includes('--quick');
/** `--repeat N`: N runs of the pipeline per dataset, each followed by the exceljs reference (the VM's speed drifts). */
const repeatAt = process.argv.indexOf('--repeat');
const REPEAT = repeatAt > 0 ? Math.max(1, Number(process.argv[repeatAt + 1]) || 1) : 1;
/** The pipeline's threads share these cores; the exceljs reference runs on one. */
const CORES = cpus().length;

/** The middle value (the lower of the two middle ones for an even count). */
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

interface PipelineRun {
  run: Measured;
  timings: Record<string, number>;
  ruleSeconds: Record<string, number>;
}

interface Pair extends PipelineRun {
  reference: Measured;
  referenceRows: number;
  referenceSeconds: number;
}

/** One run of the pipeline on `campaign`, its timings read back from XUEJI_TIMINGS. */
async function runPipeline(campaign: string, out: string, name: string): Promise<PipelineRun> {
  const timingsFile = join(CACHE, `${name}-timings.json`);
  const run = await runMeasured(CLI, ['run', campaign, '--out', out], { ...process.env, XUEJI_TIMINGS: timingsFile });
  if (run.code !== 0) throw new Error(`xueji run failed on ${name}: ${run.stderr}`);
  const { rule_seconds: ruleSeconds, ...timings } = JSON.parse(readFileSync(timingsFile, 'utf8')) as Record<string, number> & { rule_seconds?: Record<string, number> };
  return { run, timings, ruleSeconds: ruleSeconds ?? {} };
}

/** One run of the pipeline on the dataset, then the exceljs reader over its registry workbooks. */
async function runPair(campaign: string, out: string, name: string, registryFiles: string[]): Promise<Pair> {
  const pipeline = await runPipeline(campaign, out, name);
  const reference = await runMeasured(EXCELJS, registryFiles);
  const ref = JSON.parse(reference.stdout) as { rows: number; seconds: number };
  return { ...pipeline, reference, referenceRows: ref.rows, referenceSeconds: ref.seconds };
}

/** The run of median wall time stands for the dataset. */
const medianRun = <T extends { run: Measured }>(runs: T[]): T => runs.find((p) => p.run.seconds === median(runs.map((q) => q.run.seconds)))!;

/** A result's stage timings, with the ingest's rates. */
function stages(timings: Record<string, number>, rows: number) {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, {
    seconds: Number(v.toFixed(2)),
    rows_per_second: k === 'ingest' ? Math.round(rows / v) : undefined,
    rows_per_second_per_core: k === 'ingest' ? Math.round(rows / v / CORES) : undefined,
  }]));
}

const ruleFigures = (ruleSeconds: Record<string, number>) => Object.fromEntries(Object.entries(ruleSeconds).map(([code, v]) => [code, Number(v.toFixed(2))]));

const results: Record<string, unknown>[] = [];
const withRosters: Record<string, unknown>[] = [];
for (const size of quick ? SIZES.slice(0, 1) : SIZES) {
  const dir = await dataset(size.name, size.students, size.seed);
  const registryFiles = readdirSync(join(dir, 'registry')).filter((f) => f.endsWith('.xlsx')).map((f) => join(dir, 'registry', f));
  const plainCampaign = campaignWithoutRosters(dir);
  const pairs: Pair[] = [];
  const full: PipelineRun[] = [];
  // Alternating, so that both see the same stretch of the VM's drifting speed.
  for (let i = 0; i < REPEAT; i++) {
    pairs.push(await runPair(plainCampaign, join(dir, 'out'), size.name, registryFiles));
    full.push(await runPipeline(join(dir, 'campaign.yaml'), join(dir, 'out-all'), size.name));
  }
  const rows = inputRows(join(dir, 'out'));
  const fullRows = inputRows(join(dir, 'out-all'));
  const all = medianRun(full);
  withRosters.push({
    dataset: `${size.name}+花名册`, pupils: size.students, input_rows: fullRows,
    wall_seconds: all.run.seconds, cpu_seconds: all.run.cpuSeconds, steal_percent: all.run.stealPercent, peak_rss_mib: all.run.peakMiB,
    stages: stages(all.timings, fullRows), rule_seconds: ruleFigures(all.ruleSeconds),
    runs: full.map((p) => ({ wall_seconds: Number(p.run.seconds.toFixed(2)) })),
  });
  // Its exceljs reference is the one run right after it.
  const { run, timings, ruleSeconds, reference, referenceRows, referenceSeconds } = medianRun(pairs);
  results.push({
    dataset: size.name, pupils: size.students, input_rows: rows,
    wall_seconds: run.seconds, cpu_seconds: run.cpuSeconds, steal_percent: run.stealPercent, peak_rss_mib: run.peakMiB,
    stages: stages(timings, rows),
    rule_seconds: ruleFigures(ruleSeconds),
    exceljs_reference: { files: registryFiles.length, rows: referenceRows, seconds: Number(referenceSeconds.toFixed(2)), rows_per_second: Math.round(referenceRows / referenceSeconds), peak_rss_mib: reference.peakMiB },
    // Every run, for the spread: wall seconds, and the ingest rate over the exceljs rate of the run after it.
    runs: pairs.map((p) => ({
      wall_seconds: Number(p.run.seconds.toFixed(2)),
      ingest_ratio: Number((rows / p.timings.ingest / (p.referenceRows / p.referenceSeconds)).toFixed(1)),
    })),
  });
}
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memory_gib: Math.round(totalmem() / 1024 ** 3), node: process.version };
writeFileSync(RESULTS, JSON.stringify({ machine, results, with_rosters: withRosters }, null, 2) + '\n');
console.log(`machine: ${machine.cpus} cores, ${machine.memory_gib} GiB, ${machine.cpu}, node ${machine.node}`);
console.log(`dataset  pupils     input rows  wall s  cpu s   steal %  peak MiB  ingest s  (parse, load after)  ingest rows/s  per core  rules s  reports s  exceljs rows/s (registry only, 1 core)  ratio  per core`);
for (const r of [...results, ...withRosters] as any[]) {
  const ingestRate = r.stages.ingest.rows_per_second;
  const perCore = r.stages.ingest.rows_per_second_per_core;
  const reference = r.exceljs_reference?.rows_per_second;
  console.log([r.dataset.padEnd(8), String(r.pupils).padEnd(10), String(r.input_rows).padEnd(11), r.wall_seconds.toFixed(1).padEnd(7), r.cpu_seconds.toFixed(1).padEnd(7), String(r.steal_percent).padEnd(8), String(r.peak_rss_mib).padEnd(9),
    String(r.stages.ingest.seconds).padEnd(9), `(${r.stages.ingest_parse?.seconds}, ${r.stages.ingest_load?.seconds})`.padEnd(20), String(ingestRate).padEnd(14), String(perCore).padEnd(9), String(r.stages.rules.seconds).padEnd(8), String(r.stages.reports.seconds).padEnd(10),
    String(reference ?? '-').padEnd(39), reference ? (ingestRate / reference).toFixed(1).padEnd(6) : '-     ', reference ? (perCore / reference).toFixed(1) : '-'].join(' '));
}
if (REPEAT > 1) {
  for (const r of results as any[]) console.log(`${r.dataset}: ${r.runs.length} runs, wall ${r.runs.map((x: any) => x.wall_seconds.toFixed(1)).join(' / ')} s, ratio ${r.runs.map((x: any) => x.ingest_ratio).join(' / ')}`);
  for (const r of withRosters as any[]) console.log(`${r.dataset}: ${r.runs.length} runs, wall ${r.runs.map((x: any) => x.wall_seconds.toFixed(1)).join(' / ')} s`);
}
