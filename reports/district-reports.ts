/** districts/<学区>/汇总.html and 汇总.xlsx: the district head's view of its schools. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellValue } from './attachment-tables.js';
import { ratio3 } from './chinese-format.js';
import { contentSecurityPolicy, render } from './html.js';
import type { ReportData } from './report-data.js';
import { writeWorkbook } from './write/workbook-writer.js';

export interface ReportFolders {
  /** school_code → folder name under schools/ */
  schools: Map<string, string>;
  /** 学区 → folder name under districts/ */
  districts: Map<string, string>;
}

interface Cell { text: string; num?: boolean; over?: boolean; href?: string }

export async function writeDistrictReports(data: ReportData, districtsDir: string, folders: ReportFolders): Promise<void> {
  const families = [...new Set(data.rules.filter((r) => r.status !== 'skipped').map((r) => r.family))];
  const familyCount = (byRule: Record<string, number>, family: string) => data.rules.filter((r) => r.family === family).reduce((n, r) => n + (byRule[r.code] ?? 0), 0);
  for (const district of data.districts) {
    const schools = data.schools.filter((s) => s.district === district.district);
    const head = data.headcount?.districts.find((d) => d.district === district.district) ?? null;
    const hc = new Map((data.headcount?.schools ?? []).filter((s) => s.district === district.district).map((s) => [s.school_code, s]));
    const header = ['序号', '学校', '学校标识码', ...(data.headcount ? ['现场核查学生数', '学籍数据学生数', '差额人数', '差额比例'] : []), ...families, '问题记录数', '整改清单'];
    const values: CellValue[][] = schools.map((s, i) => {
      const h = hc.get(s.school_code);
      return [i + 1, s.school_name, s.school_code, ...(data.headcount ? [h?.onsite ?? null, h?.registry ?? null, h?.diff ?? null, h?.ratio ?? null] : []),
        ...families.map((f) => familyCount(s.byRule, f)), s.findings, s.findings > 0 ? '整改清单' : ''];
    });
    const totals: CellValue[] = ['合计', '', '', ...(data.headcount ? [head?.onsite ?? null, head?.registry ?? null, head?.diff ?? null, head?.ratio ?? null] : []),
      ...families.map((f) => familyCount(district.byRule, f)), district.findings, ''];
    const ratioColumn = data.headcount ? 6 : -1;
    const toCells = (row: CellValue[], school?: (typeof schools)[number]): Cell[] => row.map((v, c) => ({
      text: c === ratioColumn ? ratio3(v as number | null) : v === null ? '' : String(v),
      num: typeof v === 'number',
      over: c === ratioColumn && typeof v === 'number' && Math.abs(v) > data.threshold,
      href: school && c === header.length - 1 && school.findings > 0 ? `../../schools/${encodeURIComponent(folders.schools.get(school.school_code)!)}/整改清单.html` : undefined,
    }));
    const dir = join(districtsDir, folders.districts.get(district.district)!);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '汇总.html'), render('district', {
      csp: contentSecurityPolicy(), district: district.district, campaign: data.campaign, schools, withFindings: district.schoolsWithFindings,
      findings: district.findings, headcount: head, header,
      rows: [...values.map((v, i) => ({ total: false, cells: toCells(v, schools[i]) })), { total: true, cells: toCells(totals) }],
    }));
    await writeWorkbook(join(dir, '汇总.xlsx'), { creator: data.campaign.bureau, date: data.campaign.asOf }, [{
      name: '学校',
      options: {
        preamble: [`${district.district}学区学籍核查汇总`, data.campaign.name],
        header: header.slice(0, -1),
        rows: [...values.map((v) => ({ values: v.slice(0, -1) })), { values: totals.slice(0, -1), total: true }],
        ratioColumns: data.headcount ? [ratioColumn] : [],
        landscape: header.length > 8,
      },
    }]);
  }
}
