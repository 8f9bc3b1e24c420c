/**
 * Reported figures and reported lists (data/reference/reported-figures.json, reported-lists.json).
 *
 * A reported figure is a count a source publishes (IOM's "31 active ISCMs" on 2019-04-05), kept as a
 * fact of its own beside the figure ISCM Hub computes. A reported list says, per mechanism, whether
 * the source's lists of that time name it, so the difference between the two counts can be computed.
 *
 * Everything below is typed from the research files (corrections-2026-12.md, global-meetings.json and
 * the notes they cite), each value with its source URL and the quote. The build checks every quote
 * against the file it is said to come from, and every meeting count against global-meetings.json, so a
 * typing slip fails the conversion instead of reaching the data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const COMPARATORS = ['exact', 'at-least', 'over', 'at-most'] as const;
export const COUNTS = [
  'active-mechanisms',
  'active-rcps',
  'countries-engaged',
  'max-mechanisms-per-country',
  'mechanisms-represented',
] as const;

export interface ReportedFigureOut {
  id: string;
  value: number;
  comparator: (typeof COMPARATORS)[number];
  counts: (typeof COUNTS)[number];
  date: string;
  /** The meeting the figure is about (mechanisms represented there), or null for a worldwide figure. */
  scope: string | null;
  reported_by: string;
  source: string;
  quote: string;
  /** verbatim: the source's words; as-recorded: the research's record of what the source says. */
  quote_kind: 'verbatim' | 'as-recorded';
  /** The research file the quote was taken from. */
  quoted_in: string;
  note: string | null;
}

export interface ReportedListEntryOut {
  mechanism: string;
  /** yes: a list of the time names it; no: it does not; partly: a related body is named. */
  named: 'yes' | 'no' | 'partly';
  evidence: { source: string; quote: string | null }[];
  note: string | null;
}

export interface ReportedListOut {
  id: string;
  title: string;
  reported_by: string;
  /** The figure this list stands behind (the reconciliation compares its members with ISCM Hub's). */
  figure: string;
  date: string;
  date_note: string;
  entries: ReportedListEntryOut[];
  note: string | null;
}

interface SourceAdder {
  add(url: string, title?: string | null): string;
}

// ---------------------------------------------------------------------------------------------- URLs

const U = {
  news2019: 'https://www.iom.int/news/iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration',
  midwa2014:
    'https://www.thenigerianvoice.com/news/145324/ecowas-iom-host-migration-dialogue-for-west-africa-conferen.html',
  speech2015:
    'https://iom.int/speeches/closing-remarks-fifth-global-meeting-chairs-and-secretariats-regional-consultative-processes-migration',
  sacm2017:
    'https://iom.int/news/iom-deputy-director-general-commends-south-americas-contribution-global-compact-migration',
  rcpMeetings: 'https://www.iom.int/global-rcp-meetings',
  news2015: 'https://iom.int/news/iom-arab-league-host-5th-global-meeting-regional-consultative-processes-migration',
  ripple2016:
    'http://thedailyripple.org/index.php/component/content/article/83-displaced-people/171259-iom-hosts-6th-global-meeting-of-regional-consultative-processes-on-migration',
  page2017: 'https://www.iom.int/2017-global-iscm-meeting',
  news2017: 'https://iom.int/news/un-migration-agency-hosts-global-meeting-consultative-processes-migration',
  webinars2020: 'https://iom.int/high-level-webinars-iscms-and-gcm-regional-review-2020',
  page2021: 'https://iom.int/2021-global-iscm-meeting',
  listA: 'https://www.iom.int/rcps-region',
  listB: 'https://www.iom.int/inter-regional-forums-migration',
  emmIrf:
    'https://emm.iom.int/index.php/handbooks/inter-state-policy-dialogue-migration/interregional-forums-migration-irf',
  igoGlobal: 'https://www.iom.int/igo-facilitated-global-processes-addressing-migration',
};

const C = 'corrections-2026-12.md';
const GM = 'global-meetings.json';

// ---------------------------------------------------------------------------------------------- figures

type FigureSpec = Omit<ReportedFigureOut, 'source' | 'reported_by'> & { url: string };

const IOM = 'IOM';

const FIGURES: FigureSpec[] = [
  {
    id: 'iom-2019-04-05-active-mechanisms',
    value: 31,
    comparator: 'exact',
    counts: 'active-mechanisms',
    date: '2019-04-05',
    scope: null,
    url: U.news2019,
    quote: 'Currently there are 31 active inter-State consultation mechanisms on migration',
    quote_kind: 'verbatim',
    quoted_in: 'notes-rcps.md',
    note: 'IOM news release on the day of GRCP 8. No stored source lists the 31.',
  },
  {
    id: 'iom-2019-04-05-countries-engaged',
    value: 200,
    comparator: 'over',
    counts: 'countries-engaged',
    date: '2019-04-05',
    scope: null,
    url: U.news2019,
    quote: 'over 200 countries and territories',
    quote_kind: 'verbatim',
    quoted_in: 'notes-irfs-global.md',
    note: 'Countries and territories engaged with at least one ISCM.',
  },
  {
    id: 'iom-2019-04-05-max-per-country',
    value: 10,
    comparator: 'at-most',
    counts: 'max-mechanisms-per-country',
    date: '2019-04-05',
    scope: null,
    url: U.news2019,
    quote: 'as many as 10',
    quote_kind: 'verbatim',
    quoted_in: 'notes-irfs-global.md',
    note: 'Some countries take part in as many as 10 ISCMs. IOM does not publish its counting rule.',
  },
  {
    id: 'iom-grcp-8-mechanisms-represented',
    value: 28,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2019-04-05',
    scope: 'grcp-8',
    url: U.news2019,
    quote: '28 ISCMs per the IOM press release',
    quote_kind: 'as-recorded',
    quoted_in: GM,
    note: 'No list of the 28 names was found.',
  },
  {
    id: 'iom-2014-05-09-active-rcps',
    value: 16,
    comparator: 'exact',
    counts: 'active-rcps',
    date: '2014-05-09',
    scope: null,
    url: U.midwa2014,
    quote: 'is one of sixteen regional consultative processes worldwide',
    quote_kind: 'verbatim',
    quoted_in: C,
    note: 'IOM release on MIDWA, reprinted by The Nigerian Voice.',
  },
  {
    id: 'iom-2015-10-22-active-rcps',
    value: 18,
    comparator: 'at-least',
    counts: 'active-rcps',
    date: '2015-10-22',
    scope: null,
    url: U.speech2015,
    quote: 'the 18th RCP, the Arab RCP',
    quote_kind: 'verbatim',
    quoted_in: C,
    note: 'The Director General at GRCP 5: the Arab RCP, launched there, is "the 18th".',
  },
  {
    id: 'iom-2017-11-14-active-rcps',
    value: 18,
    comparator: 'exact',
    counts: 'active-rcps',
    date: '2017-11-14',
    scope: null,
    url: U.sacm2017,
    quote: 'one of the 18 Regional Consultative Processes (RCPs) in the world',
    quote_kind: 'verbatim',
    quoted_in: C,
    note: 'IOM on the South American Conference on Migration.',
  },
  {
    id: 'iom-grcp-1-mechanisms-represented',
    value: 9,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2005-04-14',
    scope: 'grcp-1',
    url: U.rcpMeetings,
    quote: 'Chairing governments and secretariats of nine RCPs',
    quote_kind: 'as-recorded',
    quoted_in: GM,
    note: null,
  },
  {
    id: 'iom-grcp-5-mechanisms-represented',
    value: 15,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2015-10-21',
    scope: 'grcp-5',
    url: U.news2015,
    quote: 'Chairs and Secretariats of 15 RCPs',
    quote_kind: 'as-recorded',
    quoted_in: GM,
    note: null,
  },
  {
    id: 'iom-grcp-6-mechanisms-represented',
    value: 19,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2016-10-13',
    scope: 'grcp-6',
    url: U.ripple2016,
    quote:
      'The meeting brought together representatives of 19 Inter-State Consultation Mechanisms on migration (ISCMs)',
    quote_kind: 'verbatim',
    quoted_in: C,
    note: 'A reprint of the IOM news release.',
  },
  {
    id: 'iom-grcp-7-mechanisms-represented-event-page',
    value: 22,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2017-10-10',
    scope: 'grcp-7',
    url: U.page2017,
    quote: '92 delegates from 22 ISCMs',
    quote_kind: 'verbatim',
    quoted_in: 'notes-rcps.md',
    note: 'The IOM press release says 19: both are kept.',
  },
  {
    id: 'iom-grcp-7-mechanisms-represented-press-release',
    value: 19,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2017-10-10',
    scope: 'grcp-7',
    url: U.news2017,
    quote: 'representatives of 19 inter-state consultation mechanisms',
    quote_kind: 'verbatim',
    quoted_in: 'notes-rcps.md',
    note: 'The event page says 22: both are kept.',
  },
  {
    id: 'iom-iscm-webinars-2020-mechanisms-represented',
    value: 19,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2020-09-24',
    scope: 'iscm-webinars-2020',
    url: U.webinars2020,
    quote: 'Chairs and Heads of Secretariat of 19 ISCMs',
    quote_kind: 'as-recorded',
    quoted_in: GM,
    note: null,
  },
  {
    id: 'iom-grcp-9-mechanisms-represented',
    value: 23,
    comparator: 'exact',
    counts: 'mechanisms-represented',
    date: '2021-11-10',
    scope: 'grcp-9',
    url: U.page2021,
    quote: 'Chairs and Heads of Secretariat of 23 ISCMs',
    quote_kind: 'as-recorded',
    quoted_in: GM,
    note: null,
  },
];

// ---------------------------------------------------------------------------------------------- the 2019 lists

type EntrySpec = [
  mechanism: string,
  named: ReportedListEntryOut['named'],
  evidence: [url: string, quote: string | null][],
  note?: string,
];

const A = (quote: string): [string, string] => [U.listA, quote];
const B = (quote: string): [string, string] => [U.listB, quote];
const NOT_A: [string, null] = [U.listA, null];

/** corrections-2026-12.md, "Which mechanisms IOM listed around 2019", row by row. */
const ENTRIES_2019: EntrySpec[] = [
  ['almaty-process', 'yes', [A('Almaty Process on Refugee Protection and International Migration')]],
  [
    'arab-regional-consultative-process',
    'yes',
    [
      A('Arab Regional Consultative Process on Migration and Refugees Affairs'),
      [U.speech2015, 'the 18th RCP, the Arab RCP'],
    ],
  ],
  [
    'au-horn-of-africa-initiative',
    'no',
    [
      NOT_A,
      [
        'https://www.iom.int/african-union-horn-africa-initiative-human-trafficking-and-smuggling-migrants-au-hoai',
        'Type: Regional consultative process on migration (Region: Africa) … Established: 2014',
      ],
    ],
    "Not on IOM's RCP list of the time; only a later IOM profile types it as an RCP.",
  ],
  [
    'budapest-process',
    'yes',
    [A('Budapest Process')],
    'Listed as an RCP; a newer IOM page types it as an interregional forum.',
  ],
  ['caribbean-migration-consultations', 'yes', [A('Caribbean Migration Consultations (CMC)')]],
  [
    'ocam',
    'no',
    [
      NOT_A,
      [
        'https://www.iom.int/central-american-commission-migration-directors-ocam',
        'Type: Regional consultative process on migration (region: Americas) … Established: 1990',
      ],
    ],
    "Not on IOM's RCP list of the time; only an undated IOM profile types it as an RCP.",
  ],
  [
    'commit-process',
    'no',
    [
      NOT_A,
      [
        'https://www.iom.int/fr/coordinated-mekong-ministerial-initiative-against-trafficking-commit-process',
        'Type: Regional Consultative Process on Migration (Region: Asia) … Established: 2004',
      ],
    ],
    "Not on IOM's RCP list of the time; only an IOM profile types it as an RCP.",
  ],
  [
    'eastern-partnership-panel-migration-mobility-ibm',
    'yes',
    [A('Eastern Partnership (EaP) Panel on Migration and Asylum (former Söderköping Process)')],
  ],
  ['igad-rcp', 'yes', [A('Intergovernmental Authority on Development (IGAD) RCP (IGAD RCP)')]],
  [
    'quito-process',
    'no',
    [
      NOT_A,
      [
        'https://iom.int/international-technical-meeting-human-mobility-venezuelan-citizens-region-quito-process',
        'Type: Regional consultative process on migration (Region: Americas) … Established: 2018',
      ],
    ],
    "Not on IOM's RCP list of the time; seven months old at GRCP 8.",
  ],
  ['midsa', 'yes', [A('Migration Dialogue for Southern Africa (MIDSA)')]],
  ['midwa', 'yes', [A('Migration Dialogue for West Africa (MIDWA)')]],
  [
    'midcom',
    'yes',
    [
      A(
        'Migration Dialogue from the Common Market for Eastern and Southern Africa Member States (MIDCOM) [formerly COMESA RCP]',
      ),
    ],
  ],
  ['pidc', 'yes', [A("Pacific Immigration Directors' Conference (PIDC)")]],
  ['prague-process', 'yes', [A('Prague Process')]],
  ['regional-conference-on-migration', 'yes', [A('Regional Conference on Migration (RCM or Puebla Process)')]],
  [
    'colombo-process',
    'yes',
    [
      A(
        'Regional Consultative Process on Overseas Employment and Contractual Labour for Countries of Origin in Asia (Colombo Process)',
      ),
    ],
  ],
  [
    'south-american-conference-on-migration',
    'yes',
    [
      A('South American Conference on Migration (SACM)'),
      [U.sacm2017, 'one of the 18 Regional Consultative Processes (RCPs) in the world'],
    ],
  ],
  [
    'five-plus-five-dialogue-migration-western-mediterranean',
    'yes',
    [B('5 + 5 Dialogue on Migration in the Western Mediterranean')],
  ],
  [
    'acp-eu-dialogue-migration-development',
    'yes',
    [
      [
        'https://www.iom.int/african-caribbean-and-pacific-group-states-acp-european-union-eu-dialogue-migration',
        'Type: Inter-regional forum on migration … Established: 2000',
      ],
    ],
  ],
  [
    'asem-conference-directors-general-immigration',
    'yes',
    [
      [
        'https://www.iom.int/asia-european-union-meetings-asem-conference-directors-general-immigration-and-management-migratory-flows',
        'Type: Inter-regional forum on migration (regions covered: Asia-Europe) … Established: 2002',
      ],
    ],
  ],
  [
    'abu-dhabi-dialogue',
    'yes',
    [['http://www.iom.ch/abu-dhabi-dialogue', 'Abu Dhabi Dialogue Established 2008 … 18 Members']],
  ],
  [
    'africa-eu-migration-mobility-dialogue',
    'partly',
    [
      [
        'https://iom.int/africa-eu-partnership-migration-mobility-and-employment-mme',
        'Established: 2007 … The Africa – EU Partnership on Migration, Mobility and Employment (MME) is thus [l]inked to the Tripoli Process',
      ],
    ],
    'IOM profiles the MME Partnership, linked to the Tripoli Process, with no "Type" line: whether IOM counted it apart from Tripoli is unknown.',
  ],
  ['bali-process', 'yes', [[U.emmIrf, 'IRFs addressing a concrete area … include the Bali Process']]],
  ['khartoum-process', 'yes', [B('EU-Horn of Africa Migration Route Initiative (Khartoum Process)')]],
  [
    'mediterranean-transit-migration-dialogue',
    'yes',
    [
      [
        'https://www.iom.int/mediterranean-transit-migration-mtm',
        'Established: 2003 … an inter-regional inter-governmental consultative forum of more than 40 Governments',
      ],
    ],
  ],
  [
    'eu-celac-migration-dialogue',
    'yes',
    [
      [
        'https://www.iom.int/european-union-latin-america-and-caribbean-structured-and-comprehensive-bi-regional-dialogue-migration-eu-celac-md',
        'Type: Inter-regional forum on migration … Established: 2009',
      ],
    ],
  ],
  ['rabat-process', 'yes', [B('Euro-African Dialogue on Migration and Development (Rabat Process)')]],
  ['ibero-american-forum-migration-development', 'yes', [B('Ibero-American Forum on Migration and Developmen[t]')]],
  [
    'intergovernmental-consultations-migration-asylum-refugees',
    'yes',
    [
      [
        'https://www.iom.int/inter-governmental-consultations-migration-asylum-and-refugees-igc',
        'Type: Interregional forum on migration … Established: 1985 … considered as the first inter-state consultation mechanism on migration',
      ],
    ],
  ],
  [
    'pan-african-forum-migration',
    'yes',
    [
      [
        'https://www.iom.int/pan-african-forum-migration-pafom',
        'Type: Interregional forum on migration (regions covered: Africa continent-wide) … Established: 2015',
      ],
    ],
  ],
  [
    'global-forum-migration-development',
    'yes',
    [
      [
        'https://iom.ch/global-processes-migration',
        'Global Processes on Migration … (e.g. UN High Level Dialogue on International Migration and Development, the Global Forum on Migration and Development)',
      ],
    ],
  ],
  [
    'international-dialogue-migration',
    'yes',
    [
      [
        U.igoGlobal,
        'Among these only the International Dialogue on Migration (IDM) focuses on overall migration governance',
      ],
    ],
  ],
  [
    'midcas',
    'yes',
    [
      A('Migration Dialogue for Central African States (MIDCAS)'),
      [
        'https://www.iom.int/migration-dialogue-central-african-states-midcas',
        'The MIDCAS has been dormant and inactive since 2016',
      ],
    ],
    "On IOM's RCP list of the time; a later IOM page says it has been dormant since 2016. Whether IOM counted it in April 2019 is unknown.",
  ],
  [
    'tripoli-process',
    'yes',
    [
      [
        'https://www.iom.int/tripoli-process-joint-africa-eu-declaration-migration-and-development',
        'Established: 2001 … 82 Members (53 AU Member States and 28 EU Member States)',
      ],
    ],
    'IOM profiles it with no note of dormancy.',
  ],
  [
    'un-high-level-dialogue-international-migration-development',
    'no',
    [[U.igoGlobal, 'the now dormant UN High-level Dialogue on international migration and development']],
    'IOM names it as dormant.',
  ],
];

const LISTS: (Omit<ReportedListOut, 'entries'> & { entries: EntrySpec[] })[] = [
  {
    id: 'iom-iscm-lists-2019',
    title: "IOM's lists of ISCMs around 2019 (RCPs by region, interregional forums, profiles)",
    reported_by: IOM,
    figure: 'iom-2019-04-05-active-mechanisms',
    date: '2019-04-05',
    date_note: "IOM's pages of the time are undated; they are read as its lists around GRCP 8 (April 2019).",
    entries: ENTRIES_2019,
    note: "No stored source names IOM's 31; this is what IOM's lists of the time name, mechanism by mechanism.",
  },
];

// ---------------------------------------------------------------------------------------------- build

const squash = (s: string) => s.replace(/\s+/g, ' ').replaceAll('’', "'");

interface GlobalMeeting {
  id: string;
  date: string;
  sources: string[];
  iscms_represented: { count: number | null; note: string };
}

/**
 * Check the typed data against the research files and register the sources. Throws on any mismatch:
 * a quote not found in the file it is said to come from, a meeting count global-meetings.json does not
 * give, an unknown mechanism or meeting.
 */
export function buildReported(
  inputDir: string,
  sources: SourceAdder,
  known: { mechanisms: ReadonlySet<string>; meetings: ReadonlySet<string> },
): { figures: ReportedFigureOut[]; lists: ReportedListOut[] } {
  const files = new Map<string, string>();
  const text = (name: string) => {
    let t = files.get(name);
    if (t === undefined) files.set(name, (t = squash(readFileSync(join(inputDir, name), 'utf8'))));
    return t;
  };
  const problems: string[] = [];
  const globals = new Map(
    (JSON.parse(readFileSync(join(inputDir, GM), 'utf8')) as GlobalMeeting[]).map((m) => [m.id, m]),
  );

  const figures = FIGURES.map(({ url, ...f }): ReportedFigureOut => {
    if (!text(f.quoted_in).includes(squash(f.quote)))
      problems.push(`${f.id}: quote not found in ${f.quoted_in}: "${f.quote}"`);
    if (f.scope !== null) {
      const m = globals.get(f.scope);
      if (!known.meetings.has(f.scope)) problems.push(`${f.id}: unknown meeting ${f.scope}`);
      if (!m) problems.push(`${f.id}: ${f.scope} is not in ${GM}`);
      else {
        if (m.date !== f.date) problems.push(`${f.id}: date ${f.date}, ${GM} has ${m.date}`);
        if (m.iscms_represented.count !== f.value && !m.iscms_represented.note.includes(String(f.value))) {
          problems.push(`${f.id}: ${GM} gives ${m.iscms_represented.count} for ${f.scope}, not ${f.value}`);
        }
        if (!m.sources.includes(url) && !text(C).includes(url))
          problems.push(`${f.id}: ${url} is not a source of ${f.scope}`);
      }
    }
    return {
      id: f.id,
      value: f.value,
      comparator: f.comparator,
      counts: f.counts,
      date: f.date,
      scope: f.scope,
      reported_by: IOM,
      source: sources.add(url),
      quote: f.quote,
      quote_kind: f.quote_kind,
      quoted_in: f.quoted_in,
      note: f.note,
    };
  });
  const figureIds = new Set(figures.map((f) => f.id));

  const corrections = text(C);
  const lists = LISTS.map((l): ReportedListOut => {
    if (!figureIds.has(l.figure)) problems.push(`${l.id}: unknown figure ${l.figure}`);
    const seen = new Set<string>();
    const entries = l.entries.map(([mechanism, named, evidence, note]): ReportedListEntryOut => {
      if (!known.mechanisms.has(mechanism)) problems.push(`${l.id}: unknown mechanism ${mechanism}`);
      if (seen.has(mechanism)) problems.push(`${l.id}: ${mechanism} twice`);
      seen.add(mechanism);
      for (const [url, quote] of evidence) {
        // List A and B quotes are the names as listed (notes-rcps.md §6); every other quote is in the corrections.
        const where = url === U.listA || url === U.listB ? text('notes-rcps.md') : corrections;
        if (quote !== null && !where.includes(squash(quote)))
          problems.push(`${l.id}/${mechanism}: quote not found: "${quote}"`);
        if (![C, GM, 'notes-rcps.md'].some((f) => text(f).includes(url)))
          problems.push(`${l.id}/${mechanism}: ${url} is in no research file`);
      }
      return {
        mechanism,
        named,
        evidence: evidence.map(([url, quote]) => ({ source: sources.add(url), quote })),
        note: note ?? null,
      };
    });
    return { ...l, entries: entries.sort((a, b) => (a.mechanism < b.mechanism ? -1 : 1)) };
  });
  if (problems.length) throw new Error(`reported figures:\n  ${problems.join('\n  ')}`);
  return {
    figures: figures.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1)),
    lists,
  };
}
