/** report/index.html: the campaign at a glance, offline from the file system (inline SVG and script, no CDN). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chineseDate, ratio3 } from './chinese-format.js';
import type { ReportFolders } from './district-reports.js';
import { contentSecurityPolicy, render } from './html.js';
import { severityName, statusName } from './labels.js';
import { ratioChart } from './ratio-chart.js';
import { followUpReview } from './follow-up/follow-up-section.js';
import type { ReportData } from './report-data.js';
import { intakeSection, type IntakeReport } from './intake-section.js';

/** Click a header to sort; type in a box to filter. Listed by hash in the page's CSP. */
export const TABLE_SCRIPT = `(function () {
  function key(td) { var t = td.textContent.trim(); var n = Number(t.replace(/,/g, '')); return t !== '' && !isNaN(n) ? n : t; }
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    th.addEventListener('click', function () {
      var table = th.closest('table'), body = table.tBodies[0], i = Array.prototype.indexOf.call(th.parentNode.children, th);
      var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
      th.parentNode.querySelectorAll('th').forEach(function (h) { h.removeAttribute('data-dir'); });
      th.setAttribute('data-dir', dir);
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) { var x = key(a.cells[i]), y = key(b.cells[i]); var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN'); return dir === 'asc' ? c : -c; });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  document.querySelectorAll('input.filter').forEach(function (input) {
    input.addEventListener('input', function () {
      var q = input.value.trim(), body = document.getElementById(input.getAttribute('data-table')).tBodies[0];
      Array.prototype.forEach.call(body.rows, function (r) { r.style.display = q === '' || r.textContent.indexOf(q) >= 0 ? '' : 'none'; });
    });
  });
})();`;

export async function writeIndexPage(data: ReportData, reportDir: string, folders: ReportFolders, intake?: IntakeReport): Promise<void> {
  const families = [...new Set(data.rules.filter((r) => r.status !== 'skipped').map((r) => r.family))];
  const hcByDistrict = new Map((data.headcount?.districts ?? []).map((d) => [d.district, d]));
  const page = render('index', {
    csp: contentSecurityPolicy([TABLE_SCRIPT]),
    script: TABLE_SCRIPT,
    campaign: data.campaign,
    asOf: chineseDate(data.campaign.asOf),
    deadline: data.campaign.deadline ? chineseDate(data.campaign.deadline) : '',
    schoolCount: data.schools.length,
    districtCount: data.districts.length,
    registryRecords: data.registryRecords,
    studentFindings: data.studentFindings,
    schoolsWithFindings: data.schools.filter((s) => s.findings > 0).length,
    headcount: data.headcount,
    threshold: data.threshold,
    chart: data.headcount ? ratioChart(data.headcount.districts, data.threshold) : '',
    intake: intake ? intakeSection(intake) : '',
    rules: data.rules.map((r) => ({
      code: r.code, title: r.title, family: r.family, findings: r.findings, skipped: r.status === 'skipped', severe: r.severity === 'error',
      severity: severityName(r.severity), status: r.status === 'skipped' && r.reason ? `${statusName(r.status)}（${r.reason}）` : statusName(r.status),
    })),
    families,
    followUp: followUpReview(data),
    districts: data.districts.map((d) => {
      const h = hcByDistrict.get(d.district);
      return {
        district: d.district, schools: d.schools, withFindings: d.schoolsWithFindings, findings: d.findings,
        onsite: h?.onsite ?? '', registry: h?.registry ?? '', diff: h?.diff ?? '', ratio: h ? ratio3(h.ratio) : '',
        over: h?.ratio != null && Math.abs(h.ratio) > data.threshold,
        href: `../districts/${encodeURIComponent(folders.districts.get(d.district)!)}/汇总.html`,
      };
    }),
    schools: data.schools.map((s) => ({
      district: s.district, name: s.school_name, code: s.school_code, findings: s.findings,
      byFamily: families.map((f) => data.rules.filter((r) => r.family === f).reduce((n, r) => n + (s.byRule[r.code] ?? 0), 0)),
      href: s.findings > 0 ? `../schools/${encodeURIComponent(folders.schools.get(s.school_code)!)}/整改清单.html` : '',
    })),
  });
  await writeFile(join(reportDir, 'index.html'), page);
}
