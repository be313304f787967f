#!/usr/bin/env node
/**
 * `npm run gen -- --students N --out DIR [--seed S] [--year Y]`: writes a synthetic campaign.
 * `--terms N`: DIR/term1 … termN, each later term with `previous:` and the fix-lists returned (terms.ts).
 * `--term2-of OUT`: term 2 alone into DIR, after a run (into OUT) of the term 1 these options write.
 */
import { Command } from 'commander';
import { buildPopulation } from './population.js';
import { writeCampaign } from './campaign-files.js';
import { writeTerm2, writeTerms } from './terms.js';

const program = new Command()
  .name('xueji-gen')
  .description('生成合成的学籍核查活动数据（虚构人员） / generate a synthetic campaign')
  .requiredOption('--out <dir>', 'output folder')
  .option('--students <n>', 'number of pupils', '400')
  .option('--seed <n>', 'random seed', '20251028')
  .option('--year <y>', 'school year (学年起始年)', '2025')
  .option('--never-silent-cases', 'also plant unreadable values, records at unknown schools and repeated 学籍号 (VALUE_UNREADABLE, SCHOOL_UNKNOWN, DUPLICATE_ID)')
  .option('--terms <n>', 'campaigns term after term (term1/ … termN/, runs xueji on each but the last)', '1')
  .option('--term2-of <out>', 'write term 2 after the run of term 1 in this out dir')
  .parse();

const opts = program.opts<{ out: string; students: string; seed: string; year: string; terms: string; term2Of?: string; neverSilentCases?: boolean }>();
const schoolYear = Number(opts.year);
const seed = Number(opts.seed);
const population = buildPopulation({ students: Number(opts.students), seed, schoolYear, neverSilentCases: opts.neverSilentCases });
const terms = Number(opts.terms);
if (opts.term2Of) {
  await writeTerm2(population, opts.term2Of, opts.out, seed);
  process.stderr.write(`wrote term 2 (previous: ${opts.term2Of}) to ${opts.out}\n`);
} else if (terms > 1) {
  await writeTerms(population, opts.out, terms, seed);
  process.stderr.write(`wrote ${terms} terms to ${opts.out}\n`);
} else {
  await writeCampaign(population, opts.out, {
    name: `利辛县${schoolYear}年秋季学期中小学学籍核查`,
    county: '利辛县',
    asOf: `${schoolYear}-10-28`,
    deadline: `${schoolYear}-11-18`,
  });
  process.stderr.write(`wrote ${population.current.length} current, ${population.previous.length} previous records, ${population.planted.length} planted findings to ${opts.out}\n`);
}
