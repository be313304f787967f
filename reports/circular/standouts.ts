/**
 * Which schools (or 学区) the circular may call 问题较多 in a problem family. Judged against the county,
 * because a large school has more problem records by its size alone: naming the largest counts would
 * name the largest schools, and in a county where every school has the same share of problems no school
 * stands out at all. A unit stands out when
 *   - its records in the family per record of its registry are at least RATE_FACTOR times the county's
 *     rate (the county's records in the family over all registry records), and
 *   - it has at least MIN_RECORDS of them: one or two cases at a small 教学点 are chance, not a pattern.
 * Units that sent no registry records are never judged (their rate means nothing).
 */

export const RATE_FACTOR = 2;
export const MIN_RECORDS = 3;

export interface Unit<T> {
  unit: T;
  /** Problem records of the family at the unit. */
  n: number;
  /** Registry records of the unit. */
  records: number;
}

export interface Standouts<T> {
  /** Problem records per registry record, over the units that sent records. */
  countyRate: number;
  /** The units that stand out, highest rate first. */
  units: (Unit<T> & { rate: number })[];
}

export function standouts<T>(units: Unit<T>[]): Standouts<T> {
  const judged = units.filter((u) => u.records > 0);
  const records = judged.reduce((n, u) => n + u.records, 0);
  const countyRate = records ? judged.reduce((n, u) => n + u.n, 0) / records : 0;
  const out = judged
    .map((u) => ({ ...u, rate: u.n / u.records }))
    .filter((u) => u.n >= MIN_RECORDS && u.rate >= RATE_FACTOR * countyRate)
    .sort((a, b) => b.rate - a.rate || b.n - a.n);
  return { countyRate, units: out };
}
