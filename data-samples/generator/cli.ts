#!/usr/bin/env node
/** `npm run gen -- --students N --out DIR [--seed S] [--year Y]`: writes a synthetic campaign. */
import { Command } from 'commander';
import { buildPopulation } from './population.js';
import { writeCampaign } from './campaign-files.js';

const program = new Command()
  .name('xueji-gen')
  .description('生成合成的学籍核查活动数据（虚构人员） / generate a synthetic campaign')
  .requiredOption('--out <dir>', 'output folder')
  .option('--students <n>', 'number of pupils', '400')
  .option('--seed <n>', 'random seed', '20251028')
  .option('--year <y>', 'school year (学年起始年)', '2025')
  .option('--never-silent-cases', 'also plant unreadable values, records at unknown schools and repeated 学籍号 (VALUE_UNREADABLE, SCHOOL_UNKNOWN, DUPLICATE_ID)')
  .parse();

const opts = program.opts<{ out: string; students: string; seed: string; year: string; neverSilentCases?: boolean }>();
const schoolYear = Number(opts.year);
const population = buildPopulation({ students: Number(opts.students), seed: Number(opts.seed), schoolYear, neverSilentCases: opts.neverSilentCases });
await writeCampaign(population, opts.out, {
  name: `利辛县${schoolYear}年秋季学期中小学学籍核查`,
  county: '利辛县',
  asOf: `${schoolYear}-10-28`,
  deadline: `${schoolYear}-11-18`,
});
process.stderr.write(`wrote ${population.current.length} current, ${population.previous.length} previous records, ${population.planted.length} planted findings to ${opts.out}\n`);
