/**
 * Editing with review: an editor proposes a change to a record (here: ending a participation with
 * its date, cause and source); a reviewer publishes it or returns it. A change names the version it
 * was based on; a stale one is refused (412), and publishing re-checks the version inside the write,
 * so no update is ever lost — across processes too. Every step writes its audit event in the same
 * transaction. Published changes supersede the record (bitemporal); nothing is deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { can } from '../accounts/model.js';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { DB } from '../db/schema.js';
import { compareDates, isPartialDate } from '../registry/model.js';
import { sourceId } from '../registry/reference.js';
import * as registryStore from '../registry/store.js';

export class EditError extends Error {
  constructor(readonly statusCode: number, message: string, readonly field?: string) { super(message); }
}

export const END_CAUSES = ['left', 'suspended', 'role_changed', 'mechanism_concluded', 'unknown'] as const;
export interface EndInput { end: string; endCause: string; sources: string[]; note?: string | undefined }

const MEMBERSHIP_FIELDS = ['id', 'mechanism_id', 'country_code', 'organization_id', 'role', 'start', 'end', 'end_cause', 'sources', 'note', 'version'] as const;
const pick = (row: Record<string, unknown>) => Object.fromEntries(MEMBERSHIP_FIELDS.map((k) => [k, row[k]]));

export class EditingService {
  constructor(private readonly db: Kysely<DB>, private readonly accounts: AccountsService, private readonly onPublish: () => void = () => undefined) {}

  private require(user: SessionUser | null): SessionUser {
    if (!user) throw new EditError(401, 'sign in, or send a personal API token as "Authorization: Bearer …"');
    return user;
  }

  /** Propose ending a participation; published at once when the author may also publish. */
  async proposeEnd(userOrNull: SessionUser | null, participationId: string, ifMatch: number | null, input: EndInput) {
    const user = this.require(userOrNull);
    const current = await registryStore.currentParticipation(this.db, participationId);
    if (!current) throw new EditError(404, `participation "${participationId}" not found`);
    if (!can(user.grants, 'participation.edit', { mechanism: current.mechanism_id })) {
      throw new EditError(403, `you may not edit the participation of ${current.mechanism_id}`);
    }
    if (ifMatch === null) throw new EditError(428, `send If-Match with the version you edited (current: "${current.version}")`, 'If-Match');
    if (ifMatch !== current.version) throw new EditError(412, `the record changed since you read it: you edited version ${ifMatch}, it is now ${current.version}`, 'If-Match');
    if (!isPartialDate(input.end)) throw new EditError(400, `end "${input.end}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`, 'end');
    if (current.start && compareDates(input.end, current.start) <= 0) throw new EditError(400, `end ${input.end} is not after the start ${current.start}`, 'end');
    if (current.end !== null) throw new EditError(400, `this participation already ended (${current.end}); correct it instead`, 'end');
    if (!(END_CAUSES as readonly string[]).includes(input.endCause)) throw new EditError(400, `endCause must be one of ${END_CAUSES.join(', ')}`, 'endCause');
    if (input.sources.length === 0) throw new EditError(400, 'a change needs at least one source', 'sources');
    for (const s of input.sources) {
      if (!/^https?:\/\/\S+$/.test(s) && !/^src-[0-9a-f]{10}$/.test(s)) throw new EditError(400, `source "${s}" is neither a source id nor an http(s) URL`, 'sources');
    }
    const mayPublish = can(user.grants, 'change.publish', { mechanism: current.mechanism_id });
    const id = randomUUID();
    const now = new Date().toISOString();
    const payload = { end: input.end, endCause: input.endCause, sources: input.sources, note: input.note ?? null };
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('change_request').values({
        id, kind: 'participation.end', record_type: 'participation', record_id: current.id, mechanism_id: current.mechanism_id,
        base_version: current.version, payload: JSON.stringify(payload), status: 'pending', author: user.id, created_at: now,
        reviewer: null, reviewed_at: null, comment: null,
      }).execute();
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.propose', recordType: 'participation', recordId: current.id, before: pick(current), after: payload });
    });
    if (mayPublish) return this.publish(user, id);
    return { id, status: 'pending' as const, recordId: current.id, version: current.version };
  }

  async publish(userOrNull: SessionUser | null, changeId: string) {
    const user = this.require(userOrNull);
    const change = await this.db.selectFrom('change_request').selectAll().where('id', '=', changeId).executeTakeFirst();
    if (!change) throw new EditError(404, `change "${changeId}" not found`);
    if (!can(user.grants, 'change.publish', { mechanism: change.mechanism_id })) throw new EditError(403, `you may not publish changes to ${change.mechanism_id}`);
    if (change.status !== 'pending') throw new EditError(409, `change ${changeId} is already ${change.status}`);
    const payload = JSON.parse(change.payload) as { end: string; endCause: string; sources: string[]; note: string | null };
    const now = new Date().toISOString();
    const result = await this.db.transaction().execute(async (tx) => {
      const current = await registryStore.currentParticipation(tx, change.record_id);
      if (!current) throw new EditError(404, `participation "${change.record_id}" no longer exists`);
      const ids: string[] = [];
      for (const s of payload.sources) {
        if (s.startsWith('src-')) { ids.push(s); continue; }
        const sid = sourceId(s);
        await registryStore.ensureSource(tx, { id: sid, url: s, publisher: URL.canParse(s) ? new URL(s).hostname.replace(/^www\./, '') : null, accessed: now.slice(0, 7) });
        ids.push(sid);
      }
      const { version: _v, ...rest } = current;
      const next = {
        ...rest, row_id: randomUUID(), end: payload.end, end_cause: payload.endCause, end_not_before: null,
        sources: JSON.stringify(ids), note: payload.note ?? current.note, recorded_at: now, recorded_by: user.id, superseded_at: null,
      };
      if (!(await registryStore.supersedeParticipation(tx, change.base_version, next, now))) {
        throw new EditError(412, `the record changed since this change was proposed (it was based on version ${change.base_version}, it is now ${current.version})`);
      }
      const updated = await tx.updateTable('change_request').set({ status: 'published', reviewer: user.id, reviewed_at: now })
        .where('id', '=', changeId).where('status', '=', 'pending').executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new EditError(409, `change ${changeId} was reviewed meanwhile`);
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.publish', recordType: 'participation', recordId: current.id, before: pick(current), after: pick({ ...next, version: change.base_version + 1 }) });
      return { id: changeId, status: 'published' as const, recordId: current.id, version: change.base_version + 1 };
    });
    this.onPublish();
    return result;
  }

  async returnChange(userOrNull: SessionUser | null, changeId: string, comment: string) {
    const user = this.require(userOrNull);
    const change = await this.db.selectFrom('change_request').selectAll().where('id', '=', changeId).executeTakeFirst();
    if (!change) throw new EditError(404, `change "${changeId}" not found`);
    if (!can(user.grants, 'change.publish', { mechanism: change.mechanism_id })) throw new EditError(403, `you may not review changes to ${change.mechanism_id}`);
    if (change.status !== 'pending') throw new EditError(409, `change ${changeId} is already ${change.status}`);
    if (!comment.trim()) throw new EditError(400, 'returning a change needs a comment for its author', 'comment');
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('change_request').set({ status: 'returned', reviewer: user.id, reviewed_at: new Date().toISOString(), comment }).where('id', '=', changeId).execute();
      await this.accounts.recordEvent(tx, { actor: user.id, action: 'change.return', recordType: 'participation', recordId: change.record_id, after: { comment } });
    });
    return { id: changeId, status: 'returned' as const, recordId: change.record_id, version: change.base_version };
  }

  async pending(userOrNull: SessionUser | null) {
    const user = this.require(userOrNull);
    const rows = await this.db.selectFrom('change_request').selectAll().where('status', '=', 'pending').orderBy('created_at').execute();
    const visible = rows.filter((c) => can(user.grants, 'change.publish', { mechanism: c.mechanism_id }));
    return Promise.all(visible.map(async (c) => {
      const current = await registryStore.currentParticipation(this.db, c.record_id);
      return {
        id: c.id, kind: c.kind, recordId: c.record_id, mechanism: c.mechanism_id, baseVersion: c.base_version,
        payload: JSON.parse(c.payload) as { end: string; endCause: string; sources: string[]; note: string | null }, author: c.author, createdAt: c.created_at,
        current: current ? { version: current.version, end: current.end, endCause: current.end_cause, sources: JSON.parse(current.sources) as string[], note: current.note } : null,
      };
    }));
  }

  /** The current participation rows of a mechanism, for someone who may edit them. */
  async editableRows(userOrNull: SessionUser | null, mechanismId: string) {
    const user = this.require(userOrNull);
    if (!can(user.grants, 'participation.edit', { mechanism: mechanismId })) throw new EditError(403, `you may not edit the participation of ${mechanismId}`);
    return registryStore.participation(this.db, { mechanism: mechanismId });
  }

  async record(participationId: string) {
    const current = await registryStore.currentParticipation(this.db, participationId);
    if (!current) throw new EditError(404, `participation "${participationId}" not found`);
    return current;
  }

  /** The public history of a record: every published version (record time), and the audit steps behind them. */
  async history(participationId: string) {
    const versions = await registryStore.participationHistory(this.db, participationId);
    if (versions.length === 0) throw new EditError(404, `participation "${participationId}" not found`);
    const events = (await this.accounts.auditTrail({ recordType: 'participation', recordId: participationId }))
      .filter((e) => e.action === 'change.publish' || e.action === 'change.propose' || e.action === 'change.return');
    return {
      id: participationId,
      versions: versions.map((v) => ({ version: v.version, recordedAt: v.recorded_at, recordedBy: v.recorded_by, supersededAt: v.superseded_at, start: v.start, end: v.end, endCause: v.end_cause, sources: JSON.parse(v.sources) as string[] })),
      steps: events.map((e) => ({ at: e.at, action: e.action })),
    };
  }
}
