/** Compares a run's findings.csv with the generator's expected-findings.csv, per rule. */
import { readFileSync } from 'node:fs';

export interface RuleScore {
  expected: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
  missing: string[];
  extra: string[];
}

export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
  const header = splitLine(lines[0]);
  return lines.slice(1).map((l) => Object.fromEntries(splitLine(l).map((v, i) => [header[i], v])));
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(field); field = ''; }
    else field += c;
  }
  out.push(field);
  return out;
}

/** A finding is identified by its rule, key and the row it points at. */
const keyOf = (r: Record<string, string>) => `${r.student_key}@${r.source_file}#${r.source_row}`;

export function compareFindings(expectedCsv: string, findingsCsv: string): Record<string, RuleScore> {
  const expected = parseCsv(readFileSync(expectedCsv, 'utf8'));
  const found = parseCsv(readFileSync(findingsCsv, 'utf8'));
  const rules = new Set([...expected.map((r) => r.rule), ...found.map((r) => r.rule)]);
  const scores: Record<string, RuleScore> = {};
  for (const rule of [...rules].sort()) {
    const want = new Set(expected.filter((r) => r.rule === rule).map(keyOf));
    const got = new Set(found.filter((r) => r.rule === rule).map(keyOf));
    const tp = [...got].filter((k) => want.has(k)).length;
    scores[rule] = {
      expected: want.size,
      found: got.size,
      truePositives: tp,
      precision: got.size ? tp / got.size : 1,
      recall: want.size ? tp / want.size : 1,
      missing: [...want].filter((k) => !got.has(k)),
      extra: [...got].filter((k) => !want.has(k)),
    };
  }
  return scores;
}
