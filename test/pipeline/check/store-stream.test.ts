import { describe, expect, it } from 'vitest';
import { Store } from '../../../pipeline/check/store.js';

describe('Store.streamApart', () => {
  it('hands a large result over in batches of at most 2048 rows, in order, then null', async () => {
    const store = await Store.open(':memory:', { threads: 2 });
    try {
      const stream = await store.streamApart<{ n: number }>('SELECT range::INTEGER AS n FROM range(5000) ORDER BY n');
      const sizes: number[] = [];
      const seen: number[] = [];
      for (let batch = await stream.next(); batch; batch = await stream.next()) {
        sizes.push(batch.length);
        seen.push(...batch.map((r) => r.n));
      }
      expect(sizes.every((n) => n > 0 && n <= 2048)).toBe(true);
      expect(sizes.length).toBeGreaterThan(1);
      expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
      expect(await stream.next()).toBeNull();
      await stream.close();
    } finally {
      store.close();
    }
  });

  it('closes cleanly while a batch is still being fetched ahead, and reports a failing query', async () => {
    const store = await Store.open(':memory:', { threads: 2 });
    try {
      const stream = await store.streamApart('SELECT range AS n FROM range(100000)');
      await stream.close(); // the first batch is on its way: close waits for it
      await expect(store.streamApart('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    } finally {
      store.close();
    }
  });
});
