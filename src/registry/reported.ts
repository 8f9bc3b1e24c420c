/**
 * Reported figures beside the registry's own (pure rules, no I/O): which figure of ISCM Hub a
 * reported figure is compared with, and the reconciliation between the mechanisms ISCM Hub counts and
 * those the source's list of the time names. Nothing here is typed: every difference is computed.
 */

export const COMPARATORS = ['exact', 'at-least', 'over', 'at-most'] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const FIGURE_COUNTS = [
  'active-mechanisms',
  'active-rcps',
  'countries-engaged',
  'max-mechanisms-per-country',
  'mechanisms-represented',
] as const;
export type FigureCounts = (typeof FIGURE_COUNTS)[number];

export interface Evidence {
  source: string;
  quote: string | null;
  url?: string | null;
}

export interface ListEntry {
  mechanism: string;
  named: 'yes' | 'no' | 'partly';
  evidence: Evidence[];
  note: string | null;
}

export interface ReportedList {
  id: string;
  title: string;
  reportedBy: string;
  figure: string;
  date: string;
  dateNote: string;
  entries: ListEntry[];
  note: string | null;
}

export interface Difference {
  mechanism: string;
  /** The source's evidence for this mechanism (what names it, or the list that leaves it out); empty: no entry at all. */
  evidence: Evidence[];
  note: string | null;
}

export interface Reconciliation {
  list: string;
  title: string;
  dateNote: string;
  /** Counted by ISCM Hub at the date; the list's record says it does not name it. */
  countedNotNamed: Difference[];
  /** Counted by ISCM Hub at the date; the list's record says nothing of it (unknown whether the list names it). */
  notInList: Difference[];
  /** Named by the list but not counted by ISCM Hub at the date. */
  namedNotCounted: Difference[];
  /** Counted by ISCM Hub; the list names only a related body. */
  namedInPart: Difference[];
}

/** Compare the mechanisms ISCM Hub counts with those a list names; null when no list is known. */
export function reconcile(counted: readonly string[], list: ReportedList | null): Reconciliation | null {
  if (list === null) return null;
  const entries = new Map(list.entries.map((e) => [e.mechanism, e]));
  const countedSet = new Set(counted);
  const diff = (id: string): Difference => {
    const e = entries.get(id);
    return { mechanism: id, evidence: e?.evidence ?? [], note: e?.note ?? null };
  };
  const sorted = [...countedSet].sort();
  return {
    list: list.id,
    title: list.title,
    dateNote: list.dateNote,
    countedNotNamed: sorted.filter((id) => entries.get(id)?.named === 'no').map(diff),
    notInList: sorted.filter((id) => !entries.has(id)).map(diff),
    namedNotCounted: list.entries
      .filter((e) => e.named === 'yes' && !countedSet.has(e.mechanism))
      .map((e) => diff(e.mechanism)),
    namedInPart: sorted.filter((id) => entries.get(id)?.named === 'partly').map(diff),
  };
}

/** Whether the registry's value agrees with the reported one, given how the source put it. */
export function agrees(hub: number, reported: { value: number; comparator: Comparator }): boolean {
  switch (reported.comparator) {
    case 'exact':
      return hub === reported.value;
    case 'at-least':
      return hub >= reported.value;
    case 'over':
      return hub > reported.value;
    case 'at-most':
      return hub <= reported.value;
  }
}
