/** axe, all rules, on every page type in Arabic (right to left), Chinese and Russian. */
import { axeSuite } from '../helpers/axe-suite.js';

axeSuite(['ar', 'zh', 'ru']);
