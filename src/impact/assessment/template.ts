/**
 * The seed questionnaire: questions built from the framework of IOM's 2019 ISCM Assessment as
 * data/research/impact/assessment.md records it (read 2026-12-03). The questionnaire items of 2019 were NOT found
 * (assessment.md §2), so these are our questions on the framework's themes, never IOM's wording, and never answers.
 *
 * - the three themes (GRCP 8 summary report): contribution to migration governance; structures and sustainability;
 *   synergies and partnerships — read here through the three lenses the GRCP 8 outcome document acknowledges
 *   (policy impact, sustainable structures, partnership models);
 * - report Ch. 1.1 thematic focus areas and 1.2 strategies and workplans; Ch. 3 contributions by level (national,
 *   bilateral, regional, international/global);
 * - IOM's list of ISCM outputs (policies, standards, handbooks, initiatives, collaboration frameworks, funds);
 * - the GRCP 8 agenda issues: continued relevance; shaping governance and policy at all levels; sustainability;
 *   synergies and partnerships among ISCMs and with other actors.
 */
import type { Lens } from '../model.js';
import type { Addressed, QuestionKind } from './model.js';

export const TEMPLATE_ID = 'iscm-2019';

export const TEMPLATE_SOURCES = [
  'https://publications.iom.int/books/advancing-common-understanding-migration-governance-across-regions',
  'https://publications.iom.int/es/books/eighth-global-meeting-chairs-and-secretariats-consultative-processes-migration-grcp-8',
  'https://www.iom.int/2019-global-iscm-meeting',
  'https://iom.int/inter-state-consultation-mechanisms-migration',
] as const;

export interface TemplateQuestion {
  addressed: Addressed;
  lens?: Lens | null | undefined;
  kind: QuestionKind;
  text: string;
  options?: string[] | undefined;
  scale?: { min: number; max: number } | undefined;
}

const LEVELS = ['National', 'Bilateral', 'Regional', 'Interregional', 'Global'];
const OUTPUTS = ['Policies', 'Standards', 'Handbooks', 'Initiatives', 'Collaboration frameworks', 'Funds'];
const THEMES = [
  'Labour migration',
  'Irregular migration and smuggling',
  'Trafficking in persons',
  'Return and reintegration',
  'Migration and development',
  'Border management',
  'Protection and asylum',
  'Diaspora engagement',
  'Migration data',
  'Climate change and migration',
];

export const TEMPLATE_TITLE = 'ISCM assessment: contribution, structures and partnerships';
export const TEMPLATE_INTRO =
  'Questions on the three themes of the 2019 ISCM Assessment (contribution to migration governance; structures and sustainability; synergies and partnerships). Mechanisms answer through their secretariat, States through their focal point or delegates.';

export const TEMPLATE: readonly TemplateQuestion[] = [
  // Ch. 1: characteristics and themes
  {
    addressed: 'mechanism',
    lens: null,
    kind: 'multiple',
    text: 'Which thematic areas does the mechanism focus on?',
    options: THEMES,
  },
  {
    addressed: 'mechanism',
    lens: null,
    kind: 'yes-no',
    text: 'Does the mechanism have a current strategy or work plan?',
  },
  { addressed: 'mechanism', lens: null, kind: 'text', text: 'If so, name it and the years it covers.' },
  // Lens 1: policy impact (contribution to migration governance, by level)
  {
    addressed: 'mechanism',
    lens: 'policy-impact',
    kind: 'multiple',
    text: 'At which levels has the mechanism contributed to migration governance?',
    options: LEVELS,
  },
  {
    addressed: 'mechanism',
    lens: 'policy-impact',
    kind: 'multiple',
    text: 'Which kinds of output has the mechanism produced?',
    options: OUTPUTS,
  },
  {
    addressed: 'mechanism',
    lens: 'policy-impact',
    kind: 'text',
    text: 'Name up to three outputs of the mechanism that changed policy or practice, with their year.',
  },
  {
    addressed: 'state',
    lens: 'policy-impact',
    kind: 'yes-no',
    text: 'Has taking part in ISCMs informed a national migration policy, law or practice of your State?',
  },
  { addressed: 'state', lens: 'policy-impact', kind: 'text', text: 'If so, which one, and through which mechanism?' },
  {
    addressed: 'state',
    lens: 'policy-impact',
    kind: 'scale',
    text: 'How relevant are ISCMs to migration governance today for your State? (1 = not relevant, 5 = essential)',
    scale: { min: 1, max: 5 },
  },
  // Lens 2: sustainable structures
  {
    addressed: 'mechanism',
    lens: 'sustainable-structures',
    kind: 'single',
    text: 'Who provides the secretariat?',
    options: [
      'IOM',
      'Another international organization',
      'A regional organization',
      'A member State',
      'Rotating with the chair',
      'No standing secretariat',
    ],
  },
  {
    addressed: 'mechanism',
    lens: 'sustainable-structures',
    kind: 'multiple',
    text: 'How is the mechanism funded?',
    options: [
      'Member State contributions',
      'Donor project funding',
      'Host organization budget',
      'Chair covers costs',
      'Other',
    ],
  },
  {
    addressed: 'mechanism',
    lens: 'sustainable-structures',
    kind: 'yes-no',
    text: 'Does the mechanism have written rules of procedure or terms of reference?',
  },
  {
    addressed: 'mechanism',
    lens: 'sustainable-structures',
    kind: 'number',
    text: 'How many meetings at ministerial or senior-official level did the mechanism hold in the last three years?',
  },
  {
    addressed: 'mechanism',
    lens: 'sustainable-structures',
    kind: 'scale',
    text: 'How secure is the mechanism’s funding for the next three years? (1 = not secure, 5 = fully secure)',
    scale: { min: 1, max: 5 },
  },
  {
    addressed: 'state',
    lens: 'sustainable-structures',
    kind: 'yes-no',
    text: 'Does your State contribute financially or in kind to an ISCM?',
  },
  // Lens 3: partnership models (synergies and partnerships)
  {
    addressed: 'mechanism',
    lens: 'partnership-models',
    kind: 'multiple',
    text: 'With whom does the mechanism work?',
    options: [
      'UN agencies',
      'Regional economic communities',
      'Other ISCMs',
      'Civil society',
      'Private sector',
      'Academia',
    ],
  },
  {
    addressed: 'mechanism',
    lens: 'partnership-models',
    kind: 'text',
    text: 'Describe a joint activity with another ISCM, if any.',
  },
  {
    addressed: 'state',
    lens: 'partnership-models',
    kind: 'number',
    text: 'In how many ISCMs does your State take part?',
  },
  {
    addressed: 'state',
    lens: 'partnership-models',
    kind: 'scale',
    text: 'How well do the ISCMs your State takes part in coordinate with each other? (1 = not at all, 5 = very well)',
    scale: { min: 1, max: 5 },
  },
  {
    addressed: 'state',
    lens: 'partnership-models',
    kind: 'text',
    text: 'What would strengthen synergies among ISCMs and with other actors?',
  },
];
