/** An inline SVG bar chart of 差额比例 by 学区, the threshold marked on both sides of zero. Text escaped here. */
import { ratio3 } from './chinese-format.js';
import { escapeHtml } from './html.js';

export function ratioChart(rows: { district: string; ratio: number | null }[], threshold: number): string {
  const bar = 22;
  const labelWidth = 120;
  const plotWidth = 560;
  const max = Math.max(threshold * 2, ...rows.map((r) => Math.abs(r.ratio ?? 0))) * 1.1;
  const x = (v: number) => labelWidth + plotWidth / 2 + (v / max) * (plotWidth / 2);
  const height = rows.length * bar + 40;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 20 + i * bar;
    const v = r.ratio ?? 0;
    const over = Math.abs(v) > threshold;
    const x0 = Math.min(x(0), x(v));
    parts.push(`<text x="${labelWidth - 6}" y="${y + bar * 0.68}" text-anchor="end">${escapeHtml(r.district)}</text>`);
    parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${Math.abs(x(v) - x(0)).toFixed(1)}" height="${bar - 6}" fill="${over ? '#c0392b' : '#5b8cc0'}"><title>${escapeHtml(r.district)}: ${ratio3(r.ratio)}</title></rect>`);
    parts.push(`<text x="${(v >= 0 ? x(v) + 4 : x(v) - 4).toFixed(1)}" y="${y + bar * 0.68}" text-anchor="${v >= 0 ? 'start' : 'end'}" class="value">${ratio3(r.ratio)}</text>`);
  });
  const line = (v: number, cls: string) => `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="12" y2="${height - 16}" class="${cls}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${labelWidth + plotWidth + 60} ${height}" role="img" aria-label="各学区差额比例">
<style>text{font-size:12px;font-family:sans-serif}.value{fill:#333}.zero{stroke:#000}.limit{stroke:#c0392b;stroke-dasharray:4 3}</style>
${line(0, 'zero')}${line(threshold, 'limit')}${line(-threshold, 'limit')}
<text x="${x(threshold).toFixed(1)}" y="${height - 4}" text-anchor="middle" fill="#c0392b">+${ratio3(threshold)}</text>
<text x="${x(-threshold).toFixed(1)}" y="${height - 4}" text-anchor="middle" fill="#c0392b">−${ratio3(threshold)}</text>
${parts.join('\n')}
</svg>`;
}
