/**
 * A value derived from the database and kept in memory until the data version changes. The
 * version is read at most once per `ttlMs`; `invalidate()` forces a reload (after a write through
 * this process).
 */
export class Versioned<T> {
  private value: Promise<T> | null = null;
  private version: string | null | undefined = undefined;
  private checkedAt = 0;

  constructor(
    private readonly currentVersion: () => Promise<string | null>,
    private readonly load: () => Promise<T>,
    private readonly ttlMs = 1000,
  ) {}

  invalidate(): void {
    this.value = null;
    this.checkedAt = 0;
  }

  async get(): Promise<T> {
    const now = Date.now();
    if (now - this.checkedAt >= this.ttlMs) {
      this.checkedAt = now;
      const v = await this.currentVersion();
      if (v !== this.version) {
        this.version = v;
        this.value = null;
      }
    }
    this.value ??= this.load().catch((err: unknown) => { this.value = null; throw err; });
    return this.value;
  }
}
