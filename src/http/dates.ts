/** Date helpers the infrastructure needs (the response cache keys on today's date); the registry's date rules build on them. */

/** Today's calendar date in UTC, YYYY-MM-DD: what "as of today" resolves to. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
