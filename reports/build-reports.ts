/**
 * All documents people read, built from the store after the rules ran: the circular and its
 * attachments, the overview page, a fix-list per school with findings, a summary per 学区, and
 * findings.xlsx (all findings, for people; findings.csv is for scripts).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeadcountSummary } from '../pipeline/check/headcount-summary.js';
import type { RosterSummary } from '../pipeline/check/roster-summary.js';
import type { FollowUpFacts } from '../pipeline/follow/follow-up.js';
import type { RuleOutcome } from '../pipeline/check/rule-runner.js';
import type { RowStream, Store } from '../pipeline/check/store.js';
import { settleAll } from '../pipeline/settle-all.js';
import type { WorkerPool } from '../pipeline/worker-pool.js';
import { writeCircular } from './circular/write-circular.js';
import { writeDistrictReports, type ReportFolders } from './district-reports.js';
import { writeFindingsWorkbook } from './findings-workbook.js';
import type { WorkbookInfo } from './write/workbook-writer.js';
import { startFixListWorkers, writeFixLists } from './fix-list/fix-lists.js';
import { writeIndexPage } from './index-page.js';
import type { IntakeReport } from './intake-section.js';
import { loadReportData, streamFixListRows, type CampaignInfo, type FixListLine } from './report-data.js';
import { UniqueNames } from './safe-name.js';
import { loadVacantRegistrations } from './roster/roster-tables.js';

export interface ReportCounts {
  fixLists: number;
  districts: number;
}

/**
 * What starts as soon as the findings exist, beside the findings' files: the fix-lists' threads and
 * rows, and findings.xlsx (this thread builds its XML while DuckDB writes findings.csv and .parquet).
 */
export interface EarlyReports {
  workers: WorkerPool;
  rows: Promise<RowStream<FixListLine>>;
  findingsBook: Promise<number>;
}

/**
 * Starts the fix-list threads, the query of their rows and findings.xlsx, each query on a connection of
 * its own. Stop them with stopEarlyReports however the run goes on.
 */
export function startEarlyReports(store: Store, outDir: string, info: WorkbookInfo): EarlyReports {
  const workers = startFixListWorkers();
  const rows = streamFixListRows(store);
  rows.catch(() => {}); // met where it is awaited
  const findingsBook = writeFindingsWorkbook(store, outDir, info);
  findingsBook.catch(() => {}); // met where it is awaited
  return { workers, rows, findingsBook };
}

/** Ends the queries (their connections must be closed before anyone may close the store) and stops the threads. */
export async function stopEarlyReports(start: EarlyReports): Promise<void> {
  await start.findingsBook.catch(() => undefined);
  await (await start.rows.catch(() => undefined))?.close();
  await start.workers.close();
}

/** What the overview and the documents show beside the findings: the data received, the roster's counts. */
export interface ReportExtras {
  intake?: IntakeReport;
  roster?: RosterSummary | null;
  followUp?: FollowUpFacts | null;
}

/**
 * The fix-lists are written on `early`'s threads while this thread writes the circular, the overview
 * and the district summaries; findings.xlsx, started early, is awaited with them.
 */
export async function buildReports(store: Store, early: EarlyReports, outDir: string, campaign: CampaignInfo, rules: RuleOutcome[], headcount: HeadcountSummary | null, threshold: number, onProgress?: (text: string) => void, extras: ReportExtras = {}): Promise<ReportCounts> {
  const { intake, roster = null, followUp = null } = extras;
  const data = await loadReportData(store, campaign, rules, headcount, threshold, roster, followUp);
  const schoolNames = new UniqueNames();
  const districtNames = new UniqueNames();
  const folders: ReportFolders = {
    schools: new Map(data.schools.map((s) => [s.school_code, schoolNames.take(`${s.school_code}_${s.school_name}`)])),
    districts: new Map(data.districts.map((d) => [d.district, districtNames.take(d.district)])),
  };
  const total = data.schools.filter((s) => s.findings > 0).length;
  const vacant = roster ? await loadVacantRegistrations(store) : undefined;
  const written = writeFixLists(early.workers, early.rows, data, join(outDir, 'schools'), folders.schools, (n) => onProgress?.(`整改清单 ${n}/${total}`), vacant);
  const documents = (async () => {
    const reportDir = join(outDir, 'report');
    await mkdir(reportDir, { recursive: true });
    await writeCircular(data, reportDir);
    await writeIndexPage(data, reportDir, folders, intake);
    await writeDistrictReports(data, join(outDir, 'districts'), folders);
  })();
  await settleAll<unknown>([written, documents, early.findingsBook]);
  return { fixLists: total, districts: data.districts.length };
}
