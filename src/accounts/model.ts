/**
 * Who may do what: every permission check in ISCM Hub goes through `can()`. Pure, no I/O.
 *
 * - administrator: everything;
 * - mechanism editor (scoped to mechanisms): the profile, participation, meetings, document records and document
 *   files of those mechanisms;
 * - country focal point (scoped to countries): confirm or dispute that country's participation rows;
 * - reviewer (unscoped, or scoped to mechanisms): publish changes waiting for review.
 */
export const ROLES = ['admin', 'editor', 'focal_point', 'reviewer'] as const;
export type AccountRole = (typeof ROLES)[number];

export const ACTIONS = [
  'mechanism.edit',
  'participation.edit',
  'meeting.edit',
  'document.upload',
  'document.edit',
  'participation.verify',
  'change.publish',
  'role.grant',
  'change.revert',
  'audit.read',
  'token.create',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Grant {
  role: AccountRole;
  scopeType: 'mechanism' | 'country' | null;
  scopeId: string | null;
}
export interface Resource {
  mechanism?: string | null;
  country?: string | null;
}

const MECHANISM_EDITS: readonly Action[] = [
  'mechanism.edit',
  'participation.edit',
  'meeting.edit',
  'document.upload',
  'document.edit',
];

export function can(grants: readonly Grant[], action: Action, resource: Resource = {}): boolean {
  return (
    grants.some((g) => {
      switch (g.role) {
        case 'admin':
          return true;
        case 'editor':
          return (
            MECHANISM_EDITS.includes(action) &&
            g.scopeType === 'mechanism' &&
            !!resource.mechanism &&
            g.scopeId === resource.mechanism
          );
        case 'focal_point':
          return (
            action === 'participation.verify' &&
            g.scopeType === 'country' &&
            !!resource.country &&
            g.scopeId === resource.country
          );
        case 'reviewer':
          return (
            action === 'change.publish' &&
            (g.scopeType === null || (g.scopeType === 'mechanism' && g.scopeId === resource.mechanism))
          );
      }
      return false;
    }) ||
    (action === 'token.create' && grants.length > 0)
  );
}

/** A grant must have the scope its role needs: editors a mechanism, focal points a country. */
export function grantProblem(g: Grant): string | null {
  if (g.role === 'admin' && g.scopeType !== null) return 'an administrator grant has no scope';
  if (g.role === 'editor' && g.scopeType !== 'mechanism') return 'a mechanism editor grant needs a mechanism';
  if (g.role === 'focal_point' && g.scopeType !== 'country') return 'a country focal point grant needs a country';
  if (g.role === 'reviewer' && g.scopeType === 'country')
    return 'a reviewer grant is unscoped or scoped to a mechanism';
  if (g.scopeType !== null && !g.scopeId) return 'a scoped grant needs its scope id';
  return null;
}

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILED_LOGINS = 5;
/** Sign-in attempts per client address, counted in the database across every server process. */
export const ADDRESS_WINDOW_MS = 60 * 1000;
export const MAX_ATTEMPTS_PER_ADDRESS = 20;
/**
 * Password-reset requests, counted in the database across every server process like sign-in attempts:
 * per client address (every request), per e-mail address (mail sent to one inbox, whatever the
 * client), and uses of reset links per client address.
 */
export const RESET_ADDRESS_WINDOW_MS = 60 * 1000;
export const MAX_RESET_REQUESTS_PER_ADDRESS = 10;
export const RESET_ACCOUNT_WINDOW_MS = 15 * 60 * 1000;
export const MAX_RESET_REQUESTS_PER_ACCOUNT = 5;
export const MAX_RESET_USES_PER_ADDRESS = 10;
/** The longest window: attempts older than this are pruned. */
export const LONGEST_ATTEMPT_WINDOW_MS = Math.max(
  LOGIN_WINDOW_MS,
  ADDRESS_WINDOW_MS,
  RESET_ADDRESS_WINDOW_MS,
  RESET_ACCOUNT_WINDOW_MS,
);
export const SESSION_DAYS = 14;
/** An invitation link is valid this long, and once. */
export const INVITE_DAYS = 7;
