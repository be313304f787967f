/**
 * Whose returned workbook it is, so that a row for another school's finding can be told: the school a
 * title line above the header names (its 学校标识码, else its name), else the nearest folder or file name
 * that does (schools/<学校标识码>_<学校名称>/整改清单.xlsx as xueji writes them, <code>_<name>.xlsx,
 * 城北中心小学.xlsx). Only known schools count, and a title naming two or more (a 学区 returning one
 * workbook for its schools) names none: such a workbook is not checked for other schools' rows.
 */

export class KnownSchools {
  private readonly names: [string, string][];

  constructor(private readonly codes: Map<string, string>) {
    // Longest first: 城北中心小学 before 城北中学 would not matter, but 城北中心小学 before 中心小学 does.
    this.names = [...codes].filter(([, name]) => name.length >= 2).map(([code, name]): [string, string] => [name, code]).sort((a, b) => b[0].length - a[0].length);
  }

  /** The known school codes in the text (as whole runs of letters and digits). */
  codesIn(text: string): Set<string> {
    return new Set((text.toUpperCase().match(/[0-9A-Z]+/g) ?? []).filter((t) => this.codes.has(t)));
  }

  /** The known schools whose name the text holds, a name inside a longer one found counting once. */
  namesIn(text: string): Set<string> {
    const found = new Set<string>();
    let rest = text;
    for (const [name, code] of this.names) {
      if (!rest.includes(name)) continue;
      found.add(code);
      rest = rest.split(name).join('\u0000');
    }
    return found;
  }
}

/** The one school `found` holds; null for none, undefined for several. */
const single = (found: Set<string>): string | null | undefined => (found.size === 1 ? [...found][0] : found.size === 0 ? null : undefined);

export function workbookSchool(titleLines: string[], path: string, schools: KnownSchools): string | null {
  const title = titleLines.join('\n');
  for (const found of [schools.codesIn(title), schools.namesIn(title)]) {
    const school = single(found);
    if (school !== null) return school ?? null;
  }
  const parts = path.split(/[\\/]/).filter(Boolean);
  parts[parts.length - 1] = parts[parts.length - 1].replace(/\.[^.]*$/, '');
  for (const part of parts.reverse()) {
    const code = /^([0-9A-Za-z]+)(?:[_\-\s（(]|$)/.exec(part)?.[1];
    const school = single(code ? schools.codesIn(code) : new Set()) ?? null;
    if (school) return school;
    const named = single(schools.namesIn(part));
    if (named) return named;
  }
  return null;
}
