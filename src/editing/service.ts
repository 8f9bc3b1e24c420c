/**
 * Editing with review. An editor proposes a change of some kind (kinds.ts) to a record
 * (records.ts); a reviewer publishes it or returns it with a comment; an administrator can revert
 * a published change (the revert is itself a published change). A change names the version it was
 * based on: a stale one is refused (412), and publishing re-checks the version inside the write, so
 * no update is ever lost — across processes too. Every step writes its audit event in the same
 * transaction; the public sees a record only as published.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { can } from '../accounts/model.js';
import type { DataVersion } from '../db/data-version.js';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { ChangeRequestTable, DB } from '../db/schema.js';
import { sourceId } from '../registry/reference.js';
import * as registryStore from '../registry/store.js';
import { KINDS, type Kind } from './kinds.js';
import {
  ADAPTERS,
  alreadyRecorded,
  diff,
  editError,
  forbidden,
  RECORD_TYPES,
  type Adapter,
  type RecordType,
} from './records.js';
import {
  Conflict,
  type HttpError,
  NotFound,
  PreconditionFailed,
  PreconditionRequired,
  Unauthenticated,
  ValidationError,
} from '../http/errors.js';
import { countryNames } from '../registry/countries.js';

export { END_CAUSES, KINDS, VERIFICATION_STATES } from './kinds.js';

export interface ChangeResult {
  id: string;
  status: 'pending' | 'published' | 'returned' | 'withdrawn';
  recordId: string;
  version: number;
}

type AnyState = { version: number } & Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kinds and adapters are looked up by name
const adapterOf = (t: string) => ADAPTERS[t as RecordType] as unknown as Adapter<any>;
const parseState = (json: string | null) => (json === null ? null : (JSON.parse(json) as AnyState));

/** The ids that name a change's record: its mechanism, party or meeting title (the page puts them in words). */
function recordNames(type: RecordType, s: AnyState | null) {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  if (!s) return { mechanism: null, country: null, organization: null, partyLabel: null, title: null };
  if (type === 'mechanism')
    return { mechanism: str(s.id), country: null, organization: null, partyLabel: null, title: str(s.name) };
  if (type === 'meeting')
    return { mechanism: str(s.mechanism_id), country: null, organization: null, partyLabel: null, title: str(s.title) };
  return {
    mechanism: str(s.mechanism_id),
    country: str(s.country_code),
    organization: str(s.organization_id),
    partyLabel: str(s.party_label),
    title: null,
  };
}

/**
 * A published change as the public may read it (feeds, digests): what record it is about and when it was
 * published, never its payload, its comment or who proposed it.
 */
export interface PublishedChange {
  id: string;
  kind: string;
  recordType: RecordType;
  recordId: string;
  mechanism: string | null;
  country: string | null;
  organization: string | null;
  /** The meeting series of a meeting record. */
  series: string | null;
  /** A meeting's title or a mechanism's name, from the published state. */
  title: string | null;
  /** created: the record did not exist before; removed: it does not after; else changed. */
  effect: 'created' | 'changed' | 'removed';
  revertOf: string | null;
  publishedAt: string;
}

export class EditingService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly accounts: AccountsService,
    /** The app's data-version signal: bumped after every published write, so every cache follows at once. */
    private readonly version?: DataVersion,
  ) {}

  /** The 403 for `action` on a mechanism or country, naming it (in English for the API; pages name it again). */
  async deny(action: string, resource: { mechanism?: string | null; country?: string | null }): Promise<HttpError> {
    let name: string | null = null;
    if (resource.mechanism)
      name =
        (await this.db.selectFrom('mechanism').select('name').where('id', '=', resource.mechanism).executeTakeFirst())
          ?.name ?? null;
    else if (resource.country) name = countryNames('en').get(resource.country) ?? null;
    return forbidden(action, resource, name);
  }

  private require(user: SessionUser | null): SessionUser {
    if (!user) throw new Unauthenticated('sign in, or send a personal API token as "Authorization: Bearer …"');
    return user;
  }

  /**
   * Everything a proposal (or an amended one) is checked for before it is written: the payload (400 naming the
   * field), the record (404), the user's permission (403), the version it is based on (428, 412), and the next
   * state the change computes (400 when it is refused).
   */
  private async prepare(
    user: SessionUser,
    kindName: string,
    recordId: string | null,
    ifMatch: number | null | (() => number | null),
    body: unknown,
  ) {
    const kind = KINDS[kindName];
    if (!kind) throw new ValidationError(`unknown kind of change "${kindName}"`, 'kind');
    const adapter = adapterOf(kind.recordType);
    const payload: unknown = kind.parse(body);
    const id = kind.creates ? await kind.newId!(this.db, payload) : recordId!;
    const current = kind.creates ? null : ((await adapter.read(this.db, id)) as AnyState | null);
    if (!kind.creates && !current) throw NotFound.because(`${kind.recordType} "${id}" not found`);
    const resource = kind.resource(current, payload);
    if (!can(user.grants, kind.action, resource)) {
      throw await this.deny(kind.action, resource);
    }
    if (current) {
      // Read last: a malformed If-Match is a 412, after the body's 400s.
      if (typeof ifMatch === 'function') ifMatch = ifMatch();
      if (ifMatch === null)
        throw new PreconditionRequired(
          `send If-Match with the version you edited (current: "${current.version}")`,
          'If-Match',
        );
      if (ifMatch !== current.version)
        throw new PreconditionFailed(
          `the record changed since you read it: you edited version ${ifMatch}, it is now ${current.version}`,
          'If-Match',
        );
    }
    const next = (await kind.next(this.db, current, payload)) as AnyState | null;
    const mechanismId: string = (next && adapter.mechanismOf(next)) ?? (current && adapter.mechanismOf(current)) ?? '';
    return { kind, adapter, payload, id, current, next, mechanismId };
  }

  /**
   * The author amends a change a reviewer returned and resubmits it: the same checks as a new proposal, against
   * the record as it is now; the change waits for review again, with the reviewer's comment kept beside it.
   */
  async amend(
    userOrNull: SessionUser | null,
    changeId: string,
    ifMatch: number | null | (() => number | null),
    body: unknown,
  ): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.change(changeId);
    if (change.author !== user.id)
      throw editError(403, 'only its author may amend and resubmit a change', undefined, {
        key: 'review.forbiddenAmend',
      });
    if (change.status !== 'returned' || !KINDS[change.kind])
      throw editError(
        409,
        `change ${changeId} is ${change.status}: only a returned change is amended and resubmitted`,
        'status',
      );
    const { payload, id, current, mechanismId } = await this.prepare(
      user,
      change.kind,
      change.record_id,
      ifMatch,
      body,
    );
    await this.transaction(async (tx) => {
      const res = await tx
        .updateTable('change_request')
        .set({
          payload: JSON.stringify(payload),
          record_id: id,
          mechanism_id: mechanismId,
          base_version: current?.version ?? 0,
          status: 'pending',
          reviewer: null,
          reviewed_at: null,
        })
        .where('id', '=', changeId)
        .where('status', '=', 'returned')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw editError(409, `change ${changeId} was amended meanwhile`);
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'change.amend',
        recordType: change.record_type,
        recordId: id,
        before: { change: changeId, payload: JSON.parse(change.payload) as unknown, comment: change.comment },
        after: { change: changeId, kind: change.kind, payload },
      });
    });
    return { id: changeId, status: 'pending', recordId: id, version: current?.version ?? 0 };
  }

  /** One change with what it changes, for its author, a reviewer of its mechanism or an administrator. */
  async changeFor(userOrNull: SessionUser | null, changeId: string) {
    const user = this.require(userOrNull);
    const c = await this.change(changeId);
    const mayReview = can(user.grants, 'change.publish', { mechanism: c.mechanism_id || null });
    if (c.author !== user.id && !mayReview)
      throw editError(
        403,
        'only its author, a reviewer of its mechanism or an administrator may see a change before it is published',
        undefined,
        { key: 'review.forbiddenChange' },
      );
    const [described] = await this.described([c]);
    return { ...described!, payload: JSON.parse(c.payload) as unknown, mayReview, mine: c.author === user.id };
  }

  /**
   * Propose a change of `kindName` to a record (`recordId` null for a kind that creates one);
   * published at once when the author may also publish (or when the kind needs no review).
   */
  async propose(
    userOrNull: SessionUser | null,
    kindName: string,
    recordId: string | null,
    ifMatch: number | null | (() => number | null),
    body: unknown,
  ): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const { kind, payload, id, current, mechanismId } = await this.prepare(user, kindName, recordId, ifMatch, body);
    const changeId = randomUUID();
    const publishNow = kind.immediate || can(user.grants, 'change.publish', { mechanism: mechanismId || null });
    // One transaction: the proposal, its audit event and (for an author who may publish) the
    // publication. A refused write (412, 409) or a process killed midway leaves nothing behind.
    const result = await this.transaction(
      async (tx) => {
        await tx
          .insertInto('change_request')
          .values({
            id: changeId,
            kind: kindName,
            record_type: kind.recordType,
            record_id: id,
            mechanism_id: mechanismId,
            base_version: current?.version ?? 0,
            payload: JSON.stringify(payload),
            status: 'pending',
            author: user.id,
            created_at: new Date().toISOString(),
            reviewer: null,
            reviewed_at: null,
            comment: null,
            before_state: null,
            after_state: null,
            result_version: null,
            revert_of: null,
          })
          .execute();
        await this.accounts.recordEvent(tx, {
          actor: user.id,
          action: 'change.propose',
          recordType: kind.recordType,
          recordId: id,
          before: current,
          after: { kind: kindName, payload },
        });
        if (publishNow) return this.applyIn(tx, user, changeId);
        return { id: changeId, status: 'pending' as const, recordId: id, version: current?.version ?? 0 };
      },
      () => this.conflict(kindName, id, payload),
    );
    if (result.status === 'published') this.version?.bump();
    return result;
  }

  /**
   * A write transaction. A unique key taken by a concurrent writer (a record created twice at once:
   * the meeting's id, the open participation row of migration 0012) is a 409, not a 500: the other
   * write won, and `conflict` names the record it wrote.
   */
  private async transaction<T>(
    fn: (tx: Transaction<DB>) => Promise<T>,
    conflict?: () => Promise<Conflict | null>,
  ): Promise<T> {
    try {
      return await this.db.transaction().execute(fn);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw (
          (await conflict?.().catch(() => null)) ??
          new Conflict('the record was written by another request at the same time; read it again and retry')
        );
      }
      throw err;
    }
  }

  /**
   * After a unique-key violation: the record a concurrent writer created first, named (read after
   * the failed transaction, so the winner's commit is visible). Null when there is none to name.
   */
  private async conflict(kindName: string, recordId: string, payload: unknown): Promise<Conflict | null> {
    if (kindName === 'participation.add') {
      const p = payload as { mechanism: string; country: string | null; organization: string | null; role: string };
      let q = this.db
        .selectFrom('participation')
        .select(['id', 'start'])
        .where('mechanism_id', '=', p.mechanism)
        .where('role', '=', p.role)
        .where('superseded_at', 'is', null)
        .where('end', 'is', null)
        .where('end_not_before', 'is', null);
      q = p.country ? q.where('country_code', '=', p.country) : q.where('organization_id', '=', p.organization);
      const row = await q.executeTakeFirst();
      if (!row) return null;
      return new Conflict(
        `already recorded: ${row.id} (${row.start ?? 'start unknown'} – present), written by another request at the same time; correct that record instead`,
        'start',
      );
    }
    if (kindName === 'meeting.create') {
      const row = await this.db.selectFrom('meeting').select('id').where('id', '=', recordId).executeTakeFirst();
      if (!row) return null;
      return new Conflict(
        `already recorded: meeting ${row.id}, written by another request at the same time; change that meeting instead`,
        'title',
      );
    }
    return null;
  }

  /**
   * Before the body is read (the route's onRequest hook): may the user make a change of `kindName`
   * to this existing record? 404 when it does not exist, 403 when it is outside the user's scope.
   */
  async authorise(user: SessionUser, kindName: string, recordId: string): Promise<void> {
    const kind = KINDS[kindName]!;
    const current = (await adapterOf(kind.recordType).read(this.db, recordId)) as AnyState | null;
    if (!current) throw NotFound.because(`${kind.recordType} "${recordId}" not found`);
    const resource = kind.resource(current, {});
    if (!can(user.grants, kind.action, resource)) {
      throw await this.deny(kind.action, resource);
    }
  }

  /** May the user take this step on a change (publish, return, revert, withdraw)? 404, 403. */
  async authoriseStep(user: SessionUser, step: 'publish' | 'return' | 'revert' | 'withdraw', changeId: string) {
    const change = await this.change(changeId);
    const review = can(user.grants, 'change.publish', { mechanism: change.mechanism_id || null });
    if ((step === 'publish' || step === 'return') && !review)
      throw await this.deny('change.publish', { mechanism: change.mechanism_id || null });
    if (step === 'revert' && !can(user.grants, 'change.revert'))
      throw editError(403, 'only an administrator may revert a change', undefined, {
        key: 'review.forbiddenRevert',
      });
    if (step === 'withdraw' && change.author !== user.id && !can(user.grants, 'change.revert'))
      throw editError(403, 'only its author or an administrator may withdraw a change', undefined, {
        key: 'review.forbiddenWithdraw',
      });
    return change;
  }

  private async change(changeId: string) {
    const change = await this.db.selectFrom('change_request').selectAll().where('id', '=', changeId).executeTakeFirst();
    if (!change) throw NotFound.because(`change "${changeId}" not found`);
    return change;
  }

  async publish(userOrNull: SessionUser | null, changeId: string): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.authoriseStep(user, 'publish', changeId);
    if (change.status !== 'pending') throw new Conflict(`change ${changeId} is already ${change.status}`);
    return this.apply(user, changeId);
  }

  /** Write a pending change in its own transaction. */
  private async apply(user: SessionUser, changeId: string): Promise<ChangeResult> {
    const change = await this.change(changeId);
    const result = await this.transaction(
      (tx) => this.applyIn(tx, user, changeId),
      () => this.conflict(change.kind, change.record_id, JSON.parse(change.payload)),
    );
    this.version?.bump();
    return result;
  }

  /** Write a pending change inside `tx`: re-check the version and re-compute the next state there. */
  private async applyIn(tx: Transaction<DB>, user: SessionUser, changeId: string): Promise<ChangeResult> {
    const change = await tx
      .selectFrom('change_request')
      .selectAll()
      .where('id', '=', changeId)
      .executeTakeFirstOrThrow();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- looked up by name
    const kind = KINDS[change.kind] as Kind<any, any>;
    const adapter = adapterOf(change.record_type);
    const current = (await adapter.read(tx, change.record_id)) as AnyState | null;
    // A creation whose record exists by now: another request created it first (a duplicate, not a stale edit).
    if (kind.creates && current) throw alreadyRecorded(change.record_type as RecordType, change.record_id);
    if ((current?.version ?? 0) !== change.base_version) {
      throw new PreconditionFailed(
        `the record changed since this change was proposed (it was based on version ${change.base_version}, it is now ${current?.version ?? 'gone'})`,
        'If-Match',
      );
    }
    const payload: unknown = JSON.parse(change.payload);
    const next = (await kind.next(tx, current, payload)) as AnyState | null;
    if (next && 'id' in next) next.id = change.record_id;
    const now = new Date().toISOString();
    await this.registerSources(tx, kind.sources(payload), now);
    const version = await adapter.write(tx, change.record_id, current, next, { actor: user.id, now });
    const updated = await tx
      .updateTable('change_request')
      .set({
        status: 'published',
        reviewer: user.id,
        reviewed_at: now,
        before_state: current && JSON.stringify(current),
        after_state: next && JSON.stringify({ ...next, version }),
        result_version: version,
      })
      .where('id', '=', changeId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new Conflict(`change ${changeId} was reviewed meanwhile`);
    await this.accounts.recordEvent(tx, {
      actor: user.id,
      action: 'change.publish',
      recordType: change.record_type,
      recordId: change.record_id,
      before: current,
      after: next && { ...next, version },
    });
    return { id: changeId, status: 'published' as const, recordId: change.record_id, version };
  }

  private async registerSources(tx: Transaction<DB>, sources: readonly string[], now: string) {
    const urls = new Map(sources.filter((s) => !s.startsWith('src-')).map((s) => [sourceId(s), s]));
    // In the order of their ids, so two writers citing the same new URLs never wait on each other in a cycle.
    for (const [id, url] of [...urls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const publisher = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : null;
      await registryStore.ensureSource(tx, { id, url, publisher, accessed: now.slice(0, 7) });
    }
  }

  async returnChange(userOrNull: SessionUser | null, changeId: string, comment: string): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.authoriseStep(user, 'return', changeId);
    if (change.status !== 'pending') throw new Conflict(`change ${changeId} is already ${change.status}`);
    if (!comment.trim()) throw new ValidationError('returning a change needs a comment for its author', 'comment');
    await this.db.transaction().execute(async (tx) => {
      const res = await tx
        .updateTable('change_request')
        .set({ status: 'returned', reviewer: user.id, reviewed_at: new Date().toISOString(), comment: comment.trim() })
        .where('id', '=', changeId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new Conflict(`change ${changeId} was reviewed meanwhile`);
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'change.return',
        recordType: change.record_type,
        recordId: change.record_id,
        after: { change: changeId, comment: comment.trim() },
      });
    });
    return { id: changeId, status: 'returned', recordId: change.record_id, version: change.base_version };
  }

  /** The author (or an administrator) withdraws a change still waiting for review. */
  async withdraw(userOrNull: SessionUser | null, changeId: string): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.authoriseStep(user, 'withdraw', changeId);
    if (change.status !== 'pending') throw new Conflict(`change ${changeId} is already ${change.status}`);
    await this.db.transaction().execute(async (tx) => {
      const res = await tx
        .updateTable('change_request')
        .set({ status: 'withdrawn', reviewed_at: new Date().toISOString() })
        .where('id', '=', changeId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new Conflict(`change ${changeId} was reviewed meanwhile`);
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'change.withdraw',
        recordType: change.record_type,
        recordId: change.record_id,
        after: { change: changeId },
      });
    });
    return { id: changeId, status: 'withdrawn', recordId: change.record_id, version: change.base_version };
  }

  /**
   * An administrator reverts a published change: the record goes back to the state the change
   * replaced, as a new published change (so the revert has its own history entry and can itself be
   * reverted). Only the latest change of a record can be reverted: a later one would be lost.
   */
  async revert(userOrNull: SessionUser | null, changeId: string): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.authoriseStep(user, 'revert', changeId);
    if (change.status !== 'published' || change.result_version === null)
      throw new Conflict(`change ${changeId} is ${change.status}: only a published change can be reverted`);
    const adapter = adapterOf(change.record_type);
    const result = await this.db.transaction().execute(async (tx) => {
      const current = (await adapter.read(tx, change.record_id)) as AnyState | null;
      if ((current?.version ?? change.result_version) !== change.result_version) {
        throw new Conflict(
          `the record changed after this change (it is now version ${current?.version}); revert the later change first`,
        );
      }
      const target = parseState(change.before_state);
      const now = new Date().toISOString();
      const version = await adapter.write(
        tx,
        change.record_id,
        current,
        target && { ...target, version: change.result_version! },
        { actor: user.id, now },
      );
      const id = randomUUID();
      await tx
        .insertInto('change_request')
        .values({
          id,
          kind: 'revert',
          record_type: change.record_type,
          record_id: change.record_id,
          mechanism_id: change.mechanism_id,
          base_version: current?.version ?? 0,
          payload: JSON.stringify({ of: changeId }),
          status: 'published',
          author: user.id,
          created_at: now,
          reviewer: user.id,
          reviewed_at: now,
          comment: null,
          before_state: current && JSON.stringify(current),
          after_state: target && JSON.stringify({ ...target, version }),
          result_version: version,
          revert_of: changeId,
        })
        .execute();
      await this.accounts.recordEvent(tx, {
        actor: user.id,
        action: 'change.revert',
        recordType: change.record_type,
        recordId: change.record_id,
        before: current,
        after: target && { ...target, version },
      });
      return { id, status: 'published' as const, recordId: change.record_id, version };
    });
    this.version?.bump();
    return result;
  }

  private async describe(c: ChangeRequestTable, q: Kysely<DB> = this.db) {
    const adapter = adapterOf(c.record_type);
    const current = (await adapter.read(q, c.record_id)) as AnyState | null;
    let proposed: AnyState | null = null;
    let problem: string | null = null;
    try {
      proposed = (await KINDS[c.kind]!.next(q, current, JSON.parse(c.payload))) as AnyState | null;
      if ((current?.version ?? 0) !== c.base_version)
        problem = `the record changed since this change was proposed (version ${c.base_version}, now ${current?.version ?? 'gone'}): publishing it will be refused`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    const payload = JSON.parse(c.payload) as { sources?: string[]; note?: string | null };
    return {
      id: c.id,
      kind: c.kind,
      recordType: c.record_type as RecordType,
      recordId: c.record_id,
      mechanism: c.mechanism_id,
      baseVersion: c.base_version,
      status: c.status,
      author: c.author,
      createdAt: c.created_at,
      comment: c.comment,
      sources: payload.sources ?? [],
      note: payload.note ?? null,
      currentVersion: current?.version ?? null,
      diff: diff(adapter.view(current), adapter.view(proposed)),
      problem,
      /** What the record is, for a reader: the mechanism, country, organization and meeting it is about. */
      record: recordNames(c.record_type as RecordType, proposed ?? current),
    };
  }

  /**
   * Changes as a reviewer reads them: the record by its names (not its id), the author by name, each source by its
   * title (a URL not registered yet is shown as itself), and the diff.
   */
  private async described(rows: ChangeRequestTable[]) {
    const items = await Promise.all(rows.map((c) => this.describe(c)));
    const mechanismIds = [...new Set(items.flatMap((i) => [i.mechanism, i.record.mechanism]).filter(Boolean))];
    const organizationIds = [...new Set(items.map((i) => i.record.organization).filter(Boolean))];
    const sourceKeys = [
      ...new Set(
        items.flatMap((i) => [
          ...i.sources.map((s) => (s.startsWith('src-') ? s : sourceId(s))),
          ...i.diff.flatMap((d) =>
            d.label === 'common.sources' ? [...d.before.split(', '), ...d.after.split(', ')] : [],
          ),
        ]),
      ),
    ].filter((s) => s !== '');
    const authorIds = [...new Set(rows.map((r) => r.author))];
    const [mechanisms, organizations, sources, authors] = await Promise.all([
      mechanismIds.length
        ? this.db
            .selectFrom('mechanism')
            .select(['id', 'name'])
            .where('id', 'in', mechanismIds as string[])
            .execute()
        : [],
      organizationIds.length
        ? this.db
            .selectFrom('organization')
            .select(['id', 'name'])
            .where('id', 'in', organizationIds as string[])
            .execute()
        : [],
      sourceKeys.length
        ? this.db.selectFrom('source').select(['id', 'title', 'url']).where('id', 'in', sourceKeys).execute()
        : [],
      authorIds.length
        ? this.db.selectFrom('user_account').select(['id', 'display_name']).where('id', 'in', authorIds).execute()
        : [],
    ]);
    const mechanismName = new Map(mechanisms.map((m) => [m.id, m.name]));
    const organizationName = new Map(organizations.map((o) => [o.id, o.name]));
    const source = new Map(sources.map((x) => [x.id, { title: x.title, url: x.url }]));
    const authorName = new Map(authors.map((a) => [a.id, a.display_name]));
    return items.map((i, n) => ({
      ...i,
      authorName: authorName.get(rows[n]!.author) ?? null,
      mechanismName: (i.mechanism && mechanismName.get(i.mechanism)) || null,
      record: {
        ...i.record,
        mechanismName: (i.record.mechanism && mechanismName.get(i.record.mechanism)) || null,
        organizationName: (i.record.organization && organizationName.get(i.record.organization)) || null,
      },
      citedSources: i.sources.map((s) => {
        const known = source.get(s.startsWith('src-') ? s : sourceId(s));
        return { id: s, title: known?.title ?? null, url: known?.url ?? (s.startsWith('http') ? s : null) };
      }),
      /** Titles of the sources a diff names by id. */
      sourceTitles: Object.fromEntries([
        // A URL cited for the first time is not registered until the change is published: shown as itself.
        ...i.sources.filter((x) => !x.startsWith('src-')).map((x) => [sourceId(x), x]),
        ...[...source].map(([id, x]) => [id, x.title ?? x.url]),
      ]) as Record<string, string>,
    }));
  }

  /** Changes waiting for the user's review. */
  async pending(userOrNull: SessionUser | null) {
    const user = this.require(userOrNull);
    const rows = await this.db
      .selectFrom('change_request')
      .selectAll()
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .execute();
    const visible = rows.filter((c) => can(user.grants, 'change.publish', { mechanism: c.mechanism_id || null }));
    return this.described(visible);
  }

  /** The user's own changes that are waiting or were returned (with the reviewer's comment). */
  async mine(userOrNull: SessionUser | null) {
    const user = this.require(userOrNull);
    const rows = await this.db
      .selectFrom('change_request')
      .selectAll()
      .where('author', '=', user.id)
      .where('status', 'in', ['pending', 'returned'])
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    return this.described(rows);
  }

  /** The current participation rows of a mechanism, for someone who may edit them. */
  async editableRows(userOrNull: SessionUser | null, mechanismId: string) {
    const user = this.require(userOrNull);
    if (!can(user.grants, 'participation.edit', { mechanism: mechanismId }))
      throw await this.deny('participation.edit', { mechanism: mechanismId });
    return registryStore.participation(this.db, { mechanism: mechanismId });
  }

  /** The current participation rows of a country, for its focal point. */
  async verifiableRows(userOrNull: SessionUser | null, country: string) {
    const user = this.require(userOrNull);
    if (!can(user.grants, 'participation.verify', { country }))
      throw await this.deny('participation.verify', { country });
    return registryStore.participation(this.db, { country });
  }

  /** A record's current state, for a form; `need` checks the user may edit it. */
  async state(userOrNull: SessionUser | null, type: RecordType, id: string, need?: { kind: string }) {
    const adapter = adapterOf(type);
    const current = (await adapter.read(this.db, id)) as AnyState | null;
    if (!current) throw NotFound.because(`${type} "${id}" not found`);
    if (need) {
      const user = this.require(userOrNull);
      const kind = KINDS[need.kind]!;
      const resource = kind.resource(current, {});
      if (!can(user.grants, kind.action, resource)) throw await this.deny(kind.action, resource);
    }
    return current;
  }

  /** May the user propose `kindName` for this mechanism or country? (for links and creation forms) */
  may(user: SessionUser | null, kindName: string, resource: { mechanism?: string | null; country?: string | null }) {
    const kind = KINDS[kindName];
    return !!user && !!kind && can(user.grants, kind.action, resource);
  }

  /** What forms offer to choose from. */
  async lookups() {
    const [organizations, mechanisms] = await Promise.all([
      this.db.selectFrom('organization').select(['id', 'name']).orderBy('name').execute(),
      this.db.selectFrom('mechanism').select(['id', 'name']).orderBy('name').execute(),
    ]);
    return { organizations, mechanisms };
  }

  meetingsOf(mechanismId: string) {
    return this.db
      .selectFrom('meeting')
      .select(['id', 'title', 'start', 'version'])
      .where('mechanism_id', '=', mechanismId)
      .orderBy('start', 'desc')
      .execute();
  }

  async changeRecord(changeId: string) {
    const c = await this.change(changeId);
    return { id: c.id, recordType: c.record_type as RecordType, recordId: c.record_id, status: c.status };
  }

  view(type: RecordType, state: AnyState | null) {
    return adapterOf(type).view(state);
  }

  async record(participationId: string) {
    const current = await registryStore.currentParticipation(this.db, participationId);
    if (!current) throw NotFound.because(`participation "${participationId}" not found`);
    return current;
  }

  /**
   * Published changes, newest first: those published after `after` (exclusive; all when null), at most `limit`,
   * only of one mechanism's records when `mechanism` is given (its participation, profile and meetings).
   */
  async published(
    opts: { after?: string | null; limit?: number; mechanism?: string } = {},
  ): Promise<PublishedChange[]> {
    let q = this.db
      .selectFrom('change_request')
      .selectAll()
      .where('status', '=', 'published')
      .where('reviewed_at', 'is not', null);
    if (opts.after) q = q.where('reviewed_at', '>', opts.after);
    if (opts.mechanism) q = q.where('mechanism_id', '=', opts.mechanism);
    const rows = await q
      .orderBy('reviewed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit ?? 1000)
      .execute();
    return rows.map((c) => {
      const before = parseState(c.before_state);
      const after = parseState(c.after_state);
      const type = c.record_type as RecordType;
      const names = recordNames(type, after ?? before);
      const state = (after ?? before) as Record<string, unknown> | null;
      const series = type === 'meeting' && typeof state?.series_id === 'string' ? state.series_id : null;
      return {
        id: c.id,
        kind: c.kind,
        recordType: type,
        recordId: c.record_id,
        mechanism: names.mechanism ?? (c.mechanism_id || null),
        country: names.country,
        organization: names.organization,
        series,
        title: names.title,
        effect: before === null ? 'created' : after === null ? 'removed' : 'changed',
        revertOf: c.revert_of,
        publishedAt: c.reviewed_at!,
      };
    });
  }

  /**
   * The public history of a record: its published changes (with what each changed, who proposed
   * and who published it, and the sources it cites), every version for a participation record, and
   * the audit steps behind them.
   */
  async history(type: string, id: string) {
    if (!(RECORD_TYPES as readonly string[]).includes(type))
      throw NotFound.because(`no history for records of type "${type}"`);
    const recordType = type as RecordType;
    const adapter = adapterOf(recordType);
    const [current, changes, versions] = await Promise.all([
      adapter.read(this.db, id) as Promise<AnyState | null>,
      this.db
        .selectFrom('change_request')
        .leftJoin('user_account as a', 'a.id', 'change_request.author')
        .leftJoin('user_account as r', 'r.id', 'change_request.reviewer')
        .selectAll('change_request')
        .select(['a.display_name as author_name', 'r.display_name as reviewer_name'])
        .where('record_type', '=', recordType)
        .where('record_id', '=', id)
        .where('status', '=', 'published')
        .orderBy('reviewed_at')
        .execute(),
      recordType === 'participation' ? registryStore.participationHistory(this.db, id) : Promise.resolve([]),
    ]);
    if (!current && changes.length === 0 && versions.length === 0)
      throw NotFound.because(`${recordType} "${id}" not found`);
    const events = (await this.accounts.auditTrail({ recordType, recordId: id })).filter((e) =>
      e.action.startsWith('change.'),
    );
    return {
      recordType,
      id,
      version: current?.version ?? null,
      exists: current !== null,
      mechanism: current ? adapter.mechanismOf(current) : changes[0]?.mechanism_id || null,
      changes: changes.map((c) => {
        const payload = JSON.parse(c.payload) as { sources?: string[]; note?: string | null };
        return {
          id: c.id,
          kind: c.kind,
          publishedAt: c.reviewed_at!,
          proposedAt: c.created_at,
          author: c.author_name ?? c.author,
          reviewer: c.reviewer_name ?? c.reviewer,
          version: c.result_version,
          revertOf: c.revert_of,
          sources: payload.sources ?? [],
          note: payload.note ?? null,
          diff: diff(adapter.view(parseState(c.before_state)), adapter.view(parseState(c.after_state))),
        };
      }),
      versions: versions.map((v) => ({
        version: v.version,
        recordedAt: v.recorded_at,
        recordedBy: v.recorded_by,
        supersededAt: v.superseded_at,
        start: v.start,
        end: v.end,
        endCause: v.end_cause,
        verification: v.verification,
        sources: JSON.parse(v.sources) as string[],
      })),
      steps: events.map((e) => ({ at: e.at, action: e.action })),
    };
  }
}
