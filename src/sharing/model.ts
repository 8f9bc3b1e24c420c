/**
 * Who is who in the sharing among States, and who may see what. Pure, no I/O: the service builds the viewer
 * (account grants, delegate rows, and the participation of the viewer's States as the registry's ledger gives it)
 * and every read and write of src/sharing asks these functions.
 *
 * - an administrator sees and manages every space;
 * - a mechanism editor (accounts' `editor` scoped to the mechanism) is its secretariat: sees and manages its space;
 * - a delegate acts for a State: on a date, the delegates of a State that is a MEMBER of the mechanism on that
 *   date see its member space (`members` and `members-and-observers` items); the delegates of an OBSERVER State
 *   see only what the secretariat opened to observers (`members-and-observers`);
 * - everybody, signed in or not, sees `public` items;
 * - a State's focal point (a delegate flagged focal point for that State) grants and revokes that State's
 *   delegates; only an administrator grants the focal-point flag itself.
 */
import { can, type Grant } from '../accounts/model.js';
import { floorDate } from '../registry/model.js';

export const VISIBILITIES = ['members', 'members-and-observers', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** What the ledger says a State is in a mechanism, for the roles that open a space. */
export type Standing = 'member' | 'observer';

/** One participation row of one of the viewer's States: [from, until) as the registry gives it (null: open). */
export interface LedgerRow {
  mechanism: string;
  country: string;
  role: Standing;
  /** The start as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD); null: since the mechanism began. */
  from: string | null;
  /** The end (exclusive); null: still holds. */
  until: string | null;
}

export interface DelegateOf {
  country: string;
  focalPoint: boolean;
}

export interface Viewer {
  /** null: not signed in. */
  userId: string | null;
  grants: readonly Grant[];
  /** The States this account acts for (active delegate rows). */
  delegateOf: readonly DelegateOf[];
  /** The participation rows of those States (members and observers only). */
  ledger: readonly LedgerRow[];
}

export const ANONYMOUS: Viewer = { userId: null, grants: [], delegateOf: [], ledger: [] };

/** Something of a mechanism's space with a visibility (a post; later documents and packs). */
export interface SpaceItem {
  mechanism: string;
  visibility: Visibility;
}

/** Whether `row` holds on `date` (YYYY-MM-DD): from ≤ date < until, at the precision the source gives. */
export function holdsOn(row: Pick<LedgerRow, 'from' | 'until'>, date: string): boolean {
  if (row.from !== null && date < floorDate(row.from)) return false;
  if (row.until !== null && date >= floorDate(row.until)) return false;
  return true;
}

/** The administrator, or the mechanism's secretariat (its editors): they manage the space. */
export function managesSpace(viewer: Viewer, mechanism: string): boolean {
  return can(viewer.grants, 'mechanism.edit', { mechanism });
}

/**
 * What the viewer's States are in a mechanism on `date`, by the ledger: `member` if one of them is a member
 * then, else `observer` if one is an observer, else null. A State the viewer no longer acts for counts for nothing.
 */
export function standingOn(viewer: Viewer, mechanism: string, date: string): Standing | null {
  const mine = new Set(viewer.delegateOf.map((d) => d.country));
  let best: Standing | null = null;
  for (const r of viewer.ledger) {
    if (r.mechanism !== mechanism || !mine.has(r.country) || !holdsOn(r, date)) continue;
    if (r.role === 'member') return 'member';
    best = 'observer';
  }
  return best;
}

/** THE rule of visibility: may `viewer` see `item` on `date`? */
export function canSee(viewer: Viewer, item: SpaceItem, date: string): boolean {
  if (item.visibility === 'public') return true;
  if (managesSpace(viewer, item.mechanism)) return true;
  const standing = standingOn(viewer, item.mechanism, date);
  if (item.visibility === 'members') return standing === 'member';
  return standing === 'member' || standing === 'observer';
}

/** Whether the viewer is inside the space at all on `date` (sees more than the public). */
export const inSpace = (viewer: Viewer, mechanism: string, date: string): boolean =>
  canSee(viewer, { mechanism, visibility: 'members-and-observers' }, date);

/**
 * May the viewer post to the space with this visibility on `date`? The secretariat and administrators post with
 * any visibility; a member State's delegate posts to the members only (what observers and the public see is the
 * secretariat's to open). Null when allowed, else why not.
 */
export function postRefusal(viewer: Viewer, mechanism: string, visibility: Visibility, date: string): string | null {
  if (managesSpace(viewer, mechanism)) return null;
  if (standingOn(viewer, mechanism, date) !== 'member')
    return `only the delegates of a member State of ${mechanism} on ${date}, its secretariat or an administrator may post in its space`;
  if (visibility !== 'members')
    return "a member State's delegate posts to the members only; the secretariat opens items to observers or the public";
  return null;
}

/** The State the viewer posts for: its member State in the mechanism on `date`, null for the secretariat. */
export function postingCountry(viewer: Viewer, mechanism: string, date: string): string | null {
  if (managesSpace(viewer, mechanism)) return null;
  const mine = new Set(viewer.delegateOf.map((d) => d.country));
  const row = viewer.ledger.find(
    (r) => r.mechanism === mechanism && r.role === 'member' && mine.has(r.country) && holdsOn(r, date),
  );
  return row?.country ?? null;
}

export const isAdmin = (viewer: Viewer): boolean => can(viewer.grants, 'role.grant');

/** May the viewer grant (or revoke) a delegate of `country`, with the focal-point flag when `focalPoint`? */
export function grantRefusal(viewer: Viewer, country: string, focalPoint: boolean): string | null {
  if (isAdmin(viewer)) return null;
  const focal = viewer.delegateOf.some((d) => d.country === country && d.focalPoint);
  if (!focal) return `only an administrator or the focal point of ${country} may grant its delegates`;
  if (focalPoint) return "only an administrator may make a delegate a State's focal point";
  return null;
}

/** Who may read a State's list of delegates (personal data): administrators and that State's own delegates. */
export const seesDelegates = (viewer: Viewer, country: string): boolean =>
  isAdmin(viewer) || viewer.delegateOf.some((d) => d.country === country);

/** Where a reader downloads a file of a repository document listed in a space (closed ones have no public address). */
export const spaceFileUrl = (mechanism: string, document: string, version: string) =>
  `/api/v1/spaces/${encodeURIComponent(mechanism)}/documents/${encodeURIComponent(document)}/versions/${encodeURIComponent(version)}/file`;

export const MAX_TITLE = 300;
export const MAX_BODY = 20_000;
