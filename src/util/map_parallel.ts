/**
 * Bounded concurrency: a list of network jobs run a few at a time, so a long
 * list never opens as many connections (and holds as many answers) as it has items.
 *
 * @module
 */

/** `fn` over `items`, at most `limit` at a time, results in order; the first failure rejects. */
export async function mapParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
