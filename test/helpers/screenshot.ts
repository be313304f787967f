/** Screenshots of generated HTML in Debian's headless Chromium (installed by .ci/run), as a reader sees it. */
import { chromium, type Browser } from 'playwright-core';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface PageShot {
  png: Buffer;
  /** Console errors and CSP violations the page reported. */
  errors: string[];
  text: string;
}

export async function screenshot(browser: Browser, htmlFile: string, options: { width?: number; fullPage?: boolean; media?: 'screen' | 'print'; out?: string; act?: (page: import('playwright-core').Page) => Promise<void> } = {}): Promise<PageShot> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(htmlFile).href);
  if (options.media) await page.emulateMedia({ media: options.media });
  if (options.act) await options.act(page);
  const png = await page.screenshot({ fullPage: options.fullPage ?? true, path: options.out });
  const text = await page.innerText('body');
  await page.close();
  return { png, errors, text };
}

/** The page printed as a reader's browser prints it: A4 from the page's own @page rules, to a PDF file. */
export async function printToPdf(browser: Browser, htmlFile: string, pdfFile: string): Promise<void> {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(htmlFile).href);
  await page.pdf({ path: pdfFile, preferCSSPageSize: true, printBackground: true });
  await page.close();
}
