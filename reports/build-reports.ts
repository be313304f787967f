/**
 * All documents people read, built from the store after the rules ran: the circular and its
 * attachments, the overview page, a fix-list per school with findings, a summary per 学区.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeadcountSummary } from '../pipeline/headcount-summary.js';
import type { RuleOutcome } from '../pipeline/rule-runner.js';
import type { Store } from '../pipeline/store.js';
import { settleAll } from '../pipeline/settle-all.js';
import { writeCircular } from './circular-report.js';
import { writeDistrictReports, type ReportFolders } from './district-reports.js';
import { startFixListWorkers, writeFixLists } from './fix-lists.js';
import { writeIndexPage } from './index-page.js';
import { loadFixListRows, loadReportData, type CampaignInfo } from './report-data.js';
import { UniqueNames } from './safe-name.js';

export interface ReportCounts {
  fixLists: number;
  districts: number;
}

export async function buildReports(store: Store, outDir: string, campaign: CampaignInfo, rules: RuleOutcome[], headcount: HeadcountSummary | null, threshold: number, onProgress?: (text: string) => void): Promise<ReportCounts> {
  const workers = startFixListWorkers();
  // The fix-lists' rows are queried (on a connection of their own) while the report data is, and the
  // fix-lists are written on the workers while this thread writes the circular, the overview and the
  // district summaries.
  const fixListRows = loadFixListRows(store);
  fixListRows.catch(() => {}); // met where it is awaited
  try {
    const data = await loadReportData(store, campaign, rules, headcount, threshold);
    const schoolNames = new UniqueNames();
    const districtNames = new UniqueNames();
    const folders: ReportFolders = {
      schools: new Map(data.schools.map((s) => [s.school_code, schoolNames.take(`${s.school_code}_${s.school_name}`)])),
      districts: new Map(data.districts.map((d) => [d.district, districtNames.take(d.district)])),
    };
    const total = data.schools.filter((s) => s.findings > 0).length;
    const fixLists = writeFixLists(workers, fixListRows, data, join(outDir, 'schools'), folders.schools, (n) => onProgress?.(`整改清单 ${n}/${total}`));
    const documents = (async () => {
      const reportDir = join(outDir, 'report');
      await mkdir(reportDir, { recursive: true });
      await writeCircular(data, reportDir);
      await writeIndexPage(data, reportDir, folders);
      await writeDistrictReports(data, join(outDir, 'districts'), folders);
    })();
    await settleAll([fixLists, documents]);
    return { fixLists: total, districts: data.districts.length };
  } finally {
    // Its connection must be done before anyone may close the store.
    await fixListRows.catch(() => undefined);
    await workers.close();
  }
}
