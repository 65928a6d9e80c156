/** The fields whose values differ, as `{field: {from, to}}` — what an audit summary records for an edit. */
export function diffFields<K extends string>(
  before: Partial<Record<K, unknown>>,
  after: Partial<Record<K, unknown>>,
  keys: readonly K[],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of keys) if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  return changes;
}
