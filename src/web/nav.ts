/**
 * The site's entry points: the header's main menu and the home page's "Explore" cards. Features contribute
 * them (Feature.nav); the composition root sorts them by `order` and hands them to the app (`siteNav`), and
 * every page context carries them, so the shell knows no feature's paths.
 */
export interface NavEntry {
  /** The page's path without the language prefix ("/meetings"). */
  path: string;
  /** The catalogue key of its name ("nav.meetings"). */
  label: string;
  /** Position among all features' entries (smaller first). */
  order: number;
  /** Shown in the header's main menu (default true). */
  menu?: boolean;
  /** Shown among the home page's "Explore" cards (default true; never for "/"). */
  explore?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every feature's entry points, sorted (set by the composition root). */
    siteNav?: readonly NavEntry[];
  }
}

/** Every feature's entries in one list, by order then path; a path contributed twice is an error. */
export function siteNav(lists: readonly (readonly NavEntry[])[]): readonly NavEntry[] {
  const all = lists.flat();
  const seen = new Set<string>();
  for (const e of all) {
    if (seen.has(e.path)) throw new Error(`navigation: "${e.path}" is contributed by two features`);
    seen.add(e.path);
  }
  return [...all].sort((a, b) => a.order - b.order || a.path.localeCompare(b.path));
}

export const menuEntries = (nav: readonly NavEntry[]) => nav.filter((e) => e.menu !== false);
export const exploreEntries = (nav: readonly NavEntry[]) => nav.filter((e) => e.path !== '/' && e.explore !== false);
