import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { launch, screenshot } from '../helpers/screenshot.js';
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
