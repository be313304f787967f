/**
 * HTML rendering: handlebars in strict mode (a misspelt field is an error, not an empty string),
 * escaped by default, and a Content-Security-Policy on every page: nothing loads from elsewhere; an
 * inline script runs only if its hash is listed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { fileURLToPath } from 'node:url';
import { count, gradeName, percent, ratio3 } from './chinese-format.js';

/** templates/ from dist/reports/ (the built CLI) or from reports/ (tests that render from the sources). */
export const TEMPLATES_DIR = ['../../templates/', '../templates/'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((dir) => existsSync(`${dir}index.hbs`))
  ?? fileURLToPath(new URL('../../templates/', import.meta.url));

const hbs = Handlebars.create();
hbs.registerHelper('inc', (i: number) => i + 1);
hbs.registerHelper('count', (n: number) => count(n));
hbs.registerHelper('percent', (r: number | null) => percent(r));
hbs.registerHelper('ratio3', (r: number | null) => ratio3(r));
hbs.registerHelper('grade', (g: number | null) => gradeName(g));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function render(template: string, context: Record<string, unknown>): string {
  let t = compiled.get(template);
  if (!t) {
    t = hbs.compile(readFileSync(`${TEMPLATES_DIR}${template}.hbs`, 'utf8'), { strict: true });
    compiled.set(template, t);
  }
  return t(context);
}

/** The CSP for a page: inline styles, data: images, and only the listed inline scripts. */
export function contentSecurityPolicy(scripts: string[] = []): string {
  const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${hashes.length ? hashes.join(' ') : "'none'"}; base-uri 'none'; form-action 'none'`;
}

/** Escapes text for an HTML context (for the few strings built outside templates, e.g. inline SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
