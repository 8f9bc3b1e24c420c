/** The global ISCM meetings (global-meetings.json), written out by hand with the words they rest on. */
import type { CountWhat, DocKind, MeetingKind, MeetingRole } from './model.js';

// ---------------------------------------------------------------------------------------------
// Meetings (meetings.json): the global ISCM meetings (global-meetings.json) and the key meetings
// of each mechanism that its record states in prose (key_outputs, status_note, notes, structure).
// Every meeting is written out by hand below, with the words of the input it rests on; the
// converter checks that each quoted passage, name and count really occurs in the input.
// ---------------------------------------------------------------------------------------------

export const GLOBAL_SERIES_ID = 'global-iscm-meetings';

export const GLOBAL_SERIES = {
  id: GLOBAL_SERIES_ID,
  name: 'Global Meetings of Chairs and Secretariats of ISCMs (GRCP)',
  note:
    'GRCP 1 (Geneva, 2005) to GRCP 10 (Geneva, 2023), described as "mostly biennial". IOM counts the 2005 GCIM-IOM workshop ' +
    'as the first GRCP in hindsight. The series name followed the vocabulary of the time: global meetings of Regional ' +
    'Consultative Processes (RCPs), later of Inter-State Consultation Mechanisms (ISCMs); IOM\'s newer name is "Meeting of Global ' +
    'and (Inter) Regional Consultative Processes on migration". Not part of the series: the 2002 IDM round table that ' +
    'preceded it, the 2020 high-level webinars and two side events.',
  sourceUrls: ['https://www.iom.int/global-iscm-meetings', 'https://www.iom.int/global-rcp-meetings'],
};

/** A participant written by hand; `name` must occur in the input field `in`. */
export interface PartSpec {
  name: string;
  in: string;
  role: MeetingRole;
  country?: string;
  organization?: string;
  mechanism?: string;
  /** URLs (must be among the meeting's sources); default: all the meeting's sources. */
  sources?: string[];
}

/** A stated count; `quote` must occur in the input field `in` (or `in` is the structured count). */
export interface CountSpec {
  what: CountWhat;
  count: number;
  in: string;
  quote: string | null;
  note: string | null;
  sources?: string[];
}

export interface GlobalDocSpec {
  kind: DocKind;
  date?: string;
  language?: string;
  sources?: string[];
}

export interface GlobalSpec {
  kind: MeetingKind;
  inSeries: boolean;
  mechanism: string | null;
  online: boolean;
  /** Role of the mechanisms named in iscms_represented.names, and the URLs that name them. */
  namesRole?: MeetingRole;
  namesSources?: string[];
  participants: PartSpec[];
  counts: CountSpec[];
  agenda?: { in: string; items: string[] };
  /** One per outcome_documents entry, in order. */
  documents: GlobalDocSpec[];
  /** One per from_recall entry, in order: the output field it concerns. */
  unverified?: { field: string; note?: string }[];
  note?: string;
}

export const U = {
  rcp2009: 'https://www.iom.int/2009-global-iscm-meeting',
  rcpMeetings: 'https://www.iom.int/global-rcp-meetings',
  news2015: 'https://iom.int/news/iom-arab-league-host-5th-global-meeting-regional-consultative-processes-migration',
  speech2015:
    'https://iom.int/speeches/closing-remarks-fifth-global-meeting-chairs-and-secretariats-regional-consultative-processes-migration',
  page2017: 'https://www.iom.int/2017-global-iscm-meeting',
  news2017: 'https://iom.int/news/un-migration-agency-hosts-global-meeting-consultative-processes-migration',
  news2019: 'https://www.iom.int/news/iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration',
  page2021: 'https://iom.int/2021-global-iscm-meeting',
  pp2023:
    'https://pragueprocess.eu/en/news-events/news/743-tenth-meeting-of-global-and-inter-regional-consultative-processes-on-migration-regional-contributions-to-the-global-discussion-on-migration-and-sustainable-development',
};

export const IOM_HOST: PartSpec = { name: 'IOM', in: 'host', role: 'host', organization: 'iom' };

export const GLOBAL_SPECS: Record<string, GlobalSpec> = {
  'idm-2002-rcp-roundtable': {
    kind: 'other',
    inSeries: false,
    mechanism: 'international-dialogue-migration',
    online: false,
    participants: [IOM_HOST],
    counts: [],
    documents: [],
    note:
      'Kind "other": the input calls it a precursor of the series (a round table). Mechanism: the IOM International Dialogue on ' +
      'Migration, which its title and host name.',
  },
  'grcp-1': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    participants: [
      IOM_HOST,
      {
        name: 'Global Commission on International Migration (GCIM)',
        in: 'host',
        role: 'host',
        mechanism: 'global-commission-international-migration',
      },
    ],
    counts: [
      {
        what: 'mechanisms',
        count: 9,
        in: 'iscms_represented.count',
        quote: null,
        note: null,
        sources: [U.rcpMeetings],
      },
    ],
    documents: [
      { kind: 'other' },
      {
        kind: 'other',
        sources: ['https://lawsdocbox.com/amp/86743209-Immigration/Concluding-statement-colombo-sri-lanka.html'],
      },
    ],
  },
  'grcp-2': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    namesRole: 'participant',
    namesSources: [U.rcp2009],
    participants: [
      { name: 'Royal Thai Government', in: 'host', role: 'host', country: 'THA' },
      IOM_HOST,
      { name: 'Thai Ministry of Foreign Affairs', in: 'host', role: 'chair', country: 'THA' },
      { name: 'IOM', in: 'host', role: 'chair', organization: 'iom' },
    ],
    counts: [
      {
        what: 'participants',
        count: 60,
        in: 'participants',
        quote: 'About 60 people (2009 page)',
        note: 'About 60.',
        sources: [U.rcp2009],
      },
      {
        what: 'participants',
        count: 60,
        in: 'participants',
        quote: "'more than 60 participants' (global-rcp-meetings page)",
        note: 'More than 60.',
        sources: [U.rcpMeetings],
      },
    ],
    documents: [],
  },
  'grcp-3': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    participants: [
      { name: 'Government of the Republic of Botswana', in: 'host', role: 'host', country: 'BWA' },
      IOM_HOST,
      { name: "Botswana's Minister of Labour and Home Affairs", in: 'notes', role: 'speaker', country: 'BWA' },
      { name: 'a representative of Thailand (the previous host)', in: 'notes', role: 'speaker', country: 'THA' },
      { name: 'the IOM Director General', in: 'notes', role: 'speaker', organization: 'iom' },
    ],
    counts: [],
    documents: [
      {
        kind: 'report',
        sources: [
          'https://publications.iom.int/fr/books/third-global-meeting-chairs-and-secretariats-regional-consultative-processes-migration-rcps',
          'https://fdocuments.es/document/tercera-reunin-global-de-presidencias-y-secretaras-de-los-procesos-5-glosario.html',
        ],
      },
    ],
  },
  'grcp-4': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    participants: [{ name: 'Government of Peru', in: 'host', role: 'host', country: 'PER' }, IOM_HOST],
    counts: [],
    documents: [],
  },
  'grcp-5': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    namesRole: 'participant',
    namesSources: [U.news2015],
    participants: [
      IOM_HOST,
      { name: 'League of Arab States (LAS)', in: 'host', role: 'host', organization: 'las' },
      {
        name: 'IOM Director General',
        in: 'outcome_documents',
        role: 'speaker',
        organization: 'iom',
        sources: [U.speech2015],
      },
    ],
    counts: [
      { what: 'mechanisms', count: 15, in: 'iscms_represented.count', quote: null, note: null, sources: [U.news2015] },
      {
        what: 'participants',
        count: 70,
        in: 'participants',
        quote: 'Over 70 high-level officials plus experts from intergovernmental and regional organizations',
        note: 'More than 70 high-level officials; the experts are not included in the figure.',
        sources: [U.news2015],
      },
    ],
    documents: [
      {
        kind: 'report',
        language: 'fr',
        sources: [
          'https://pdfslide.fr/documents/cinquime-runion-mondiale-des-prsidents-et-secrtariats-cinquime-runion.html',
        ],
      },
      { kind: 'other', date: '2015-11-04', sources: [U.speech2015] },
    ],
  },
  'grcp-6': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    participants: [IOM_HOST],
    counts: [
      {
        what: 'mechanisms',
        count: 19,
        in: 'iscms_represented.count',
        quote: null,
        note: "The input does not say which of the meeting's sources gives this count; all of them are cited.",
      },
    ],
    documents: [
      {
        kind: 'report',
        sources: [
          'https://publications.iom.int/books/sixth-global-meeting-chairs-and-secretariats-regional-interregional-and-global-consultative',
          'https://vdocuments.site/migracin-y-objetivos-de-desarrollo-sostenible-la-funcin-migracin-si.html',
        ],
      },
    ],
  },
  'grcp-7': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    participants: [
      IOM_HOST,
      { name: 'the SRSG for International Migration', in: 'notes', role: 'participant' },
      { name: 'the GCM co-facilitators', in: 'notes', role: 'participant' },
    ],
    counts: [
      {
        what: 'mechanisms',
        count: 22,
        in: 'iscms_represented.count',
        quote: null,
        note: "This count is the event page's (iom.int/2017-global-iscm-meeting); the press release says 19. Both counts are kept.",
        sources: [U.page2017],
      },
      {
        what: 'mechanisms',
        count: 19,
        in: 'iscms_represented.note',
        quote: 'The IOM press release says 19 ISCMs',
        note:
          'This count is the IOM press release\'s ("UN Migration Agency hosts global meeting"; research notes: "representatives of 19 ' +
          'inter-state consultation mechanisms"); the event page says 22. Both counts are kept.',
        sources: [U.news2017],
      },
      {
        what: 'delegates',
        count: 92,
        in: 'participants',
        quote: '92 delegates',
        note: 'Event page: "92 delegates from 22 ISCMs".',
        sources: [U.page2017],
      },
    ],
    agenda: {
      in: 'notes',
      items: [
        "global processes' inputs to the GCM",
        'regional inputs and recommendations (breakouts plus plenary)',
        'partner engagement and the role of RCPs in GCM follow-up and review',
      ],
    },
    documents: [
      { kind: 'outcome', sources: [U.news2017] },
      {
        kind: 'report',
        sources: [
          'http://lawsdocbox.com/Immigration/87415469-Seventh-global-meeting-of-chairs-and-secretariats-of-regional-inter-regional-and-global-consultative-processes-on-migration-grcp-7.html',
          'https://fdocuments.es/document/sptima-reunin-global-de-presidencias-y-secretaras-de-los-procesos-sptima.html',
        ],
      },
      {
        kind: 'other',
        sources: [
          'https://lawsdocbox.com/amp/127554307-Immigration/The-role-of-inter-state-consultation-mechanisms-on-migration-in-the-global-compact-for-safe-orderly-and-regular-migration.html',
        ],
      },
    ],
  },
  'grcp-8': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    participants: [IOM_HOST],
    counts: [
      { what: 'mechanisms', count: 28, in: 'iscms_represented.count', quote: null, note: null, sources: [U.news2019] },
    ],
    agenda: {
      in: 'notes',
      items: [
        'continued relevance of ISCMs',
        'how ISCMs shape governance and policy at all levels',
        'ISCM sustainability',
        'synergies and partnerships',
      ],
    },
    documents: [
      { kind: 'outcome', sources: [U.news2019] },
      {
        kind: 'report',
        sources: [
          'https://publications.iom.int/es/books/eighth-global-meeting-chairs-and-secretariats-consultative-processes-migration-grcp-8',
        ],
      },
      {
        kind: 'report',
        sources: [
          'https://publications.iom.int/books/advancing-common-understanding-migration-governance-across-regions',
        ],
      },
    ],
  },
  'iscm-webinars-2020': {
    kind: 'webinar',
    inSeries: false,
    mechanism: null,
    online: true,
    participants: [IOM_HOST],
    counts: [
      {
        what: 'mechanisms',
        count: 19,
        in: 'iscms_represented.count',
        quote: null,
        note: null,
        sources: [
          'https://iom.int/high-level-webinars-iscms-and-gcm-regional-review-2020',
          'https://www.iom.int/fr/high-level-webinars-iscms-and-gcm-regional-review-2020',
        ],
      },
    ],
    documents: [],
  },
  'grcp-9': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: true,
    participants: [IOM_HOST],
    counts: [
      { what: 'mechanisms', count: 23, in: 'iscms_represented.count', quote: null, note: null, sources: [U.page2021] },
      {
        what: 'speakers',
        count: 18,
        in: 'iscms_represented.note',
        quote: 'representatives of 18 ISCMs spoke',
        note: 'A count of the ISCMs whose representatives spoke, not of individual speakers.',
        sources: [U.page2021],
      },
    ],
    documents: [],
  },
  'grcp-10': {
    kind: 'global-meeting',
    inSeries: true,
    mechanism: null,
    online: false,
    namesRole: 'participant',
    namesSources: [U.pp2023],
    participants: [],
    counts: [],
    documents: [],
    unverified: [{ field: 'host', note: 'host is null here: the organizer is not named by any source.' }],
  },
  'side-event-2017-06-20': {
    kind: 'side-event',
    inSeries: false,
    mechanism: null,
    online: false,
    namesRole: 'speaker',
    participants: [
      { name: 'Australia', in: 'host', role: 'host', country: 'AUS' },
      { name: 'Mexico', in: 'host', role: 'host', country: 'MEX' },
      { name: 'Norway', in: 'host', role: 'host', country: 'NOR' },
      { name: 'Peru', in: 'host', role: 'host', country: 'PER' },
      { name: 'Sri Lanka', in: 'host', role: 'host', country: 'LKA' },
      { name: 'United Arab Emirates', in: 'host', role: 'host', country: 'ARE' },
      IOM_HOST,
    ],
    counts: [
      { what: 'mechanisms', count: 2, in: 'iscms_represented.count', quote: null, note: null },
      { what: 'participants', count: 75, in: 'participants', quote: '75 participants', note: null },
    ],
    documents: [],
    note: 'The two ISCMs named (ADD and IGC) took part through Chair and Secretariat presentations (role "speaker").',
  },
  'side-event-2018-09-03': {
    kind: 'side-event',
    inSeries: false,
    mechanism: null,
    online: false,
    participants: [
      { name: 'UAE Ministry of Human Resources and Emiratization', in: 'host', role: 'host', country: 'ARE' },
      IOM_HOST,
      { name: 'Migrant Forum in Asia (MFA)', in: 'host', role: 'host' },
      { name: 'IOM', in: 'iscms_represented.note', role: 'speaker', organization: 'iom' },
      { name: 'UAE', in: 'iscms_represented.note', role: 'speaker', country: 'ARE' },
      { name: 'MFA', in: 'iscms_represented.note', role: 'speaker' },
      { name: 'IOE', in: 'iscms_represented.note', role: 'speaker', organization: 'ioe' },
      { name: 'Egypt', in: 'iscms_represented.note', role: 'speaker', country: 'EGY' },
      { name: 'Jamaica', in: 'iscms_represented.note', role: 'speaker', country: 'JAM' },
      { name: 'Sri Lanka', in: 'iscms_represented.note', role: 'speaker', country: 'LKA' },
      { name: 'ADEPT', in: 'iscms_represented.note', role: 'speaker' },
    ],
    counts: [],
    documents: [],
    unverified: [{ field: 'participants', note: 'Not used: the participant keeps the source\'s "ADEPT", unexpanded.' }],
    note: 'Speakers: the presenters (IOM, UAE, MFA, IOE) and those who "spoke from the floor" (Egypt, Jamaica, Sri Lanka, ADEPT).',
  },
};
