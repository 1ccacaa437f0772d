/**
 * A function that remembers its answers, for one run: ledgers repeat the same few words, codes and amounts
 * down a column. Made inside the call that uses it (one `balance`), so nothing one run reads is kept for the
 * next, and bounded so that a huge ledger cannot grow it without end.
 */
export function memo<K, T>(fn: (key: K) => T, limit = 10_000): (key: K) => T {
  const known = new Map<K, T>();
  return (key) => {
    const value = known.get(key);
    if (value !== undefined || known.has(key)) return value as T;
    const computed = fn(key);
    if (known.size < limit) known.set(key, computed);
    return computed;
  };
}
