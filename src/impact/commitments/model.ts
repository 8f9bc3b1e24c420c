/**
 * Commitments and their follow-up: the shared status scale, the state of a commitment on a date, the roll-up of
 * progress through a framework, reporting cycles' deadlines and who may do what. Pure, no I/O.
 *
 * THE ROLL-UP RULE (documented on /commitments and in the API):
 * - a commitment's state on a date is its last ACCEPTED update whose date is on or before that date (ties: the
 *   one accepted last); none → "no report" (never 0 %);
 * - a commitment's progress is the progress its state reports (0–100); a `completed` state that gives no figure
 *   counts 100; any other state without a figure has a status but no progress; `discontinued` never counts in
 *   progress (it is reported, not done and not pending);
 * - a node's progress is the weighted mean of the progress of its children that have one — its sub-nodes (weight:
 *   the node's weight) and the commitments placed on it (weight: the commitment's weight, 1 unless stated);
 *   children with no progress are left out of the mean, not counted as 0; a node none of whose children has a
 *   progress has none ("no report");
 * - beside it, every node counts its commitments (all below it), those with a report and those by status, so a
 *   mean over one reported commitment out of twenty says so.
 */
import { can, type Grant } from '../../accounts/model.js';
import { groupBy } from '../../db/group.js';

export const STATUSES = ['planned', 'in-progress', 'completed', 'discontinued'] as const;
export type Status = (typeof STATUSES)[number];
export const REVIEWS = ['submitted', 'accepted', 'returned'] as const;
export type Review = (typeof REVIEWS)[number];
export const LEVELS = ['domain', 'priority', 'action'] as const;
export type Level = (typeof LEVELS)[number];

export const MAX_TEXT = 4000;
export const MAX_TITLE = 300;

export interface UpdateFact {
  id: string;
  status: Status;
  progress: number | null;
  /** YYYY-MM-DD: the date the update reports on. */
  date: string;
  /** When it was accepted (ISO time): orders updates of one date. */
  acceptedAt: string;
}

/** The last accepted update on or before `asOf` (YYYY-MM-DD), or null ("no report"). */
export function stateOn<U extends UpdateFact>(updates: readonly U[], asOf: string): U | null {
  let best: U | null = null;
  for (const u of updates) {
    if (u.date > asOf) continue;
    if (!best || u.date > best.date || (u.date === best.date && u.acceptedAt > best.acceptedAt)) best = u;
  }
  return best;
}

/** The progress a state counts in the roll-up (null: none: no report, no figure, or discontinued). */
export function progressOf(state: Pick<UpdateFact, 'status' | 'progress'> | null): number | null {
  if (!state || state.status === 'discontinued') return null;
  if (state.progress !== null) return state.progress;
  return state.status === 'completed' ? 100 : null;
}

export interface TreeNode {
  id: string;
  parent: string | null;
  weight: number;
}
export interface Placed {
  node: string | null;
  weight: number;
  state: Pick<UpdateFact, 'status' | 'progress'> | null;
}
export interface Rolled {
  /** Weighted mean progress 0–100 (rounded to one decimal); null: no report below this node. */
  progress: number | null;
  commitments: number;
  reported: number;
  byStatus: Record<Status, number>;
}

const emptyCounts = (): Record<Status, number> => ({ planned: 0, 'in-progress': 0, completed: 0, discontinued: 0 });

/** Roll progress up the tree by THE RULE above: each node's figures, by node id. */
export function rollUp(nodes: readonly TreeNode[], placed: readonly Placed[]): Map<string, Rolled> {
  const children = groupBy(nodes, (n) => n.parent);
  const on = groupBy(
    placed.filter((p) => p.node !== null),
    (p) => p.node!,
  );
  const out = new Map<string, Rolled>();
  const visit = (n: TreeNode, seen: Set<string>): Rolled => {
    if (seen.has(n.id)) throw new Error(`the framework has a cycle at node ${n.id}`);
    seen.add(n.id);
    let sum = 0;
    let weights = 0;
    const r: Rolled = { progress: null, commitments: 0, reported: 0, byStatus: emptyCounts() };
    for (const c of children.get(n.id) ?? []) {
      const sub = visit(c, seen);
      r.commitments += sub.commitments;
      r.reported += sub.reported;
      for (const s of STATUSES) r.byStatus[s] += sub.byStatus[s];
      if (sub.progress !== null && c.weight > 0) {
        sum += sub.progress * c.weight;
        weights += c.weight;
      }
    }
    for (const p of on.get(n.id) ?? []) {
      r.commitments++;
      if (p.state) {
        r.reported++;
        r.byStatus[p.state.status]++;
      }
      const v = progressOf(p.state);
      if (v !== null && p.weight > 0) {
        sum += v * p.weight;
        weights += p.weight;
      }
    }
    r.progress = weights > 0 ? Math.round((sum / weights) * 10) / 10 : null;
    out.set(n.id, r);
    return r;
  };
  for (const root of children.get(null) ?? []) visit(root, new Set());
  return out;
}

/** The framework's own figures: its roots rolled up like one more node (weight: each root's). */
export function rollFramework(
  nodes: readonly TreeNode[],
  placed: readonly Placed[],
): Rolled & { nodes: Map<string, Rolled> } {
  const ROOT = '\u0000root';
  const lifted = nodes.map((n) => (n.parent === null ? { ...n, parent: ROOT } : n));
  // a commitment of the whole framework (no node) counts at its top
  const all = rollUp(
    [{ id: ROOT, parent: null, weight: 1 }, ...lifted],
    placed.map((p) => (p.node === null ? { ...p, node: ROOT } : p)),
  );
  const top = all.get(ROOT)!;
  all.delete(ROOT);
  return { ...top, nodes: all };
}

// ---------------------------------------------------------------- cycles and permissions

export const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** A cycle takes reports until its deadline, the deadline included. */
export const cycleOpen = (deadline: string, today: string): boolean => today <= deadline;
export const pastDeadline = (deadline: string, today: string) =>
  `the reporting cycle closed on its deadline, ${deadline} (today is ${today}): no report is taken after it`;

/** The secretariat of a mechanism (its editors) or an administrator: opens its cycles and reports for it. */
export const isSecretariat = (grants: readonly Grant[], mechanism: string): boolean =>
  can(grants, 'mechanism.edit', { mechanism });

/** Who reviews an update of a commitment of these mechanisms: its secretariat, its reviewers, administrators. */
export const mayReview = (grants: readonly Grant[], mechanisms: readonly string[]): boolean =>
  mechanisms.some((mechanism) => isSecretariat(grants, mechanism) || can(grants, 'change.publish', { mechanism }));

/**
 * Who speaks for a State in a cycle: the account's country focal-point grant, or an active delegate row of the
 * State (src/sharing: the focal point flagged there or any delegate the focal point granted).
 */
export function speaksFor(grants: readonly Grant[], delegateOf: readonly string[], country: string): boolean {
  return (
    delegateOf.includes(country) ||
    grants.some((g) => g.role === 'focal_point' && g.scopeType === 'country' && g.scopeId === country)
  );
}

/** The States a commitment concerns in a cycle: those it names among the cycle's States, or all of them. */
export function concerned(named: readonly string[], states: readonly string[]): string[] {
  return named.length ? states.filter((s) => named.includes(s)) : [...states];
}
