import { describe, expect, it } from 'vitest';
import { linesBySchool } from '../../../reports/fix-list/fix-lists.js';
import type { FixListLine } from '../../../reports/report-data.js';

/** A stand-in for a streamed result: the given batches, then null. */
function batches(...list: FixListLine[][]): { next(): Promise<FixListLine[] | null> } {
  const queue = [...list];
  return { next: async () => queue.shift() ?? null };
}

const line = (school_code: string, line: string): FixListLine => ({ school_code, line });

describe('linesBySchool', () => {
  it('yields each school once with all its lines in order, also when they go on in the next batch', async () => {
    const groups: { code: string; lines: string[] }[] = [];
    for await (const g of linesBySchool(batches([line('A', 'a1'), line('A', 'a2'), line('B', 'b1')], [line('B', 'b2')], [line('C', 'c1')]))) groups.push(g);
    expect(groups).toEqual([{ code: 'A', lines: ['a1', 'a2'] }, { code: 'B', lines: ['b1', 'b2'] }, { code: 'C', lines: ['c1'] }]);
  });

  it('yields nothing for an empty result', async () => {
    const groups: unknown[] = [];
    for await (const g of linesBySchool(batches())) groups.push(g);
    expect(groups).toEqual([]);
  });
});
