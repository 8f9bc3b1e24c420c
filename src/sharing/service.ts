/**
 * Sharing among States: who is who (delegates of States, granted by an administrator or the State's focal point)
 * and the member spaces of the mechanisms. Every decision goes through model.ts with the viewer this service
 * builds from the account's grants, its delegate rows and the registry's ledger on the day; every write runs in
 * one transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountsService, SessionUser } from '../accounts/service.js';
import type { DB } from '../db/schema.js';
import { Conflict, Forbidden, NotFound, Unauthenticated, ValidationError } from '../http/errors.js';
import { today } from '../registry/model.js';
import type { RegistryService } from '../registry/service.js';
import {
  ANONYMOUS,
  canSee,
  grantRefusal,
  inSpace,
  managesSpace,
  postingCountry,
  postRefusal,
  seesDelegates,
  standingOn,
  type LedgerRow,
  type Standing,
  type Viewer,
  type Visibility,
} from './model.js';
import * as store from './store.js';

const SIGN_IN = 'sign in, or send a personal API token as "Authorization: Bearer …"';

export interface DelegateView {
  id: string;
  user: { id: string; name: string | null };
  country: string;
  focalPoint: boolean;
  grantedBy: string;
  grantedAt: string;
}

export interface PostView {
  id: string;
  mechanism: string;
  title: string;
  body: string;
  visibility: Visibility;
  author: { name: string | null; country: string | null; secretariat: boolean };
  createdAt: string;
}

/** A file of a repository document, as the space lists it (downloaded through the space). */
export interface SpaceDocumentFile {
  version: string;
  language: string;
  sizeBytes: number;
}

/** A repository document of a mechanism, with its visibility (issue 17 item 2), as the documents feature gives it. */
export interface SpaceDocument {
  id: string;
  title: string;
  kind: string;
  date: string | null;
  visibility: Visibility;
  files: SpaceDocumentFile[];
}

/** What the spaces read of the repository's documents (wired by the root from the documents feature). */
export interface SpaceDocumentsSource {
  /** Every document of a mechanism, closed ones too, newest first: the space keeps those the viewer may see. */
  list(mechanism: string): Promise<SpaceDocument[]>;
  /** The bytes and type of one version's file (404 when none). */
  file(documentId: string, versionId: string): Promise<{ bytes: Buffer; mediaType: string; language: string }>;
}

/** How the viewer sees a space on a date: `manager` (secretariat, administrator), the ledger's standing, or public. */
export type SpaceRole = 'manager' | Standing | 'public';

export class SharingService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    private readonly accounts: AccountsService,
    private readonly documentsSource?: SpaceDocumentsSource,
  ) {}

  /** The viewer a session or token user is on `date`: grants, the States it acts for, their ledger rows then. */
  async viewer(user: SessionUser | null, date: string = today()): Promise<Viewer> {
    if (!user) return ANONYMOUS;
    const rows = await store.activeDelegations(this.db, user.id);
    const ledger: LedgerRow[] = [];
    for (const country of new Set(rows.map((r) => r.country_code))) {
      const parts = await this.registry.participation({ country, asOf: date });
      for (const p of parts.items)
        if (p.role === 'member' || p.role === 'observer')
          ledger.push({ mechanism: p.mechanism, country, role: p.role, from: p.since, until: p.until });
    }
    return {
      userId: user.id,
      grants: user.grants,
      delegateOf: rows.map((r) => ({ country: r.country_code, focalPoint: r.focal_point === 1 })),
      ledger,
    };
  }

  /** The mechanism's canonical id (301 for an alias, 404 for none). */
  /** The States an account acts for now (its active delegate rows), for other features' permission checks. */
  async statesOf(userId: string): Promise<string[]> {
    return [...new Set((await store.activeDelegations(this.db, userId)).map((r) => r.country_code))];
  }

  /** The accounts acting for a State now (its active delegates), for other features' mail. */
  async delegateUsers(country: string): Promise<string[]> {
    return [...new Set((await store.delegatesOf(this.db, country)).map((r) => r.user_id))];
  }

  async mechanism(id: string): Promise<{ id: string; name: string }> {
    const m = await this.registry.resolveMechanism(id);
    return { id: m.id, name: m.common_name ?? m.name };
  }

  private country(code: string): string {
    // Found (or not) before the body is read, as every target named in the URL: 404, never a 400 ahead of the 415.
    if (!this.registry.countryCodes().has(code))
      throw new NotFound('country', code, `no country "${code}": use an ISO 3166-1 alpha-3 code (e.g. SEN)`, 'country');
    return code;
  }

  // ---------------------------------------------------------------- who is who

  /** Before the body is read: 401, 404 for an unknown State, 403 unless an administrator or the State's focal point. */
  async authoriseGrant(user: SessionUser | null, code: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const country = this.country(code);
    const refusal = grantRefusal(await this.viewer(user), country, false);
    if (refusal) throw new Forbidden(refusal);
  }

  async delegates(user: SessionUser | null, code: string): Promise<DelegateView[]> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const country = this.country(code);
    if (!seesDelegates(await this.viewer(user), country))
      throw new Forbidden(`only an administrator or a delegate of ${country} may see its delegates`);
    const rows = await store.delegatesOf(this.db, country);
    const names = await this.accounts.displayNames(rows.map((r) => r.user_id));
    return rows.map((r) => ({
      id: r.id,
      user: { id: r.user_id, name: names.get(r.user_id) ?? null },
      country: r.country_code,
      focalPoint: r.focal_point === 1,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
    }));
  }

  /** Make an account a delegate of a State (by its e-mail address); the focal-point flag only by an administrator. */
  async grantDelegate(
    user: SessionUser | null,
    code: string,
    input: { email: string; focalPoint?: boolean | undefined },
  ): Promise<DelegateView> {
    await this.authoriseGrant(user, code);
    const actor = user!;
    const focalPoint = input.focalPoint ?? false;
    const refusal = grantRefusal(await this.viewer(actor), code, focalPoint);
    if (refusal) throw new Forbidden(refusal);
    const account = await this.accounts.findUser(input.email);
    if (!account || account.disabled === 1)
      throw new ValidationError(`no active account has the e-mail address "${input.email}"`, 'email');
    const id = randomUUID();
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      if (await store.activeDelegation(tx, account.id, code))
        throw new Conflict(`${input.email} is already a delegate of ${code}: revoke that grant first to change it`);
      await store.insertDelegate(tx, {
        id,
        user_id: account.id,
        country_code: code,
        focal_point: focalPoint ? 1 : 0,
        granted_by: actor.id,
        granted_at: at,
        revoked_by: null,
        revoked_at: null,
      });
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'delegate.grant',
        recordType: 'delegate',
        recordId: id,
        after: { user: account.id, country: code, focalPoint },
      });
    });
    return {
      id,
      user: { id: account.id, name: account.display_name },
      country: code,
      focalPoint,
      grantedBy: actor.id,
      grantedAt: at,
    };
  }

  /** End an account's delegation for a State (the row stays, with who revoked it and when). */
  async revokeDelegate(user: SessionUser | null, code: string, userId: string): Promise<void> {
    await this.authoriseGrant(user, code);
    const actor = user!;
    // Read before the transaction: SQLite has one connection, which the transaction holds.
    const viewer = await this.viewer(actor);
    await this.db.transaction().execute(async (tx) => {
      const row = await store.activeDelegation(tx, userId, code);
      if (!row) throw NotFound.because(`account ${userId} is not a delegate of ${code}`);
      // A focal point may not unmake another focal point: that is the administrator's, as granting one is.
      const refusal = grantRefusal(viewer, code, row.focal_point === 1);
      if (refusal) throw new Forbidden(refusal);
      const at = new Date().toISOString();
      await store.revokeDelegate(tx, row.id, actor.id, at);
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'delegate.revoke',
        recordType: 'delegate',
        recordId: row.id,
        before: { user: row.user_id, country: code, focalPoint: row.focal_point === 1 },
        after: { revokedAt: at },
      });
    });
  }

  // ---------------------------------------------------------------- member spaces

  /** How the viewer sees the space today. */
  async spaceRole(viewer: Viewer, mechanism: string, date: string = today()): Promise<SpaceRole> {
    if (managesSpace(viewer, mechanism)) return 'manager';
    return standingOn(viewer, mechanism, date) ?? 'public';
  }

  private present(rows: Awaited<ReturnType<typeof store.postsOf>>, viewer: Viewer, names: Map<string, string>) {
    return rows.map((r): PostView => ({
      id: r.id,
      mechanism: r.mechanism_id,
      title: r.title,
      body: r.body,
      visibility: r.visibility as Visibility,
      // Persons are named only inside the space; the public sees the State or the secretariat.
      author: {
        name: inSpace(viewer, r.mechanism_id, today()) ? (names.get(r.author_id) ?? null) : null,
        country: r.author_country,
        secretariat: r.author_country === null,
      },
      createdAt: r.created_at,
    }));
  }

  /** The posts of a space the viewer may see today, newest first. */
  async posts(user: SessionUser | null, id: string): Promise<{ viewer: Viewer; items: PostView[] }> {
    const m = await this.mechanism(id);
    const viewer = await this.viewer(user);
    const date = today();
    const rows = (await store.postsOf(this.db, m.id)).filter((r) =>
      canSee(viewer, { mechanism: r.mechanism_id, visibility: r.visibility as Visibility }, date),
    );
    const names = await this.accounts.displayNames(rows.map((r) => r.author_id));
    return { viewer, items: this.present(rows, viewer, names) };
  }

  /** One post: 404 when it does not exist OR the viewer may not see it (a closed post's existence is not told). */
  async post(user: SessionUser | null, id: string, postId: string): Promise<PostView> {
    const m = await this.mechanism(id);
    const viewer = await this.viewer(user);
    const row = await store.post(this.db, m.id, postId);
    if (!row || !canSee(viewer, { mechanism: m.id, visibility: row.visibility as Visibility }, today()))
      throw NotFound.because(`no post ${postId} in the space of ${m.id} that you may see`);
    const names = await this.accounts.displayNames([row.author_id]);
    return this.present([row], viewer, names)[0]!;
  }

  /** Before the body is read: 401, 404 (or 301) for the mechanism, 403 unless the viewer may post there today. */
  async authorisePost(user: SessionUser | null, id: string): Promise<void> {
    if (!user) throw new Unauthenticated(SIGN_IN);
    const m = await this.mechanism(id);
    const refusal = postRefusal(await this.viewer(user), m.id, 'members', today());
    if (refusal) throw new Forbidden(refusal);
  }

  async createPost(
    user: SessionUser | null,
    id: string,
    input: { title: string; body: string; visibility?: Visibility | undefined },
  ): Promise<PostView> {
    await this.authorisePost(user, id);
    const actor = user!;
    const m = await this.mechanism(id);
    const viewer = await this.viewer(actor);
    const date = today();
    const visibility = input.visibility ?? 'members';
    const refusal = postRefusal(viewer, m.id, visibility, date);
    if (refusal) throw new Forbidden(refusal);
    const title = input.title.trim();
    const body = input.body.trim();
    if (!title) throw new ValidationError('the title is empty', 'title');
    if (!body) throw new ValidationError('the body is empty', 'body');
    const row = {
      id: randomUUID(),
      mechanism_id: m.id,
      title,
      body,
      visibility,
      author_id: actor.id,
      author_country: postingCountry(viewer, m.id, date),
      created_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (tx) => {
      await store.insertPost(tx, row);
      await this.accounts.recordEvent(tx, {
        actor: actor.id,
        action: 'space.post',
        recordType: 'space_post',
        recordId: row.id,
        after: { mechanism: m.id, title, visibility, country: row.author_country },
      });
    });
    return this.present([row], viewer, new Map([[actor.id, actor.displayName]]))[0]!;
  }

  // ---------------------------------------------------------------- the repository's documents in a space

  /**
   * The mechanism's repository documents the viewer may see today, newest first: public ones for everybody; a
   * document closed to members for the delegates of the member States (on the day, by the ledger), the secretariat
   * and administrators; one closed to members and observers also for the delegates of observer States.
   */
  async documents(user: SessionUser | null, id: string): Promise<{ viewer: Viewer; items: SpaceDocument[] }> {
    const m = await this.mechanism(id);
    const viewer = await this.viewer(user);
    const date = today();
    const all = this.documentsSource ? await this.documentsSource.list(m.id) : [];
    return { viewer, items: all.filter((d) => canSee(viewer, { mechanism: m.id, visibility: d.visibility }, date)) };
  }

  /** One file of a document of the space: 404 when there is none OR the viewer may not see the document. */
  async documentFile(user: SessionUser | null, id: string, documentId: string, versionId: string) {
    const { items } = await this.documents(user, id);
    const d = items.find((x) => x.id === documentId);
    if (!d || !d.files.some((f) => f.version === versionId) || !this.documentsSource)
      throw NotFound.because(`no document ${documentId} with version ${versionId} in this space that you may see`);
    return this.documentsSource.file(documentId, versionId);
  }
}
