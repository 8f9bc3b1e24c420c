/**
 * One data-version signal per app. Every cache and derived index follows it, instead of polling the database
 * itself or being invalidated by name: it reads `version()` (a `Derived` does) or `subscribe()`s to changes.
 * The version is read from the database at most once per `ttlMs`, so writes by other processes (an `iscm load`,
 * another server on the same database) are seen within that time; `bump()` after a write in this process makes
 * every follower see a new version at once.
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/** What the data version is made of: the last reference load, the last published edit, the last file change, the last published peer query and the last change of a document record. */
export async function readDataVersion(db: Kysely<DB>): Promise<string> {
  const [load, edit, file, query, doc] = await Promise.all([
    db.selectFrom('dataset_load').select(['id', 'loaded_at']).orderBy('loaded_at', 'desc').limit(1).executeTakeFirst(),
    db
      .selectFrom('change_request')
      .select(['reviewed_at', 'id'])
      .where('status', '=', 'published')
      .orderBy('reviewed_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    // A document file uploaded, or its text extracted (issue 13): the search index and the pages follow it.
    db
      .selectFrom('document_version')
      .select(['updated_at', 'id'])
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    // A peer query's compilation published (issue 17): it becomes a public page, in the sitemap and the search.
    db
      .selectFrom('peer_query')
      .select(['published_at', 'id'])
      .where('published_at', 'is not', null)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    // A document record changed by an editor (its visibility, issue 17): every public read of it follows.
    db
      .selectFrom('document')
      .select(['updated_at', 'id', 'version'])
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const docs = doc ? `|d:${doc.updated_at}/${doc.id}/${doc.version}` : '';
  const queries = query ? `|q:${query.published_at}/${query.id}` : '';
  const files = file ? `|${file.updated_at}/${file.id}` : '';
  return `${load ? `${load.loaded_at}/${load.id}` : ''}|${edit ? `${edit.reviewed_at}/${edit.id}` : ''}${files}${queries}${docs}`;
}

export class DataVersion {
  private stored: string | null = null;
  private local = 0;
  private checkedAt = -Infinity;
  private reading: Promise<void> | null = null;
  private last: string | null = null;
  private readonly listeners = new Set<(version: string) => void>();

  constructor(
    private readonly read: () => Promise<string | null>,
    readonly ttlMs = 1000,
  ) {}

  /** The signal of a database: its version read with readDataVersion. */
  static of(db: Kysely<DB>, ttlMs = 1000): DataVersion {
    return new DataVersion(() => readDataVersion(db), ttlMs);
  }

  /** The current version (re-read from the database when the last read is older than the ttl). */
  async version(): Promise<string> {
    if (Date.now() - this.checkedAt >= this.ttlMs) {
      this.reading ??= (async () => {
        try {
          this.stored = await this.read();
          this.checkedAt = Date.now();
        } finally {
          this.reading = null;
        }
      })();
      await this.reading;
    }
    return this.settle();
  }

  /**
   * The current version without waiting: null when the last read is older than the ttl (the next `version()`
   * reads it again). The hot path (http/hot.ts) answers only while this names its answer's version.
   */
  peek(): string | null {
    return Date.now() - this.checkedAt < this.ttlMs ? this.settle() : null;
  }

  /** After a write through this process: every follower sees a new version at once (and the database is re-read). */
  bump(): void {
    this.local++;
    this.checkedAt = -Infinity;
    this.settle();
  }

  /** Be told when the version changes (seen on a read or bumped); returns the unsubscribe function. */
  subscribe(listener: (version: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A value derived from the data, kept until the version changes. */
  derived<T>(load: () => Promise<T>): Derived<T> {
    return new Derived(this, load);
  }

  private settle(): string {
    const v = `${this.stored ?? ''}#${this.local}`;
    if (v !== this.last) {
      const first = this.last === null;
      this.last = v;
      if (!first) for (const l of this.listeners) l(v);
    }
    return v;
  }
}

/** A value derived from the database and kept in memory until the data version changes. */
export class Derived<T> {
  private value: Promise<T> | null = null;
  private at: string | null = null;

  constructor(
    private readonly signal: DataVersion,
    private readonly load: () => Promise<T>,
  ) {}

  async get(): Promise<T> {
    const v = await this.signal.version();
    if (v !== this.at) {
      this.at = v;
      this.value = null;
    }
    this.value ??= this.load().catch((err: unknown) => {
      this.value = null;
      throw err;
    });
    return this.value;
  }
}
