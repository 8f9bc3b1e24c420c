/** The stylesheet: site.css plus the map and chart styles, served under a content-hashed URL. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CHART_CSS } from './charts.js';
import { MAP_CSS } from './map.js';

const parts: string[] = [readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8'), MAP_CSS, CHART_CSS];

export const STYLESHEET = parts.join('\n');
export const STYLESHEET_HASH = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
export const STYLESHEET_URL = `/assets/site.${STYLESHEET_HASH}.css`;
