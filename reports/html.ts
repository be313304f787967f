/**
 * HTML rendering: handlebars in strict mode (a misspelt field is an error, not an empty string),
 * escaped by default, and a Content-Security-Policy on every page: nothing loads from elsewhere; an
 * inline script runs only if its hash is listed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { fileURLToPath } from 'node:url';
import { count, gradeName, percent, ratio3 } from './chinese-format.js';

/** templates/ at the package root: beside reports/ when run from source (tests), two up from dist/reports/. */
export const TEMPLATES_DIR = ['../templates/', '../../templates/'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((dir) => existsSync(dir))!;

const hbs = Handlebars.create();
hbs.registerHelper('inc', (i: number) => i + 1);
hbs.registerHelper('count', (n: number) => count(n));
hbs.registerHelper('percent', (r: number | null) => percent(r));
hbs.registerHelper('ratio3', (r: number | null) => ratio3(r));
hbs.registerHelper('grade', (g: number | null) => gradeName(g));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
// Every templates/partials/<name>.hbs is the partial {{> name}}.
for (const file of readdirSync(`${TEMPLATES_DIR}partials`).filter((f) => f.endsWith('.hbs'))) hbs.registerPartial(file.slice(0, -4), readFileSync(`${TEMPLATES_DIR}partials/${file}`, 'utf8'));

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

const HTML_SPECIAL = /[&<>"']/;
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an HTML context (for strings built outside templates: inline SVG, the fix-lists'
 * rows). Most cells hold none of the five characters: one test, no copy.
 */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ENTITY[c]) : text;
}
