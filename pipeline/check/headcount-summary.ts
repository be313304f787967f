/**
 * summary.json's `headcount`: on-site counts against the registry per 学区, per school and in total,
 * summed from the headcount cells (the same ones HEADCOUNT_GAP judges). ratio = diff / registry,
 * unrounded; null when the registry count is 0. Districts and schools in pinyin order, as bureaus list them.
 */
import type { Store } from './store.js';
import { bySchoolOrder, byPinyin } from './school-order.js';

export interface HeadcountRow {
  onsite: number;
  registry: number;
  diff: number;
  ratio: number | null;
}

export interface HeadcountSummary {
  districts: ({ district: string } & HeadcountRow)[];
  schools: ({ district: string; school_code: string; school_name: string } & HeadcountRow)[];
  total: HeadcountRow;
}


function withRatio(onsite: number, registry: number): HeadcountRow {
  const diff = registry - onsite;
  return { onsite, registry, diff, ratio: registry === 0 ? null : diff / registry };
}

export const UNKNOWN_DISTRICT = '（未列入学校名录）';

export async function summariseHeadcount(store: Store): Promise<HeadcountSummary> {
  const schools = await store.query<{ district: string | null; school_code: string; school_name: string | null; onsite: number; registry: number }>(`
    SELECT district, school_code, school_name, sum(onsite)::BIGINT AS onsite, sum(registry)::BIGINT AS registry
    FROM headcount_cell GROUP BY district, school_code, school_name`);
  const rows = schools.map((s) => ({
    district: s.district ?? UNKNOWN_DISTRICT,
    school_code: s.school_code,
    school_name: s.school_name ?? s.school_code,
    ...withRatio(Number(s.onsite), Number(s.registry)),
  })).sort(bySchoolOrder);
  const byDistrict = new Map<string, { onsite: number; registry: number }>();
  for (const s of rows) {
    const d = byDistrict.get(s.district) ?? { onsite: 0, registry: 0 };
    d.onsite += s.onsite;
    d.registry += s.registry;
    byDistrict.set(s.district, d);
  }
  const districts = [...byDistrict.entries()].map(([district, d]) => ({ district, ...withRatio(d.onsite, d.registry) })).sort((a, b) => byPinyin(a.district, b.district));
  const total = withRatio(rows.reduce((n, s) => n + s.onsite, 0), rows.reduce((n, s) => n + s.registry, 0));
  return { districts, schools: rows, total };
}
