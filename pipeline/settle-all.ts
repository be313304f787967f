/**
 * Like Promise.all, but waits for every promise to settle before throwing the first error. Needed where
 * the promises hold DuckDB connections or worker threads: closing those while a sibling still runs a
 * query can block (a rule failing on one connection while another ran one hung a run).
 */
export async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
