/**
 * Correction item 10 (corrections-2026-12.md): two mechanisms that IOM's research page names among the
 * 25 ISCMs of MRS 45 (2013) and that the researched dataset lacked — the ASEAN Forum on Migrant Labour
 * (AFML) and EUROMED Migration. Every fact below is from a stored public page (read 2026-12), cited by
 * URL; what no page states stays null. Data in, data out: the records are appended to the converted ones.
 */
import type { MechanismOut, MeetingOut, ParticipationOut, SnapshotOutRecord, SourceAdder } from './types.js';

const READ = '2026-12';
const IOM_RESEARCH = 'https://www.iom.int/research-iscms';
const AFML_UNNM = 'https://migrationnetwork.un.org/practice/asean-forum-migrant-labour';
const AFML_10 = 'https://www.gemmagumamela.com/2017/10/the-10th-asean-forum-on-migrant-labour-afml.html';
const AFML_11 = 'http://www.ilo.org/asia/publications/WCMS_713541/lang--en/index.htm';
const AFML_13 =
  'https://socialprotection.org/discover/publications/implementation-recommendations-3rd-12th-asean-forums-migrant-labour-afml';
const AFML_18 = 'https://www.apmigrants.org/apmm/tpf95l5memb3dse9na8hf62em5z86s';
const EMM_ICMPD = 'https://www.icmpd.org/our-work/migration-dialogues/euromed-migration-iv/';
const EMM4 = 'https://south.euneighbours.eu/project/euromed-migration-iv';
const EMM5 = 'https://south.euneighbours.eu/project/euromed-migration-v-emm5/';
const EMM5_NEWS =
  'https://www.icmpd.org/news-centre/news-detail/project-news-euromed-migration-enters-its-fifth-phase/';

const ASEAN10 = [
  ['BRN', 'Brunei'],
  ['KHM', 'Cambodia'],
  ['IDN', 'Indonesia'],
  ['LAO', 'Laos'],
  ['MYS', 'Malaysia'],
  ['MMR', 'Myanmar'],
  ['PHL', 'Philippines'],
  ['SGP', 'Singapore'],
  ['THA', 'Thailand'],
  ['VNM', 'Vietnam'],
] as const;
const EMM4_COUNTRIES = [
  ['DZA', 'Algeria'],
  ['EGY', 'Egypt'],
  ['ISR', 'Israel'],
  ['JOR', 'Jordan'],
  ['LBN', 'Lebanon'],
  ['LBY', 'Libya'],
  ['MAR', 'Morocco'],
  ['PSE', 'Palestine'],
  ['SYR', 'Syria'],
  ['TUN', 'Tunisia'],
] as const;

export interface NewMechanisms {
  mechanisms: MechanismOut[];
  participation: ParticipationOut[];
  snapshots: SnapshotOutRecord[];
  meetings: MeetingOut[];
  organizations: string[];
  /** The line the converter prints for correction item 10. */
  log: string;
}

function meeting(
  fields: Pick<
    MeetingOut,
    'id' | 'mechanism' | 'ordinal' | 'title' | 'start' | 'end' | 'city' | 'country' | 'sources' | 'notes'
  >,
): MeetingOut {
  return {
    series: null,
    kind: 'other',
    online: false,
    host: null,
    theme: null,
    status: 'held',
    participants: [],
    reported_counts: [],
    agenda: [],
    documents: [],
    unverified_fields: [],
    ...fields,
  };
}

function member(mechanism: string, country: string, name: string, fields: Partial<ParticipationOut>): ParticipationOut {
  return {
    id: `${mechanism}/${country}/member/1`,
    mechanism,
    country,
    organization: null,
    party_label: null,
    name_in_source: name,
    role: 'member',
    start: null,
    start_not_before: null,
    start_basis: null,
    end: null,
    end_not_before: null,
    end_cause: null,
    first_attested: null,
    via_group: null,
    verification: 'sourced',
    sources: [],
    note: null,
    attestation: 'list',
    via_bloc: null,
    ...fields,
  };
}

/** No source read gives these mechanisms an official name in another language. */
const NO_OFFICIAL_NAMES = { fr: null, es: null, ar: null, ru: null, zh: null };

export function newMechanisms(add: SourceAdder): NewMechanisms {
  const s = (url: string, title: string): string => add(url, title, READ);
  const research = s(IOM_RESEARCH, 'IOM: Research on ISCMs');

  // ---------------------------------------------------------------- AFML
  const unnm = s(AFML_UNNM, 'UN Network on Migration, Repository of Practices: ASEAN Forum on Migrant Labour');
  const a10 = s(AFML_10, 'The 10th ASEAN Forum on Migrant Labour (AFML) (blog, October 2017)');
  const a11 = s(AFML_11, 'ILO: Implementation of recommendations from the 3rd to 10th AFML (paper for the 11th AFML)');
  const a13 = s(AFML_13, 'socialprotection.org: Implementation of recommendations from the 3rd to 12th AFML');
  const a18 = s(AFML_18, 'APMM attends 18th ASEAN Forum on Migrant Labour');
  const afmlId = 'asean-forum-migrant-labour';
  const afmlSources = [unnm, research, a10, a11, a13, a18];
  const afml: MechanismOut = {
    id: afmlId,
    name: 'ASEAN Forum on Migrant Labour',
    acronym: 'AFML',
    names: [],
    established: 2008,
    common_name: 'ASEAN Forum on Migrant Labour',
    common_name_source: unnm,
    official_names: NO_OFFICIAL_NAMES,
    membership_basis: [],
    region: 'South-East Asia (ASEAN)',
    levels: [
      {
        level: 'rcp',
        start: null,
        end: null,
        end_not_before: null,
        sources: [unnm, research],
        note:
          'The UN Network on Migration calls it "an annual regional labour migration policy forum" of the ASEAN Member States; IOM\'s ' +
          'research page names the AFML among the 25 ISCMs studied in MRS 45 (2013). No IOM page seen gives it a type: "rcp" follows "regional".',
      },
    ],
    statuses: [
      {
        status: 'active',
        start: '2008',
        end: null,
        end_not_before: null,
        confidence: 'high',
        sources: [unnm, a18],
        note: '"Organized annually since 2008" (UN Network on Migration); the 18th AFML was held in Kuala Lumpur on 9-10 September 2025 (APMM).',
      },
    ],
    last_evidence_of_activity: '2025-09',
    structure:
      'An annual forum hosted by the ASEAN Chair, held "in tripartite plus manner" (governments, employers\' organizations, trade ' +
      'unions and civil society organizations), prepared by national and regional preparatory meetings; it adopts Recommendations. ' +
      'Institutionalized under the work plan of the ASEAN Committee on the Implementation of the ASEAN Declaration on the Protection ' +
      'and Promotion of the Rights of Migrant Workers (ACMW).',
    chair_model: 'Hosted by the Chair of ASEAN.',
    secretariat: { text: 'Supported by the ASEAN Secretariat', organization: 'asean' },
    supporting_organizations: ['asean', 'ilo', 'iom', 'un-women'],
    website: null,
    themes: [
      {
        theme: 'labour-migration',
        wording: 'labour migration governance from recruitment to decent working conditions',
      },
      {
        theme: 'human-rights',
        wording: 'protection and promotion of the rights of migrant workers (Cebu Declaration)',
      },
    ],
    membership_note:
      "The UN Network on Migration: governments, employers' organizations, trade unions and civil society organizations " +
      '"from ten ASEAN Member States" take part. The members recorded are the ten ASEAN Member States as named in a report of the 10th ' +
      'AFML (2017).',
    members_complete: null,
    member_groups: [{ name: 'ASEAN Member States', note: null }],
    key_outputs: [],
    unverified_fields: [],
    sources: afmlSources,
    notes:
      'The ASEAN Forum on Migrant Labour is an annual regional forum on labour migration policy whose objective is to advance the ' +
      'implementation of the 2007 ASEAN Declaration on the Protection and Promotion of the Rights of Migrant Workers (Cebu Declaration).',
  };
  const afmlMembers = ASEAN10.map(([c, n]) =>
    member(afmlId, c, n, {
      via_group: 'ASEAN Member States',
      sources: [unnm, a10],
      first_attested: '2017-10-25',
      attestation: 'participation',
      note: 'An ASEAN Member State: the sources say the governments of the ten ASEAN Member States take part.',
    }),
  );
  const afmlSnapshot: SnapshotOutRecord = {
    id: `${afmlId}/member/2017-10-25`,
    mechanism: afmlId,
    as_of: '2017-10-25',
    role: 'member',
    list_type: 'attendance',
    complete: true,
    stated_count: 10,
    source: a10,
    member_groups: [{ name: 'ASEAN Member States', note: null }],
    note: '"The delegations came from 10 member ASEAN countries"; the report names the ten ASEAN Member States.',
    parties: ASEAN10.map(([c, n]) => ({ country: c, organization: null, name_in_source: n, note: null })),
  };
  const afmlMeetings = [
    meeting({
      id: `${afmlId}-2017-10th-afml`,
      mechanism: afmlId,
      ordinal: 10,
      title: '10th ASEAN Forum on Migrant Labour',
      start: '2017-10-25',
      end: '2017-10-26',
      city: 'Manila',
      country: 'PHL',
      sources: [a10],
      notes: 'Theme: "Towards Achieving Decent Work for Domestic Workers in ASEAN".',
    }),
    meeting({
      id: `${afmlId}-2018-11th-afml`,
      mechanism: afmlId,
      ordinal: 11,
      title: '11th ASEAN Forum on Migrant Labour',
      start: '2018-10-29',
      end: '2018-10-30',
      city: 'Singapore',
      country: 'SGP',
      sources: [a11],
      notes: null,
    }),
    meeting({
      id: `${afmlId}-2020-13th-afml`,
      mechanism: afmlId,
      ordinal: 13,
      title: '13th ASEAN Forum on Migrant Labour',
      start: '2020-11-10',
      end: '2020-11-12',
      city: null,
      country: 'VNM',
      sources: [a13],
      notes: 'Held "on the 10 and 12 November 2020 in Viet Nam and online".',
    }),
    meeting({
      id: `${afmlId}-2025-18th-afml`,
      mechanism: afmlId,
      ordinal: 18,
      title: '18th ASEAN Forum on Migrant Labour',
      start: '2025-09-09',
      end: '2025-09-10',
      city: 'Kuala Lumpur',
      country: 'MYS',
      sources: [a18],
      notes:
        'Theme: "Accelerating Action Towards Sustainable Development Goals (SDGs) on Safe Migration and Decent Work for Migrant Workers in ASEAN".',
    }),
  ];

  // ---------------------------------------------------------------- EUROMED Migration
  const icmpd = s(EMM_ICMPD, 'ICMPD: EUROMED Migration IV');
  const emm4 = s(EMM4, 'EU Neighbours South: EUROMED Migration IV');
  const emm5 = s(EMM5, 'EU Neighbours South: EUROMED Migration V (EMM5)');
  const emm5News = s(EMM5_NEWS, 'ICMPD: EUROMED Migration enters its fifth phase (11 December 2020)');
  const emmId = 'euromed-migration';
  const emm: MechanismOut = {
    id: emmId,
    name: 'EUROMED Migration',
    acronym: null,
    common_name: 'EUROMED Migration',
    common_name_source: icmpd,
    official_names: NO_OFFICIAL_NAMES,
    membership_basis: [],
    names: [
      { name: 'EUROMED Migration IV', kind: 'former', note: 'The 2016-2019 phase (EMM4).' },
      { name: 'EUROMED Migration V', kind: 'alias', note: 'The phase from 1 December 2020 (EMM5).' },
      { name: 'EuroMed', kind: 'alias', note: "As IOM's research page names it." },
    ],
    established: 2004,
    region: 'Euro-Mediterranean: EU Member States and the Southern Partner Countries of the European Neighbourhood',
    levels: [
      {
        level: 'irf',
        start: null,
        end: null,
        end_not_before: null,
        sources: [icmpd, research],
        note:
          'ICMPD: a "North-South and South-South regional co-operation dialogue" between EU Member States and the ENI Southern Partner ' +
          'Countries; IOM\'s research page names "EuroMed" among the 25 ISCMs studied in MRS 45 (2013). No IOM page seen gives it a type: ' +
          '"irf" follows the two regions it brings together.',
      },
    ],
    statuses: [
      {
        status: 'active',
        start: '2004',
        end: null,
        end_not_before: null,
        confidence: 'low',
        sources: [icmpd, emm5, emm5News],
        note:
          'A programme in phases: I-III 2004-2015 and IV 2016-2019 (ICMPD); "As of 1 December 2020, the EUROMED Migration programme ' +
          'becomes EUROMED Migration V" (ICMPD), a 2020-2023 phase (EU Neighbours). No later phase or activity was found in the sources read.',
      },
    ],
    last_evidence_of_activity: '2020-12',
    structure:
      'An EU-financed programme implemented by ICMPD in successive phases; EUROMED Migration IV had two pillars (regional ' +
      'dialogue and co-operation; capacity-building with national training and small-scale actions) and EUROMED Migration V three ' +
      'components (dialogue, knowledge, communications).',
    chair_model: null,
    secretariat: { text: 'Implemented by ICMPD; financed by the European Union', organization: 'icmpd' },
    supporting_organizations: ['icmpd', 'european-union'],
    website: null,
    themes: [
      { theme: 'regular-migration', wording: 'legal migration' },
      { theme: 'irregular-migration', wording: 'irregular migration' },
      { theme: 'migration-development', wording: 'migration and development' },
      { theme: 'asylum-protection', wording: 'international protection' },
      { theme: 'migration-governance', wording: 'migration governance' },
    ],
    membership_note:
      'EU Neighbours lists the countries each phase covers: for EUROMED Migration IV "Algeria, Egypt, Israel, Jordan, ' +
      'Lebanon, Libya, Morocco, Palestine, Syria, Tunisia and EU Member States (Due to the current situation, the participation of Libya ' +
      'and Syria is on hold)"; for EUROMED Migration V the same without Syria. The EU Member States are not named one by one, so they ' +
      'are not recorded as rows.',
    members_complete: false,
    member_groups: [{ name: 'EU Member States', note: 'Not named one by one by the sources read.' }],
    key_outputs: [],
    unverified_fields: [],
    sources: [icmpd, research, emm4, emm5, emm5News],
    notes:
      'EUROMED Migration is a dialogue and co-operation programme on migration, mobility and international protection between the ' +
      "EU Member States and the European Neighbourhood's Southern Partner Countries, and among those countries, financed by the European " +
      'Union and implemented by ICMPD.',
  };
  const emmMembers = EMM4_COUNTRIES.map(([c, n]) => {
    const syria = c === 'SYR';
    const onHold = c === 'SYR' || c === 'LBY';
    return member(emmId, c, n, {
      sources: [emm4, emm5],
      first_attested: '2016',
      ...(syria ? { end: '2020-12', end_not_before: '2016', end_cause: 'unknown' as const } : {}),
      note: [
        'A Southern Partner Country covered by the programme (EU Neighbours).',
        onHold ? 'For EUROMED Migration IV its participation was "on hold".' : null,
        syria ? 'Not among the countries EUROMED Migration V (from December 2020) covers.' : null,
      ]
        .filter((x) => x !== null)
        .join(' '),
    });
  });
  const emmSnapshots: SnapshotOutRecord[] = [
    {
      id: `${emmId}/member/2016`,
      mechanism: emmId,
      as_of: '2016',
      role: 'member',
      list_type: 'membership_list',
      complete: false,
      stated_count: null,
      source: emm4,
      member_groups: [{ name: 'EU Member States', note: null }],
      note: 'Countries covered by EUROMED Migration IV (2016-2019); the EU Member States are not named.',
      parties: EMM4_COUNTRIES.map(([c, n]) => ({ country: c, organization: null, name_in_source: n, note: null })),
    },
    {
      id: `${emmId}/member/2020-12`,
      mechanism: emmId,
      as_of: '2020-12',
      role: 'member',
      list_type: 'membership_list',
      complete: false,
      stated_count: null,
      source: emm5,
      member_groups: null,
      note: 'Countries covered by EUROMED Migration V (2020-2023).',
      parties: EMM4_COUNTRIES.filter(([c]) => c !== 'SYR').map(([c, n]) => ({
        country: c,
        organization: null,
        name_in_source: n,
        note: null,
      })),
    },
  ];

  return {
    mechanisms: [afml, emm],
    participation: [...afmlMembers, ...emmMembers],
    snapshots: [afmlSnapshot, ...emmSnapshots],
    meetings: afmlMeetings,
    organizations: ['asean', 'ilo', 'iom', 'un-women', 'icmpd', 'european-union'],
    log:
      `correction 10 new mechanisms: ${afmlId} (${afmlMembers.length} members, ${afmlMeetings.length} meetings) and ${emmId} ` +
      `(${emmMembers.length} partner countries; EU Member States not named) [${[...new Set([...afmlSources, ...emm.sources])].join(', ')}]`,
  };
}
