/** The stylesheet: site.css plus the map and chart styles, served under a content-hashed URL. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CHART_CSS } from './charts.js';
import { MAP_CSS } from './map.js';

const parts: string[] = [readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8'), MAP_CSS, CHART_CSS];

export const STYLESHEET = parts.join('\n');
export const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
export const STYLESHEET_URL = `/assets/site.${STYLESHEET_HASH}.css`;

/** The logo: three overlapping circles (mechanisms sharing members) on the accent colour. Also the favicon. */
export const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5394"/>' +
  '<g fill="none" stroke="#fff" stroke-width="2.2"><circle cx="12.5" cy="13" r="6"/><circle cx="19.5" cy="13" r="6"/>' +
  '<circle cx="16" cy="19.5" r="6"/></g></svg>';
export const FAVICON_URL = '/favicon.svg';
