import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { launch, printToPdf, screenshot } from '../helpers/screenshot.js';
import { tempDir } from '../helpers/workbook.js';

// Screenshots land in test-output/screenshots for a person to look at; the test checks what a page
// can tell by itself: it renders, it reports no errors (a CSP violation is one), its table sorts.
const SAMPLE = fileURLToPath(new URL('../../data-samples/sample/campaign.yaml', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

describe('pages in headless Chromium', () => {
  const out = join(tempDir('xueji-shots-'), 'out');
  let browser: Browser;

  beforeAll(async () => {
    expect(runCli(['run', SAMPLE, '--out', out]).code).toBe(0);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('the circular renders on screen and for print, without errors', async () => {
    const screen = await screenshot(browser, join(out, 'report', '通报.html'), { width: 900, out: join(SHOTS, 'circular.png') });
    expect(screen.errors).toEqual([]);
    expect(screen.text).toContain('三、存在问题');
    expect(screen.png.length).toBeGreaterThan(50_000);
    const print = await screenshot(browser, join(out, 'report', '通报.html'), { width: 794, media: 'print', out: join(SHOTS, 'circular-print.png') });
    expect(print.errors).toEqual([]);
  });

  it('the circular prints on A4 as a document: numbered pages, no heading at a page foot, the signature with the body, names whole', async () => {
    const pdf = join(SHOTS, 'circular-a4.pdf');
    await printToPdf(browser, join(out, 'report', '通报.html'), pdf);
    // pdftotext (poppler-utils, installed by .ci/run) gives each page's text, pages split by form feeds.
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.status).toBe(0);
    const pages = text.stdout.split('\f').map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean)).filter((lines) => lines.length);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((lines, i) => {
      // "— 3 —" under the text of every page, from the @page margin box.
      expect(lines.at(-1)!.replace(/\s/g, '')).toBe(`—${i + 1}—`);
      const last = lines.at(-2)!;
      expect([i, last]).not.toEqual([i, expect.stringMatching(/^([一二三四五六七八九十]+、\S+|附件\d+)$/)]);
    });
    // The page with the signature also holds the end of the body, not the list of attachments alone.
    const signed = pages.find((lines) => lines.some((l) => l.startsWith('附件：1.')))!;
    expect(signed.findIndex((l) => l.startsWith('附件：1.'))).toBeGreaterThan(0);
    expect(signed.join('')).toMatch(/利辛县教育局2025年10月28日/);
    // Every school's name stands whole on one line of 附件2.
    const schools = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).headcount.schools as { school_name: string }[];
    const tablePages = pages.filter((lines) => lines.some((l) => l === '附件2')).flat();
    for (const s of schools) expect([s.school_name, tablePages.some((l) => l.includes(s.school_name))]).toEqual([s.school_name, true]);
  });

  it('the overview page sorts its tables and runs its script under the CSP', async () => {
    const shot = await screenshot(browser, join(out, 'report', 'index.html'), {
      out: join(SHOTS, 'index.png'),
      act: async (page) => {
        const counts = async () => page.$$eval('#schools tbody tr', (rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[3].textContent)));
        await page.click('#schools th:nth-child(4)');
        await page.click('#schools th:nth-child(4)');
        const sorted = await counts();
        expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
        await page.fill('input[data-table="schools"]', '城北');
        const visible = await page.$$eval('#schools tbody tr', (rows) => rows.filter((r) => (r as HTMLElement).style.display !== 'none').length);
        expect(visible).toBeGreaterThan(0);
        expect(visible).toBeLessThan(sorted.length);
      },
    });
    expect(shot.errors).toEqual([]);
    expect(shot.text).toContain('各学区差额比例');
  });

  it('a fix-list and a district summary render without errors', async () => {
    const school = readdirSync(join(out, 'schools'))[0];
    const fix = await screenshot(browser, join(out, 'schools', school, '整改清单.html'), { width: 1400, out: join(SHOTS, 'fix-list.png') });
    expect(fix.errors).toEqual([]);
    expect(fix.text).toContain('问题学生明细');
    const district = readdirSync(join(out, 'districts'))[0];
    const page = await screenshot(browser, join(out, 'districts', district, '汇总.html'), { width: 1200, out: join(SHOTS, 'district.png') });
    expect(page.errors).toEqual([]);
  });
});
