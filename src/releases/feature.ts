/** Dated releases of the published data: the data page, the release list and its files. */
import type { Feature } from '../feature.js';
import { releaseRoutes } from './routes.js';

export function releasesFeature(dir: string): Feature {
  return { name: 'releases', routes: [releaseRoutes(dir)], sitemap: async () => [{ path: '/data' }] };
}
