/** Names (aliases and former names) and the level/status histories of the mechanisms. */
import type { RawMechanism } from './input.js';
import type { LevelInterval, Mechanism, StatusInterval } from './model.js';
import { ACCESSED } from './util.js';

// ---------------------------------------------------------------------------------------------
// Names (aliases): "former" where the alias or the research notes say it is a former name
// ---------------------------------------------------------------------------------------------

/** Aliases that the research notes (not the alias itself) identify as former names. */
export const FORMER_BY_NOTES: Record<string, Record<string, string>> = {
  midcom: {
    'COMESA-RCP':
      'Former name (IOM list: "MIDCOM [formerly COMESA RCP]"; first meeting under the MIDCOM name, July 2017).',
    'COMESA Regional Consultative Process on Migration':
      'Former name (IOM list: "MIDCOM [formerly COMESA RCP]"; first meeting under the MIDCOM name, July 2017).',
  },
  'africa-eu-migration-mobility-dialogue': {
    'Africa-EU Partnership on Migration, Mobility and Employment (MME)':
      "Name used 2007-2013 (record notes: 'MME partnership' (2007-2013)).",
    'MME Partnership': "Name used 2007-2013 (record notes: 'MME partnership' (2007-2013)).",
  },
  'eastern-partnership-panel-migration-mobility-ibm': {
    'Cross-Border Co-operation Process (CBCP)':
      'Other name of the Söderköping Process (Refworld: "Söderköping/Cross-Border Cooperation Process"), the predecessor (2001-2011).',
  },
  ocam: {
    'Organización Centroamericana de Migración':
      'Spanish form of the original name ("Central American Organization of Migration (original name)").',
  },
};

export function convertNames(m: RawMechanism): Mechanism['names'] {
  const overrides = FORMER_BY_NOTES[m.id] ?? {};
  return m.aliases.map((alias) => {
    const byNotes = overrides[alias];
    if (byNotes !== undefined) return { name: alias, kind: 'former' as const, note: byNotes };
    const paren = /^(.*\S)\s*\(([^()]*)\)$/.exec(alias);
    if (paren !== null) {
      const base = paren[1] as string;
      const inner = (paren[2] as string).trim();
      if (/^(former|former name|earlier name|original name)$/i.test(inner)) {
        return { name: base, kind: 'former' as const, note: `Marked "(${inner})" by the source.` };
      }
      if (/^\d{4}(-\d{4}(\/\d{4})?)?$/.test(inner)) {
        return { name: base, kind: 'former' as const, note: `Name used ${inner} (source wording).` };
      }
      if (/^name from recall$/i.test(inner)) {
        return { name: base, kind: 'alias' as const, note: 'Name from recall (unverified).' };
      }
    }
    return { name: alias, kind: 'alias' as const, note: null };
  });
}

// ---------------------------------------------------------------------------------------------
// Level and status histories: defaults, plus hand-written histories (with quoted basis)
// ---------------------------------------------------------------------------------------------

export type LevelSpec = Omit<LevelInterval, 'sources'> & { sourceUrls: string[] | 'mechanism' };
export type StatusSpec = Omit<StatusInterval, 'sources' | 'confidence'>;

export const LEVEL_OVERRIDES: Record<string, LevelSpec[]> = {
  'budapest-process': [
    {
      level: 'rcp',
      start: null,
      end: ACCESSED,
      end_not_before: '2017',
      note:
        "Listed as an RCP on iom.int/rcps-region and in IOM's 'Overview of principal RCPs/ISCMs' tables of 2013, 2015 and 2017 " +
        "(iom_classification: \"iom.int/rcps-region and IOM 'Overview of principal RCPs/ISCMs' tables (2013, 2015, 2017) list it as an RCP " +
        '(Europe and former Soviet Union)"). The change to IRF happened after 2017 (end_not_before); no dated evidence of the IRF label ' +
        'is in the input, so end is the latest possible date: the month the current iom.int page was read (2026-11).',
      sourceUrls: [
        'https://www.yumpu.com/en/document/view/22344016/overview-of-principal-rcps-international-organization-for-migration',
        'https://vdocuments.net/overview-of-principal-rcps-february-2015.html',
        'https://fdocuments.us/document/overview-of-principal-iscms-2017-the-red-cross-icrc-the-regional-network-for-civil.html',
        'https://www.iom.int/rcps-region',
      ],
    },
    {
      level: 'irf',
      start: ACCESSED,
      end: null,
      end_not_before: null,
      note:
        "Current iom.int page: 'Interregional forum on migration (regions covered: Europe and Asia)'; the EMM handbook (undated) also " +
        'names it an IRF. Start is the latest possible date (page read 2026-11), not the date of reclassification, which the input does ' +
        'not give (it lies between 2017 and 2026-11).',
      sourceUrls: [
        'https://www.iom.int/budapest-process',
        'https://emm.iom.int/index.php/handbooks/inter-state-policy-dialogue-migration/interregional-forums-migration-irf',
      ],
    },
  ],
};

export const STATUS_OVERRIDES: Record<string, StatusSpec[]> = {
  'berne-initiative': [
    {
      status: 'active',
      start: '2001',
      end: '2004',
      end_not_before: null,
      note: 'From establishment (2001) until its conclusion in 2004.',
    },
    {
      status: 'concluded',
      start: '2004',
      end: null,
      end_not_before: null,
      note: 'Source: "\'The Berne Initiative is concluded as of 2004\' with the finalisation of the International Agenda for Migration Management (IAMM)."',
    },
  ],
  'global-commission-international-migration': [
    {
      status: 'active',
      start: '2003',
      end: '2006-01-01',
      end_not_before: null,
      note: 'Source: "Launched 9 Dec 2003 in Geneva; began work 1 Jan 2004; finished its work on 31 Dec 2005 after presenting its report (Oct 2005)."',
    },
    {
      status: 'concluded',
      start: '2006-01-01',
      end: null,
      end_not_before: null,
      note: 'Concluded from the day after it "finished its work on 31 Dec 2005".',
    },
  ],
  'un-high-level-dialogue-international-migration-development': [
    {
      status: 'active',
      start: '2006',
      end: '2018',
      end_not_before: null,
      note: 'Source: "Held twice (14-15 Sept 2006; 3-4 Oct 2013)."',
    },
    {
      status: 'concluded',
      start: '2018',
      end: null,
      end_not_before: null,
      note:
        'Source: "By A/RES/73/195 (2018) the HLD, scheduled every fourth GA session, was repurposed and renamed the International Migration ' +
        "Review Forum.\" (IOM calls it 'now dormant'; the input classes it as concluded.)",
    },
  ],
  'acp-eu-dialogue-migration-development': [
    {
      status: 'active',
      start: '2010',
      end: '2020',
      end_not_before: null,
      note: 'From its launch (2010) until it became dormant in 2020.',
    },
    {
      status: 'dormant',
      start: '2020',
      end: null,
      end_not_before: null,
      note:
        'Source (IOM): "\'Until the new agreement is concluded, the ACP-EU MD is dormant as of 2020.\'" The Samoa Agreement applies ' +
        'provisionally from 1 Jan 2024; no source read shows the Dialogue resumed. Input status "inactive".',
    },
  ],
  midcas: [
    {
      status: 'active',
      start: '2012',
      end: '2016',
      end_not_before: null,
      note: 'Established 2012 (Brazzaville), endorsed formally 2014, adopted by ECCAS 2015.',
    },
    {
      status: 'dormant',
      start: '2016',
      end: null,
      end_not_before: null,
      note: 'Source (IOM): "\'The MIDCAS has been dormant and inactive since 2016.\'" Input status "inactive".',
    },
  ],
  'cis-conference': [
    {
      status: 'active',
      start: '1996',
      end: '2005',
      end_not_before: null,
      note: 'Follow-up process (1996-2000) extended for a further five years after a 2000 IOM/UNHCR assessment.',
    },
    {
      status: 'concluded',
      start: '2005',
      end: null,
      end_not_before: null,
      note: 'Source (IOM): "\'In 2005, it was decided to conclude the CIS Conference. The CIS Conference is no longer active.\'"',
    },
  ],
  apc: [
    {
      status: 'active',
      start: '1996',
      end: null,
      end_not_before: '2011',
      note:
        'Source: "No activity found after c. 2011 (apcprocess.net last updated 28 Nov 2011); attended the 2009 Global RCP meeting and was ' +
        'reviewed in IOM MRS 38 (2010) and MRS 45 (2013). Not on IOM\'s current RCP list. Exact end date unknown." end_not_before = the last ' +
        'evidence of activity; end unknown (no dated evidence of inactivity).',
    },
    {
      status: 'dormant',
      start: null,
      end: null,
      end_not_before: null,
      note:
        'Start unknown: the date the APC became inactive is not given by any source (it lies after c. 2011). Input status "inactive", itself ' +
        'inferred from absence of activity (from_recall: "status").',
    },
  ],
  'manila-process': [
    {
      status: 'active',
      start: '1996',
      end: null,
      end_not_before: '2003',
      note:
        'Source: "Named by IOM (MC/INF/266, 2003) among processes established in 1996 and analysed in IOM MRS 3 (2001); absent from later IOM ' +
        'RCP lists. End date unknown." end_not_before = the last evidence (2003); end unknown.',
    },
    {
      status: 'dormant',
      start: null,
      end: null,
      end_not_before: null,
      note: 'Start unknown: no source dates the end of activity (after 2003). Input status "inactive"; the status is from recall (from_recall: "status").',
    },
  ],
  'tripoli-process': [
    {
      status: 'active',
      start: '2006',
      end: null,
      end_not_before: '2006',
      note:
        'Founding Ministerial Conference and Declaration, Tripoli, 22-23 Nov 2006. Source: "No separate Tripoli Process meetings found after ' +
        '2006; treated as superseded by the MME/C2CMMD." end_not_before = the last evidence of activity (2006); end unknown.',
    },
    {
      status: 'dormant',
      start: null,
      end: null,
      end_not_before: null,
      note:
        'Start unknown: no source dates the end of activity (after 2006). IOM: the Tripoli Declaration led to the Africa-EU MME Partnership ' +
        '(see africa-eu-migration-mobility-dialogue). Input status "inactive".',
    },
  ],
};
