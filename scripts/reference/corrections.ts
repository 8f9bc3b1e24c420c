/**
 * The corrections of December 2026 (../shared/data/reference/corrections-2026-12.md, items 1-13):
 * data in, data out. Each correction names its item, records its source URLs as sources (read
 * 2026-12), changes the converted records in place, and returns one line for the converter's report.
 * A correction whose target is missing or already differs from what it expects fails the run, so a
 * change upstream cannot be silently "corrected" twice.
 */
import { createHash } from 'node:crypto';
import {
  addUnique,
  appendNote,
  type MechanismOut,
  type MeetingOut,
  type ParticipationOut,
  type SnapshotOutRecord,
  type SourceAdder,
} from './types.js';

export const CORRECTIONS_READ = '2026-12';

export interface CorrectionData {
  mechanisms: MechanismOut[];
  participation: ParticipationOut[];
  snapshots: SnapshotOutRecord[];
  meetings: MeetingOut[];
}

interface Correction {
  item: number;
  target: string;
  apply(d: CorrectionData, src: (url: string, title: string) => string): string;
}

/** The id the converter gives a URL's source (as SourceRegistry.idOf), to drop a citation without re-registering it. */
function sourceId(url: string): string {
  return `src-${createHash('sha1').update(url).digest('hex').slice(0, 10)}`;
}

function fail(message: string): never {
  throw new Error(`corrections: ${message}`);
}

function mechanism(d: CorrectionData, id: string): MechanismOut {
  return d.mechanisms.find((m) => m.id === id) ?? fail(`no mechanism ${id}`);
}

function row(
  d: CorrectionData,
  mech: string,
  party: string,
  role: ParticipationOut['role'] = 'member',
): ParticipationOut {
  const rows = d.participation.filter(
    (p) => p.mechanism === mech && p.role === role && (p.country === party || p.organization === party),
  );
  if (rows.length !== 1) fail(`${mech}/${party}/${role}: expected one row, found ${rows.length}`);
  return rows[0] as ParticipationOut;
}

function noRow(d: CorrectionData, mech: string, party: string, role: ParticipationOut['role']): void {
  if (
    d.participation.some(
      (p) => p.mechanism === mech && p.role === role && (p.country === party || p.organization === party),
    )
  ) {
    fail(`${mech}/${party}/${role} already exists`);
  }
}

function newRow(
  fields: Partial<ParticipationOut> & Pick<ParticipationOut, 'id' | 'mechanism' | 'role' | 'sources' | 'note'>,
): ParticipationOut {
  return {
    country: null,
    organization: null,
    party_label: null,
    name_in_source: null,
    start: null,
    start_not_before: null,
    start_basis: null,
    end: null,
    end_not_before: null,
    end_cause: null,
    first_attested: null,
    via_group: null,
    verification: 'sourced',
    via_bloc: null,
    ...fields,
    // A correction's source states the fact (no membership list names the row), unless the row is an inference.
    attestation: fields.attestation ?? (fields.verification === 'unverified' ? 'none' : 'event'),
  };
}

const IOM_ACP_EU =
  'https://www.iom.int/african-caribbean-and-pacific-group-states-acp-european-union-eu-dialogue-migration';
const EMM_IRF =
  'https://emm.iom.int/index.php/handbooks/inter-state-policy-dialogue-migration/interregional-forums-migration-irf';
const ASEM_2004 = ['CYP', 'CZE', 'EST', 'HUN', 'LVA', 'LTU', 'MLT', 'POL', 'SVK', 'SVN', 'KHM', 'LAO', 'MMR'];
const ASEM_STARTS: [string[], string][] = [
  [ASEM_2004, '2004'],
  [['AUS', 'NZL', 'RUS'], '2010'],
  [['BGD', 'NOR', 'CHE'], '2012'],
  [['HRV', 'KAZ'], '2014'],
];
const PRAGUE_2012 = [
  'ARM',
  'AZE',
  'BLR',
  'BGR',
  'CZE',
  'MKD',
  'GEO',
  'DEU',
  'HUN',
  'XKX',
  'MDA',
  'POL',
  'ROU',
  'RUS',
  'SRB',
  'SVK',
  'SWE',
];

export const CORRECTIONS: Correction[] = [
  {
    item: 1,
    target: 'colombo-process/AFG',
    apply(d, src) {
      const r = row(d, 'colombo-process', 'AFG');
      if (r.start !== '2014-10') fail(`colombo-process/AFG start is ${r.start}, expected 2014-10`);
      const dated2014 = sourceId('http://www.colomboprocess.org/media-centre/201410');
      const ids = [
        src(
          'https://iom.int/news/ministerial-consultation-contractual-labour-opens-next-week',
          'IOM: Ministerial consultation on contractual labour opens next week (2008)',
        ),
        src(
          'http://www.colomboprocess.org/index.php?option=com_content&view=article&id=46&Itemid=29',
          'Colombo Process: the Abu Dhabi Dialogue',
        ),
        src(
          'https://iom.int/news/abu-dhabi-dialogue-concludes-declaration-paving-way-better-management-temporary-contractual-labour-mobility',
          'IOM: Abu Dhabi Dialogue concludes with declaration (January 2008)',
        ),
      ];
      r.start = null;
      r.start_basis = null;
      r.first_attested = '2008-01-21';
      // The lists that name the row stay; the 2014 list no longer dates it: the page naming Afghanistan in 2008 does.
      // (The two IOM releases of 2008 give the context — eleven States, 20 at Abu Dhabi — without naming it: not cited.)
      r.sources = r.sources.filter((id) => id !== dated2014);
      addUnique(r.sources, ids[1]!);
      r.note = appendNote(
        r.note,
        'Correction (Dec 2026): a member by January 2008 — the Colombo Process site names Afghanistan among "the eleven ' +
          'countries of origin" brought together at the Abu Dhabi Dialogue (21 Jan 2008); the start is unknown, not 2014-10.',
      );
      return 'start 2014-10 → unknown; first attested 2008-01-21';
    },
  },
  {
    item: 2,
    target: 'colombo-process/KHM',
    apply(d, src) {
      const r = row(d, 'colombo-process', 'KHM');
      if (r.start !== '2018-01') fail(`colombo-process/KHM start is ${r.start}, expected 2018-01`);
      const id = src(
        'http://lankamission.org/index.php/migration.html?start=28',
        'Permanent Mission of Sri Lanka, Geneva: migration (5th Ministerial, 2016)',
      );
      r.start = '2016-08-25';
      r.start_basis = 'stated';
      // The count-only list of 2018-01 dated the old start; the 2016 statement dates the new one.
      r.sources = r.sources.filter((s) => s !== sourceId('https://www.colomboprocess.org/about-the-colombo-process'));
      addUnique(r.sources, id);
      r.note = appendNote(
        r.note,
        'Correction (Dec 2026): at the 5th Ministerial Meeting, 25 Aug 2016, "Cambodia was admitted as a new Member".',
      );
      return 'start 2018-01 → 2016-08-25';
    },
  },
  {
    item: 3,
    target: 'eu-celac-migration-dialogue/GBR',
    apply(d, src) {
      noRow(d, 'eu-celac-migration-dialogue', 'GBR', 'member');
      const id = src(EMM_IRF, 'IOM EMM handbook: Interregional forums on migration (IRF)');
      d.participation.push(
        newRow({
          id: 'eu-celac-migration-dialogue/GBR/member/1',
          mechanism: 'eu-celac-migration-dialogue',
          country: 'GBR',
          name_in_source: 'United Kingdom',
          role: 'member',
          start: '2009',
          start_basis: 'founding',
          end: '2020-02-01',
          end_cause: 'left',
          via_group: 'EU Member States',
          sources: [id],
          note:
            'Correction (Dec 2026): a member as an EU Member State until Brexit. The EMM handbook: "When the United Kingdom left the ' +
            'European Union … these countries ceased to be members of the EU–CELAC Migration Dialogue".',
        }),
      );
      return 'GBR member [2009, 2020-02-01), end cause left';
    },
  },
  {
    item: 4,
    target: 'acp-eu-dialogue-migration-development/GBR',
    apply(d, src) {
      noRow(d, 'acp-eu-dialogue-migration-development', 'GBR', 'member');
      src(IOM_ACP_EU, 'IOM: ACP-EU Dialogue on Migration and Development');
      d.participation.push(
        newRow({
          id: 'acp-eu-dialogue-migration-development/GBR/member/1',
          mechanism: 'acp-eu-dialogue-migration-development',
          country: 'GBR',
          name_in_source: 'United Kingdom',
          role: 'member',
          start: '2010',
          start_basis: 'parent_body',
          end: '2020-02-01',
          end_cause: 'left',
          via_group: 'EU Member States',
          verification: 'unverified',
          sources: [], // no source names it: cites nothing
          note:
            'Correction (Dec 2026), inferred: the United Kingdom was an EU Member State while the dialogue ran, until 31 Jan 2020; ' +
            `IOM's current page (${IOM_ACP_EU}) lists "27 EU Member States", i.e. after Brexit. No source names the United Kingdom.`,
        }),
      );
      return 'GBR member [2010, 2020-02-01), end cause left (inferred, unverified)';
    },
  },
  {
    item: 5,
    target: 'asem-conference-directors-general-immigration (accession years)',
    apply(d, src) {
      const ids = [
        src('http://aseic.org/asem/about.do', 'ASEIC: About ASEM (enlargements by summit)'),
        src(
          'http://eeas.europa.eu/archives/delegations/australia/more_info/asem/index_en.htm',
          'EEAS: Asia Europe Meeting (ASEM)',
        ),
      ];
      let n = 0;
      for (const [codes, year] of ASEM_STARTS) {
        for (const c of codes) {
          const r = row(d, 'asem-conference-directors-general-immigration', c);
          if (r.start !== null) fail(`asem/${c} start is ${r.start}, expected unknown`);
          r.start = year;
          r.start_basis = 'parent_body';
          addUnique(r.sources, ...ids);
          r.note = appendNote(r.note, `Correction (Dec 2026): joined ASEM at its ${year} summit (ASEIC; EEAS).`);
          n += 1;
        }
      }
      return `${n} rows dated by ASEM accession (2004: ${ASEM_2004.length}; 2010: AUS, NZL, RUS; 2012: BGD, NOR, CHE; 2014: HRV, KAZ)`;
    },
  },
  {
    item: 6,
    target: 'au-horn-of-africa-initiative',
    apply(d, src) {
      const m = mechanism(d, 'au-horn-of-africa-initiative');
      if (m.last_evidence_of_activity !== '2016-06') fail(`AU-HoAI last evidence is ${m.last_evidence_of_activity}`);
      const id = src(
        'https://ethiopia.iom.int/news/building-synergy-counter-trafficking-and-smuggling-horn-africa',
        'IOM Ethiopia: Building synergy to counter trafficking and smuggling in the Horn of Africa',
      );
      m.last_evidence_of_activity = '2019-05';
      addUnique(m.sources, id);
      m.notes = appendNote(
        m.notes,
        'Last evidence of activity (Dec 2026): a workshop "took place this week (20 – 22 May)", after IGAD\'s ' +
          'acceptance as a member in 2018 (IOM Ethiopia; the year 2019 is inferred).',
      );
      noRow(d, 'au-horn-of-africa-initiative', 'igad', 'member');
      d.participation.push(
        newRow({
          id: 'au-horn-of-africa-initiative/igad/member/1',
          mechanism: 'au-horn-of-africa-initiative',
          organization: 'igad',
          name_in_source: 'IGAD',
          role: 'member',
          start: '2018',
          start_basis: 'stated',
          sources: [id],
          note:
            'Correction (Dec 2026): "IGAD\'s formal acceptance to become a member of the AU-HoAI in 2018" (IOM Ethiopia). ' +
            'IGAD is also listed as a partner organisation.',
        }),
      );
      return 'last evidence of activity 2016-06 → 2019-05; IGAD member organisation from 2018';
    },
  },
  {
    item: 7,
    target: 'budapest-process (level)',
    apply(d, src) {
      const m = mechanism(d, 'budapest-process');
      const [rcp, irf] = m.levels;
      if (m.levels.length !== 2 || rcp?.level !== 'rcp' || irf?.level !== 'irf' || rcp.end !== '2026-11')
        fail('Budapest levels changed upstream');
      const id = src('https://www.iom.int/budapest-process', 'IOM: Budapest Process');
      rcp.end = '2020';
      irf.start = '2020';
      addUnique(rcp.sources, id);
      addUnique(irf.sources, id);
      const why =
        'Correction (Dec 2026), inferred bound: IOM\'s page typing it "Interregional forum on migration (regions covered: ' +
        'Europe and Asia)" was written after February 2019 (it gives the February 2019 conference as its "current focus" and counts ' +
        '"more than 25 years" since 1993); it is undated, and read as written by 2020.';
      rcp.note = appendNote(rcp.note, why);
      irf.note = appendNote(irf.note, why);
      return 'rcp → irf transition: latest possible end 2026-11 → 2020 (inferred), not before 2017';
    },
  },
  {
    item: 8,
    target: 'bali-process (observers)',
    apply(d, src) {
      const m = mechanism(d, 'bali-process');
      const observers = d.participation.filter(
        (p) => p.mechanism === 'bali-process' && p.role === 'observer' && p.end === null,
      );
      const id = src(
        'https://baliprocess.dev.juicebox.com.au/about/about-the-bali-process',
        'Bali Process: About the Bali Process',
      );
      (m as MechanismOut & { observers_complete: boolean | null }).observers_complete = false;
      addUnique(m.sources, id);
      m.membership_note = appendNote(
        m.membership_note,
        `Observers (Dec 2026): the source has "18 Observer States and nine Observer ` +
          `Organisations"; ${observers.length} are recorded here, so the observer list is incomplete.`,
      );
      return `observer list marked incomplete (${observers.length} recorded of 18 states and 9 organisations)`;
    },
  },
  {
    item: 9,
    target: 'tripoli-process (members)',
    apply(d, src) {
      const m = mechanism(d, 'tripoli-process');
      const members = d.participation.filter((p) => p.mechanism === 'tripoli-process' && p.role === 'member').length;
      const id = src(
        'https://www.iom.int/tripoli-process-joint-africa-eu-declaration-migration-and-development',
        'IOM: Tripoli Process (Joint Africa-EU Declaration on Migration and Development)',
      );
      m.members_complete = false;
      addUnique(m.sources, id);
      m.membership_note = appendNote(
        m.membership_note,
        `Members (Dec 2026): ${members} recorded against IOM's "82 Members (53 AU Member ` +
          'States and 28 EU Member States)"; the list is incomplete (EU members likely missing, inferred: IRL, ITA, LVA, POL, PRT, ROU).',
      );
      return `members_complete false (${members} rows against IOM's 82)`;
    },
  },
  {
    item: 11,
    target: 'rabat-process/ISL',
    apply(d, src) {
      noRow(d, 'rabat-process', 'ISL', 'member');
      const id = src(
        'http://www.icmpd.org/our-work/migration-dialogues/rabat-process/participants/',
        'ICMPD: Rabat Process participants',
      );
      d.participation.push(
        newRow({
          id: 'rabat-process/ISL/member/1',
          mechanism: 'rabat-process',
          country: 'ISL',
          name_in_source: 'Iceland',
          role: 'member',
          sources: [id],
          attestation: 'list',
          note:
            'Correction (Dec 2026). Conflict: ICMPD lists "Iceland" among the European members; rabat-process.org\'s list does not. ' +
            'Period unknown: neither source dates the membership or says whether it continues.',
        }),
      );
      return 'ISL member, period unknown, conflict noted (ICMPD lists it, rabat-process.org does not)';
    },
  },
  {
    item: 12,
    target: 'grcp-6 (count)',
    apply(d, src) {
      const m = d.meetings.find((x) => x.id === 'grcp-6') ?? fail('no grcp-6');
      const count =
        m.reported_counts.find((c) => c.what === 'mechanisms' && c.count === 19) ?? fail('grcp-6 has no count of 19');
      const id = src(
        'http://thedailyripple.org/index.php/component/content/article/83-displaced-people/171259-iom-hosts-6th-global-meeting-of-regional-consultative-processes-on-migration',
        'IOM hosts 6th Global Meeting of Regional Consultative Processes on Migration (reprint of the IOM release)',
      );
      count.sources = [id];
      count.note =
        '19 ISCMs (RCPs, IRFs and global dialogues), plus regional economic organizations and UN regional economic commissions. ' +
        'The IOM release reprint states: "The meeting brought together representatives of 19 Inter-State Consultation Mechanisms on migration (ISCMs)".';
      return 'count 19 cites its one source';
    },
  },
  {
    item: 13,
    target: 'prague-process (2012 attestation)',
    apply(d, src) {
      const id = src(
        'https://www.pragueprocess.eu/en/news-events/news/12-',
        'Prague Process: news of 20 November 2012',
      );
      const snapId = 'prague-process/member/2012-11-20';
      if (d.snapshots.some((s) => s.id === snapId)) fail(`${snapId} exists`);
      d.snapshots.push({
        id: snapId,
        mechanism: 'prague-process',
        as_of: '2012-11-20',
        role: 'member',
        list_type: 'attendance',
        complete: false,
        stated_count: null,
        source: id,
        note:
          'Added by the corrections of December 2026: the States a dated Prague Process list of ' +
          '20 Nov 2012 names.',
        member_groups: null,
        parties: PRAGUE_2012.map((c) => ({ country: c, organization: null, name_in_source: null, note: null })),
      });
      d.snapshots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const c of PRAGUE_2012) {
        const r = row(d, 'prague-process', c);
        if (r.first_attested !== '2018') fail(`prague-process/${c} first attested ${r.first_attested}, expected 2018`);
        r.first_attested = '2012-11-20';
        addUnique(r.sources, id);
      }
      return `first attested 2018 → 2012-11-20 for ${PRAGUE_2012.length} States`;
    },
  },
];

/** Applies items 1-9 and 11-13 in order (item 10, the two new mechanisms, is in new-mechanisms.ts). */
export function applyCorrections(d: CorrectionData, addSource: SourceAdder): string[] {
  const log: string[] = [];
  // `observers_complete` (new in December 2026): null = not stated; item 8 sets it for the Bali Process.
  for (const m of d.mechanisms)
    (m as MechanismOut & { observers_complete?: boolean | null }).observers_complete ??= null;
  for (const c of CORRECTIONS) {
    const used: string[] = [];
    const line = c.apply(d, (url, title) => {
      const id = addSource(url, title, CORRECTIONS_READ);
      used.push(id);
      return id;
    });
    log.push(`correction ${c.item} ${c.target}: ${line} [${[...new Set(used)].join(', ')}]`);
  }
  d.participation.sort((a, b) =>
    a.mechanism < b.mechanism ? -1 : a.mechanism > b.mechanism ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return log;
}
