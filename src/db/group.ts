/** Rows (of a query, mostly) grouped by a key, in their order; `value` keeps a part of each row instead. */
export function groupBy<T, K, V = T>(
  rows: Iterable<T>,
  key: (r: T) => K,
  value: (r: T) => V = (r) => r as unknown as V,
): Map<K, V[]> {
  const m = new Map<K, V[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(value(r));
    else m.set(k, [value(r)]);
  }
  return m;
}
