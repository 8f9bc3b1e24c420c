/** The sources registry: one id per URL, titles and access months kept. */
import type { Source } from './model.js';
import { ACCESSED, cmpStr, fail, sha1, uniq } from './util.js';

// ---------------------------------------------------------------------------------------------

export class SourceRegistry {
  private readonly byUrl = new Map<string, { title: string | null; accessed: string | null }>();

  /** `accessed`: the month the page was (re-)read, when not the research's (ACCESSED); the latest given wins. */
  add(url: string, title: string | null = null, accessed: string | null = null): string {
    if (!/^https?:\/\/\S+$/.test(url)) fail(`not a URL: ${url}`);
    const known = this.byUrl.get(url);
    if (known === undefined) this.byUrl.set(url, { title, accessed });
    else {
      if (known.title === null && title !== null) known.title = title;
      if (accessed !== null && (known.accessed === null || accessed > known.accessed)) known.accessed = accessed;
    }
    return SourceRegistry.idOf(url);
  }

  size(): number {
    return this.byUrl.size;
  }

  static idOf(url: string): string {
    return `src-${sha1(url).slice(0, 10)}`;
  }

  ids(urls: Iterable<string>): string[] {
    const ids = [...urls].map((u) => this.add(u));
    return uniq(ids);
  }

  output(): Source[] {
    const out: Source[] = [];
    for (const [url, { title, accessed }] of this.byUrl) {
      const publisher = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : null;
      out.push({ id: SourceRegistry.idOf(url), url, title, publisher, accessed: accessed ?? ACCESSED });
    }
    const ids = new Set<string>();
    for (const s of out) {
      if (ids.has(s.id)) fail(`source id collision: ${s.id}`);
      ids.add(s.id);
    }
    return out.sort((a, b) => cmpStr(a.id, b.id));
  }
}

export function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)"'\]]+/g)].map((m) => m[0].replace(/[.,;]+$/, ''));
}

// ---------------------------------------------------------------------------------------------
// Themes: controlled vocabulary (research notes, section (c)) and keyword rules
// ---------------------------------------------------------------------------------------------
