/** axe, all rules, on every page type in English, French and Spanish (and the pages without a language prefix). */
import { axeSuite } from '../helpers/axe-suite.js';

axeSuite(['en', 'fr', 'es']);
