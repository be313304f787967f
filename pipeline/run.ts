/** The main job: campaign → ingest → (rules, reports) → outputs swapped into the out dir. */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadCampaign, type Campaign } from './campaign.js';
import { CsvWriter } from './csv-writer.js';
import { ingestAll, type IngestTotals } from './ingest.js';
import { TABLES } from './input-tables.js';
import { createLogger } from './logger.js';
import { beginOutput, discardOutput, publishOutput } from './output-dir.js';
import { Progress } from './progress.js';
import { linkSchoolCodes } from './school-links.js';
import { Store } from './store.js';

export interface RunOptions {
  campaignFile: string;
  outDir?: string;
  progress: Progress;
}

export interface RunResult {
  campaign: Campaign;
  outDir: string;
  ingest: IngestTotals;
}

export const STORE_FILE = 'xueji.duckdb';

export async function runCampaign(options: RunOptions): Promise<RunResult> {
  const campaign = await loadCampaign(options.campaignFile);
  const outDir = resolve(options.outDir ?? resolve(campaign.dir, campaign.out ?? 'out'));
  const staging = await beginOutput(outDir);
  const log = createLogger(join(staging, 'run.log'));
  const { progress } = options;
  let store: Store | undefined;
  try {
    log.info({ stage: 'campaign', school_year: campaign.school_year, inputs: Object.fromEntries(Object.entries(campaign.inputs).map(([k, v]) => [k, v?.length ?? 0])) }, 'campaign loaded');
    store = await Store.open(join(staging, STORE_FILE), { tempDirectory: join(staging, 'duckdb-tmp'), memoryLimit: '2GB' });
    await store.createInputTables();

    const rejected = new CsvWriter(join(staging, 'rejected.csv'), ['file', 'row', 'table', 'reason']);
    const ingest = await ingestAll(store, campaign.inputs, TABLES, (r) => rejected.write([r.file, r.row, r.table, r.reason]), (counts, seconds) => {
      log.info({ stage: 'ingest', ...counts, seconds: undefined }, 'file loaded');
      progress.done(`读取 ${counts.file}: ${counts.loaded} 行已载入${counts.rejected ? `，${counts.rejected} 行被拒` : ''} (${seconds.toFixed(1)} s)`);
    });
    await rejected.close();
    await linkSchoolCodes(store);
    log.info({ stage: 'ingest', ...ingest.rows }, 'ingest done');

    const summary = { campaign: campaign.name, school_year: campaign.school_year, as_of: campaign.as_of, rows: ingest.rows, files: ingest.files };
    await writeFile(join(staging, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    store.close();
    store = undefined;
    log.flush();
    await publishOutput(outDir, staging);
    return { campaign, outDir, ingest };
  } catch (e) {
    store?.close();
    await discardOutput(staging);
    throw e;
  }
}
