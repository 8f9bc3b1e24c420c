// ---------------------------------------------------------------------------------------------
// Lower bounds on undated starts that the research notes state in prose (notes-snapshots.md):
// "X is a member now but was not in the dated list of D" -> start null, start_not_before D.
// Each is checked against the snapshot: the party must be absent from that list in that role.
// ---------------------------------------------------------------------------------------------

export interface StartBound {
  mechanism: string;
  parties: string[];
  role: 'member' | 'observer';
  asOf: string;
  quote: string;
}

export const START_BOUNDS: StartBound[] = [
  {
    mechanism: 'bali-process',
    parties: ['HKG', 'MAC', 'IRQ', 'ARE', 'MDV', 'TON', 'NCL'],
    role: 'member',
    asOf: '2002-02-28',
    quote:
      'Hong Kong, Macau, Iraq, UAE, Maldives, Tonga and New Caledonia are members now but were not there in 2002 (founding conference, Feb 2002).',
  },
  {
    mechanism: 'bali-process',
    parties: ['USA'],
    role: 'member',
    asOf: '2002-02-28',
    quote:
      'The USA and Russia were observers at the founding conference (Feb 2002); the USA is a member now. No joining date found.',
  },
  {
    mechanism: 'rabat-process',
    parties: ['HRV', 'STP'],
    role: 'member',
    asOf: '2008-11-25',
    quote: 'Croatia and São Tomé and Príncipe are members now but were absent from the 2008 (Paris declaration) list.',
  },
  {
    mechanism: 'rabat-process',
    parties: ['LBY'],
    role: 'observer',
    asOf: '2018-01',
    quote:
      "Later Rabat Process pages list 'Libya (observer)' (undated, after Jan 2018); Libya was a dialogue partner until 2014.",
  },
  {
    mechanism: 'khartoum-process',
    parties: ['NOR', 'CHE', 'UGA'],
    role: 'member',
    asOf: '2014-11-28',
    quote:
      "Not among the 37 Rome Declaration signatories (28 Nov 2014); the site says they 'have also become Members' (undated).",
  },
  {
    mechanism: 'south-american-conference-on-migration',
    parties: ['GUY', 'SUR'],
    role: 'member',
    asOf: '2000-05',
    quote:
      "The I CSM (Buenos Aires, May 2000) decided to invite Guyana and Suriname ('Posteriormente, participaron Guyana y Surinam'); no joining date found.",
  },
  {
    mechanism: 'budapest-process',
    parties: ['IND'],
    role: 'observer',
    asOf: '2015-02',
    quote:
      'India is in neither the Oct 2013 nor the Feb 2015 observer lists, so it became an observer after Feb 2015 (not dated).',
  },
  {
    mechanism: 'almaty-process',
    parties: ['TKM', 'ITA'],
    role: 'observer',
    asOf: '2016-10',
    quote:
      'Not among the observers (Iran, Pakistan) in Oct 2016; Turkmenistan moved from member (tbc) to observer after Oct 2016 and Italy became an observer. No date found.',
  },
  {
    mechanism: 'caribbean-migration-consultations',
    parties: [
      'AIA',
      'ATG',
      'BRB',
      'CUB',
      'CUW',
      'DMA',
      'DOM',
      'GRD',
      'HTI',
      'MSR',
      'LCA',
      'KNA',
      'VCT',
      'SUR',
      'unresolved-st-martin',
    ],
    role: 'member',
    asOf: '2016-01',
    quote: 'Not among the eight founders (Belize preparatory meeting, Jan 2016); the later joiners have no dates.',
  },
  {
    mechanism: 'eastern-partnership-panel-migration-mobility-ibm',
    parties: ['ARM', 'AZE'],
    role: 'member',
    asOf: '2010-12-13',
    quote:
      "The Dec 2010 High Level Meeting decided on 'enlargement with Armenia, Azerbaijan and Georgia'; no accession date found. " +
      "(IOM's current page lists Armenia and Azerbaijan among the 2001 Söderköping participants; the dated archive sources contradict this.)",
  },
];
