import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeIndexPage } from '../../reports/index-page.js';
import type { ReportData } from '../../reports/report-data.js';
import { tempDir } from '../helpers/workbook.js';
import { CONTEXT } from './fix-list/fix-list-rows.js';

/** The text a reader sees: tags, the script and the style sheet removed. */
const visibleText = (html: string): string => html.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');

describe('report/index.html', () => {
  it('names problems by their titles with 严重/提示 and results in Chinese, codes only in their own column, and links the data files', async () => {
    const rules = [
      { ...CONTEXT.rules[0], findings: 3, status: 'fail' as const },
      { ...CONTEXT.rules[1], severity: 'warning', findings: 0, status: 'pass' as const },
      { ...CONTEXT.rules[2], severity: 'warning', findings: 0, status: 'skipped' as const, reason: '活动配置中没有输入 headcounts' },
    ];
    const school = { school_code: 'S1', school_name: '测试小学', district: '城关', findings: 3, byRule: { ID_INVALID: 3 }, records: 120, seniorRepeats: 0 };
    const data: ReportData = {
      campaign: CONTEXT.campaign, threshold: 0.02, rules, headcount: null, roster: null, registryRecords: 120, totalFindings: 3, studentFindings: 3, excelDamagedIds: 0,
      districts: [{ district: '城关', schools: 1, schoolsWithFindings: 1, findings: 3, byRule: { ID_INVALID: 3 } }], schools: [school], gapCells: [], groupFindings: [], registryColumns: ['hukou', 'address', 'id_number', 'photo'],
    };
    const dir = tempDir('xueji-index-');
    await writeIndexPage(data, dir, { schools: new Map([['S1', 'S1_测试小学']]), districts: new Map([['城关', '城关']]) });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const rows = html.slice(html.indexOf('各类问题条数')).split('</tr>').slice(1, 4).map(visibleText).map((t) => t.trim().split(/\s+/));
    expect(rows).toEqual([
      ['身份证件号码无效', '测试', '严重', '3', '发现问题', 'ID_INVALID'],
      ['学生照片缺失', '测试', '提示', '0', '未发现问题', 'PHOTO_MISSING'],
      ['学籍数与现场核查人数差额过大', '测试', '提示', '0', '未运行（活动配置中没有输入', 'headcounts）', 'HEADCOUNT_GAP'],
    ]);
    for (const link of ['../findings.xlsx', '../findings.csv', '../rejected.csv', '#数据接收情况']) expect(html).toContain(`href="${link}"`);
    const allowed = new Set(['findings', 'xlsx', 'csv', 'rejected', 'Excel', 'WPS', 'headcounts', ...rules.flatMap((r) => r.code.split('_'))]);
    expect((visibleText(html).match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !allowed.has(w))).toEqual([]);
  });
});
