/** A browser in miniature over app.inject: keeps cookies between requests, reads CSRF tokens from forms. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class Client {
  cookies = new Map<string, string>();
  /** `headers` go with every request (e.g. X-Forwarded-For through a trusted proxy, Origin). */
  constructor(
    private readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
  ) {}
  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string) {
    return this.keep(
      await this.app.inject({ method: 'GET', url, headers: { ...this.headers, cookie: this.header() } }),
    );
  }
  async post(url: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.headers, cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }
  async csrf(url = '/en/sign-in') {
    const res = await this.get(url);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1]!;
  }
  /** A form post with a valid CSRF token. */
  async form(url: string, form: Record<string, string> = {}) {
    return this.post(url, { _csrf: await this.csrf(), ...form });
  }
  async signIn(email: string, password: string) {
    return this.post('/en/sign-in', { _csrf: await this.csrf(), email, password });
  }
}
