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
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { ChangeRequestTable, DB } from '../db/schema.js';
import { sourceId } from '../registry/reference.js';
import * as registryStore from '../registry/store.js';
import { KINDS, type Kind } from './kinds.js';
import { ADAPTERS, diff, EditError, RECORD_TYPES, type Adapter, type RecordType } from './records.js';

export { EditError } from './records.js';
export { END_CAUSES, KINDS, VERIFICATION_STATES } from './kinds.js';

export interface ChangeResult { id: string; status: 'pending' | 'published' | 'returned' | 'withdrawn'; recordId: string; version: number }

type AnyState = { version: number } & Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kinds and adapters are looked up by name
const adapterOf = (t: string) => ADAPTERS[t as RecordType] as unknown as Adapter<any>;
const parseState = (json: string | null) => (json === null ? null : JSON.parse(json) as AnyState);

export class EditingService {
  constructor(private readonly db: Kysely<DB>, private readonly accounts: AccountsService, private readonly onPublish: () => void = () => undefined) {}

  private require(user: SessionUser | null): SessionUser {
    if (!user) throw new EditError(401, 'sign in, or send a personal API token as "Authorization: Bearer …"');
    return user;
  }

  /**
   * Propose a change of `kindName` to a record (`recordId` null for a kind that creates one);
   * published at once when the author may also publish (or when the kind needs no review).
   */
  async propose(
    userOrNull: SessionUser | null, kindName: string, recordId: string | null, ifMatch: number | null | (() => number | null), body: unknown,
  ): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const kind = KINDS[kindName];
    if (!kind) throw new EditError(400, `unknown kind of change "${kindName}"`, 'kind');
    const adapter = adapterOf(kind.recordType);
    const payload: unknown = kind.parse(body);
    const id = kind.creates ? await kind.newId!(this.db, payload) : recordId!;
    const current = kind.creates ? null : await adapter.read(this.db, id) as AnyState | null;
    if (!kind.creates && !current) throw new EditError(404, `${kind.recordType} "${id}" not found`);
    const resource = kind.resource(current, payload);
    if (!can(user.grants, kind.action, resource)) {
      throw new EditError(403, `you may not ${kind.action.replace('.', ' ')} ${resource.mechanism ?? resource.country ?? 'records outside your scope'}`);
    }
    if (current) {
      // Read last: a malformed If-Match is a 412, after the body's 400s.
      if (typeof ifMatch === 'function') ifMatch = ifMatch();
      if (ifMatch === null) throw new EditError(428, `send If-Match with the version you edited (current: "${current.version}")`, 'If-Match');
      if (ifMatch !== current.version) throw new EditError(412, `the record changed since you read it: you edited version ${ifMatch}, it is now ${current.version}`, 'If-Match');
    }
    const next = await kind.next(this.db, current, payload) as AnyState | null;
    const changeId = randomUUID();
    const mechanismId = (next && adapter.mechanismOf(next)) ?? (current && adapter.mechanismOf(current)) ?? '';
    const publishNow = kind.immediate || can(user.grants, 'change.publish', { mechanism: mechanismId || null });
    // One transaction: the proposal, its audit event and (for an author who may publish) the
    // publication. A refused write (412, 409) or a process killed midway leaves nothing behind.
    const result = await this.transaction(async (tx) => {
      await tx.insertInto('change_request').values({
        id: changeId, kind: kindName, record_type: kind.recordType, record_id: id, mechanism_id: mechanismId, base_version: current?.version ?? 0,
        payload: JSON.stringify(payload), status: 'pending', author: user.id, created_at: new Date().toISOString(),
        reviewer: null, reviewed_at: null, comment: null, before_state: null, after_state: null, result_version: null, revert_of: null,
      }).execute();
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.propose', recordType: kind.recordType, recordId: id, before: current, after: { kind: kindName, payload } });
      if (publishNow) return this.applyIn(tx, user, changeId);
      return { id: changeId, status: 'pending' as const, recordId: id, version: current?.version ?? 0 };
    });
    if (result.status === 'published') this.onPublish();
    return result;
  }

  /**
   * A write transaction. A unique key taken by a concurrent writer (a record created twice at once)
   * is a 409, not a 500: the other write won.
   */
  private async transaction<T>(fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(fn);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new EditError(409, 'the record was written by another request at the same time; read it again and retry');
      }
      throw err;
    }
  }

  /**
   * Before the body is read (the route's onRequest hook): may the user make a change of `kindName`
   * to this existing record? 404 when it does not exist, 403 when it is outside the user's scope.
   */
  async authorise(user: SessionUser, kindName: string, recordId: string): Promise<void> {
    const kind = KINDS[kindName]!;
    const current = await adapterOf(kind.recordType).read(this.db, recordId) as AnyState | null;
    if (!current) throw new EditError(404, `${kind.recordType} "${recordId}" not found`);
    const resource = kind.resource(current, {});
    if (!can(user.grants, kind.action, resource)) {
      throw new EditError(403, `you may not ${kind.action.replace('.', ' ')} ${resource.mechanism ?? resource.country ?? 'records outside your scope'}`);
    }
  }

  /** May the user take this step on a change (publish, return, revert, withdraw)? 404, 403. */
  async authoriseStep(user: SessionUser, step: 'publish' | 'return' | 'revert' | 'withdraw', changeId: string) {
    const change = await this.change(changeId);
    const review = can(user.grants, 'change.publish', { mechanism: change.mechanism_id || null });
    if (step === 'publish' && !review) throw new EditError(403, `you may not publish changes to ${change.mechanism_id || 'records outside a mechanism'}`);
    if (step === 'return' && !review) throw new EditError(403, `you may not review changes to ${change.mechanism_id || 'records outside a mechanism'}`);
    if (step === 'revert' && !can(user.grants, 'change.revert')) throw new EditError(403, 'only an administrator may revert a change');
    if (step === 'withdraw' && change.author !== user.id && !can(user.grants, 'change.revert')) throw new EditError(403, 'only its author or an administrator may withdraw a change');
    return change;
  }

  private async change(changeId: string) {
    const change = await this.db.selectFrom('change_request').selectAll().where('id', '=', changeId).executeTakeFirst();
    if (!change) throw new EditError(404, `change "${changeId}" not found`);
    return change;
  }

  async publish(userOrNull: SessionUser | null, changeId: string): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.authoriseStep(user, 'publish', changeId);
    if (change.status !== 'pending') throw new EditError(409, `change ${changeId} is already ${change.status}`);
    return this.apply(user, changeId);
  }

  /** Write a pending change in its own transaction. */
  private async apply(user: SessionUser, changeId: string): Promise<ChangeResult> {
    const result = await this.transaction((tx) => this.applyIn(tx, user, changeId));
    this.onPublish();
    return result;
  }

  /** Write a pending change inside `tx`: re-check the version and re-compute the next state there. */
  private async applyIn(tx: Transaction<DB>, user: SessionUser, changeId: string): Promise<ChangeResult> {
    const change = await tx.selectFrom('change_request').selectAll().where('id', '=', changeId).executeTakeFirstOrThrow();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- looked up by name
    const kind = KINDS[change.kind] as Kind<any, any>;
    const adapter = adapterOf(change.record_type);
    const current = await adapter.read(tx, change.record_id) as AnyState | null;
    if ((current?.version ?? 0) !== change.base_version) {
      throw new EditError(412, `the record changed since this change was proposed (it was based on version ${change.base_version}, it is now ${current?.version ?? 'gone'})`, 'If-Match');
    }
    const payload: unknown = JSON.parse(change.payload);
    const next = await kind.next(tx, current, payload) as AnyState | null;
    if (next && 'id' in next) next.id = change.record_id;
    const now = new Date().toISOString();
    await this.registerSources(tx, kind.sources(payload), now);
    const version = await adapter.write(tx, change.record_id, current, next, { actor: user.id, now });
    const updated = await tx.updateTable('change_request')
      .set({ status: 'published', reviewer: user.id, reviewed_at: now, before_state: current && JSON.stringify(current), after_state: next && JSON.stringify({ ...next, version }), result_version: version })
      .where('id', '=', changeId).where('status', '=', 'pending').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new EditError(409, `change ${changeId} was reviewed meanwhile`);
    await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.publish', recordType: change.record_type, recordId: change.record_id, before: current, after: next && { ...next, version } });
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
    if (change.status !== 'pending') throw new EditError(409, `change ${changeId} is already ${change.status}`);
    if (!comment.trim()) throw new EditError(400, 'returning a change needs a comment for its author', 'comment');
    await this.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('change_request').set({ status: 'returned', reviewer: user.id, reviewed_at: new Date().toISOString(), comment: comment.trim() })
        .where('id', '=', changeId).where('status', '=', 'pending').executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new EditError(409, `change ${changeId} was reviewed meanwhile`);
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.return', recordType: change.record_type, recordId: change.record_id, after: { change: changeId, comment: comment.trim() } });
    });
    return { id: changeId, status: 'returned', recordId: change.record_id, version: change.base_version };
  }

  /** The author (or an administrator) withdraws a change still waiting for review. */
  async withdraw(userOrNull: SessionUser | null, changeId: string): Promise<ChangeResult> {
    const user = this.require(userOrNull);
    const change = await this.authoriseStep(user, 'withdraw', changeId);
    if (change.status !== 'pending') throw new EditError(409, `change ${changeId} is already ${change.status}`);
    await this.db.transaction().execute(async (tx) => {
      const res = await tx.updateTable('change_request').set({ status: 'withdrawn', reviewed_at: new Date().toISOString() }).where('id', '=', changeId).where('status', '=', 'pending').executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new EditError(409, `change ${changeId} was reviewed meanwhile`);
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.withdraw', recordType: change.record_type, recordId: change.record_id, after: { change: changeId } });
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
    if (change.status !== 'published' || change.result_version === null) throw new EditError(409, `change ${changeId} is ${change.status}: only a published change can be reverted`);
    const adapter = adapterOf(change.record_type);
    const result = await this.db.transaction().execute(async (tx) => {
      const current = await adapter.read(tx, change.record_id) as AnyState | null;
      if ((current?.version ?? change.result_version) !== change.result_version) {
        throw new EditError(409, `the record changed after this change (it is now version ${current?.version}); revert the later change first`);
      }
      const target = parseState(change.before_state);
      const now = new Date().toISOString();
      const version = await adapter.write(tx, change.record_id, current, target && { ...target, version: change.result_version! }, { actor: user.id, now });
      const id = randomUUID();
      await tx.insertInto('change_request').values({
        id, kind: 'revert', record_type: change.record_type, record_id: change.record_id, mechanism_id: change.mechanism_id, base_version: current?.version ?? 0,
        payload: JSON.stringify({ of: changeId }), status: 'published', author: user.id, created_at: now, reviewer: user.id, reviewed_at: now, comment: null,
        before_state: current && JSON.stringify(current), after_state: target && JSON.stringify({ ...target, version }), result_version: version, revert_of: changeId,
      }).execute();
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.revert', recordType: change.record_type, recordId: change.record_id, before: current, after: target && { ...target, version } });
      return { id, status: 'published' as const, recordId: change.record_id, version };
    });
    this.onPublish();
    return result;
  }

  private async describe(c: ChangeRequestTable, q: Kysely<DB> = this.db) {
    const adapter = adapterOf(c.record_type);
    const current = await adapter.read(q, c.record_id) as AnyState | null;
    let proposed: AnyState | null = null;
    let problem: string | null = null;
    try {
      proposed = await KINDS[c.kind]!.next(q, current, JSON.parse(c.payload)) as AnyState | null;
      if ((current?.version ?? 0) !== c.base_version) problem = `the record changed since this change was proposed (version ${c.base_version}, now ${current?.version ?? 'gone'}): publishing it will be refused`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    const payload = JSON.parse(c.payload) as { sources?: string[]; note?: string | null };
    return {
      id: c.id, kind: c.kind, recordType: c.record_type as RecordType, recordId: c.record_id, mechanism: c.mechanism_id, baseVersion: c.base_version,
      status: c.status, author: c.author, createdAt: c.created_at, comment: c.comment, sources: payload.sources ?? [], note: payload.note ?? null,
      currentVersion: current?.version ?? null, diff: diff(adapter.view(current), adapter.view(proposed)), problem,
    };
  }

  /** Changes waiting for the user's review. */
  async pending(userOrNull: SessionUser | null) {
    const user = this.require(userOrNull);
    const rows = await this.db.selectFrom('change_request').selectAll().where('status', '=', 'pending').orderBy('created_at').execute();
    const visible = rows.filter((c) => can(user.grants, 'change.publish', { mechanism: c.mechanism_id || null }));
    return Promise.all(visible.map((c) => this.describe(c)));
  }

  /** The user's own changes that are waiting or were returned (with the reviewer's comment). */
  async mine(userOrNull: SessionUser | null) {
    const user = this.require(userOrNull);
    const rows = await this.db.selectFrom('change_request').selectAll().where('author', '=', user.id).where('status', 'in', ['pending', 'returned']).orderBy('created_at', 'desc').limit(50).execute();
    return Promise.all(rows.map((c) => this.describe(c)));
  }

  /** The current participation rows of a mechanism, for someone who may edit them. */
  async editableRows(userOrNull: SessionUser | null, mechanismId: string) {
    const user = this.require(userOrNull);
    if (!can(user.grants, 'participation.edit', { mechanism: mechanismId })) throw new EditError(403, `you may not edit the participation of ${mechanismId}`);
    return registryStore.participation(this.db, { mechanism: mechanismId });
  }

  /** The current participation rows of a country, for its focal point. */
  async verifiableRows(userOrNull: SessionUser | null, country: string) {
    const user = this.require(userOrNull);
    if (!can(user.grants, 'participation.verify', { country })) throw new EditError(403, `you may not confirm or dispute the participation of ${country}`);
    return registryStore.participation(this.db, { country });
  }

  /** A record's current state, for a form; `need` checks the user may edit it. */
  async state(userOrNull: SessionUser | null, type: RecordType, id: string, need?: { kind: string }) {
    const adapter = adapterOf(type);
    const current = await adapter.read(this.db, id) as AnyState | null;
    if (!current) throw new EditError(404, `${type} "${id}" not found`);
    if (need) {
      const user = this.require(userOrNull);
      const kind = KINDS[need.kind]!;
      if (!can(user.grants, kind.action, kind.resource(current, {}))) throw new EditError(403, `you may not ${kind.action.replace('.', ' ')} this ${type}`);
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
    return this.db.selectFrom('meeting').select(['id', 'title', 'start', 'version']).where('mechanism_id', '=', mechanismId).orderBy('start', 'desc').execute();
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
    if (!current) throw new EditError(404, `participation "${participationId}" not found`);
    return current;
  }

  /**
   * The public history of a record: its published changes (with what each changed, who proposed
   * and who published it, and the sources it cites), every version for a participation record, and
   * the audit steps behind them.
   */
  async history(type: string, id: string) {
    if (!(RECORD_TYPES as readonly string[]).includes(type)) throw new EditError(404, `no history for records of type "${type}"`);
    const recordType = type as RecordType;
    const adapter = adapterOf(recordType);
    const [current, changes, versions] = await Promise.all([
      adapter.read(this.db, id) as Promise<AnyState | null>,
      this.db.selectFrom('change_request').leftJoin('user_account as a', 'a.id', 'change_request.author').leftJoin('user_account as r', 'r.id', 'change_request.reviewer')
        .selectAll('change_request').select(['a.display_name as author_name', 'r.display_name as reviewer_name'])
        .where('record_type', '=', recordType).where('record_id', '=', id).where('status', '=', 'published').orderBy('reviewed_at').execute(),
      recordType === 'participation' ? registryStore.participationHistory(this.db, id) : Promise.resolve([]),
    ]);
    if (!current && changes.length === 0 && versions.length === 0) throw new EditError(404, `${recordType} "${id}" not found`);
    const events = (await this.accounts.auditTrail({ recordType, recordId: id })).filter((e) => e.action.startsWith('change.'));
    return {
      recordType, id, version: current?.version ?? null, exists: current !== null,
      mechanism: current ? adapter.mechanismOf(current) : changes[0]?.mechanism_id || null,
      changes: changes.map((c) => {
        const payload = JSON.parse(c.payload) as { sources?: string[]; note?: string | null };
        return {
          id: c.id, kind: c.kind, publishedAt: c.reviewed_at!, proposedAt: c.created_at, author: c.author_name ?? c.author, reviewer: c.reviewer_name ?? c.reviewer,
          version: c.result_version, revertOf: c.revert_of, sources: payload.sources ?? [], note: payload.note ?? null,
          diff: diff(adapter.view(parseState(c.before_state)), adapter.view(parseState(c.after_state))),
        };
      }),
      versions: versions.map((v) => ({ version: v.version, recordedAt: v.recorded_at, recordedBy: v.recorded_by, supersededAt: v.superseded_at, start: v.start, end: v.end, endCause: v.end_cause, verification: v.verification, sources: JSON.parse(v.sources) as string[] })),
      steps: events.map((e) => ({ at: e.at, action: e.action })),
    };
  }
}
