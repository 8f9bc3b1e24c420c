/**
 * Converts the researched ISCM dataset into ISCM Hub's own reference dataset.
 *
 *   node_modules/.bin/tsx scripts/convert-reference.ts <path to the researched dataset>
 *
 * Reads mechanisms.json, snapshots.json and membership-events.json from the given folder and
 * writes sources.json, themes.json, organizations.json, mechanisms.json, participation.json and
 * snapshots.json to data/reference/ (format: data/reference/FORMAT.md). The output is
 * deterministic: running it twice on the same input gives byte-identical files.
 *
 * Cardinal rule: nothing is invented. Every membership, date and count comes from the input,
 * every fact keeps its sources, and every interpretation of prose is written down in a `note`
 * (the hand-written level/status histories are in LEVEL_OVERRIDES / STATUS_OVERRIDES below).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Input types (the researched dataset)
// ---------------------------------------------------------------------------------------------

type MechanismType = 'rcp' | 'irf' | 'global';
type InputStatus = 'active' | 'inactive' | 'concluded';
type Confidence = 'high' | 'medium' | 'low';

interface RawRowEvent {
  event: 'suspended' | 'absent_from_list';
  date: string;
  note?: string;
  sources: string[];
}

interface RawMember {
  iso3: string | null;
  name_in_source: string | null;
  name?: string;
  since: number | null;
  note?: string;
  via_group?: string;
  from_recall?: boolean;
  events?: RawRowEvent[];
  resolution_evidence?: string;
}

interface RawObserver {
  iso3: string | null;
  name_in_source: string;
  kind: 'state' | 'organization';
  note?: string | null;
}

interface RawPartner {
  iso3: string | null;
  name_in_source: string;
  kind: 'state' | 'organization';
  note?: string | null;
}

interface RawInstitutionalPartner {
  name: string;
  note?: string | null;
}

interface RawCoreGroupState {
  iso3: string;
  name_in_source: string;
  since: number | null;
  note?: string | null;
}

interface RawMemberGroup {
  name: string;
  note?: string | null;
}

interface RawKeyOutput {
  title: string;
  year: number | null;
}

interface RawMechanism {
  id: string;
  name: string;
  acronym: string | null;
  aliases: string[];
  type: MechanismType;
  classification_contested?: boolean;
  iom_classification?: string;
  established: number | null;
  status: InputStatus;
  status_note: string | null;
  status_confidence?: Confidence;
  last_evidence_of_activity?: string;
  region?: string;
  regions_bridged?: string;
  members: RawMember[];
  observers: RawObserver[];
  observers_note?: string;
  member_groups?: RawMemberGroup[];
  membership_note?: string;
  members_complete?: boolean;
  core_group_named_states?: RawCoreGroupState[];
  member_organizations?: string[];
  partners?: RawPartner[];
  institutional_partners?: RawInstitutionalPartner[];
  secretariat: string | null;
  chair_model: string | null;
  supporting_organizations: string[];
  thematic_focus: string[];
  structure: string | null;
  key_outputs: RawKeyOutput[];
  website: string | null;
  sources: string[];
  from_recall: string[];
  notes: string | null;
}

type EventType = 'joined' | 'left' | 'suspended' | 'readmitted' | 'became_observer';
type Basis = 'stated' | 'derived_from_snapshots' | 'stated+derived_from_snapshots' | 'parent_body';

interface RawEvent {
  mechanism_id: string;
  iso3: string | null;
  org: string | null;
  event: EventType;
  date: string;
  source_url: string;
  notes: string;
  basis: Basis;
  not_before?: string;
  not_after?: string;
  conflicting_source?: string;
}

interface RawSnapshotParty {
  iso3: string | null;
  org: string | null;
  name_in_source: string | null;
  note?: string;
  since_in_source?: number;
}

interface RawSnapshot {
  mechanism_id: string;
  as_of: string;
  role: 'member' | 'observer';
  parties: RawSnapshotParty[];
  complete: boolean;
  stated_count: number | null;
  source_url: string;
  source_title: string | null;
  notes: string | null;
  list_type: string;
  member_groups?: string[];
}

// ---------------------------------------------------------------------------------------------
// Output types (data/reference/FORMAT.md)
// ---------------------------------------------------------------------------------------------

interface Source {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  accessed: string;
}

interface Theme {
  id: string;
  name: { en: string; fr: string; es: string };
  description: { en: string };
}

type OrgKind =
  | 'un-system'
  | 'intergovernmental'
  | 'regional-organization'
  | 'regional-economic-community'
  | 'government-body'
  | 'non-governmental'
  | 'other';

interface Organization {
  id: string;
  name: string;
  acronym: string | null;
  kind: OrgKind;
  note: string | null;
}

type Level = MechanismType;
type Status = 'active' | 'dormant' | 'concluded';

interface LevelInterval {
  level: Level;
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  note: string | null;
  sources: string[];
}

interface StatusInterval {
  status: Status;
  start: string | null;
  end: string | null;
  end_not_before: string | null;
  confidence: Confidence | null;
  note: string | null;
  sources: string[];
}

interface Mechanism {
  id: string;
  name: string;
  acronym: string | null;
  names: { name: string; kind: 'alias' | 'former'; note: string | null }[];
  established: number | null;
  region: string | null;
  levels: LevelInterval[];
  statuses: StatusInterval[];
  last_evidence_of_activity: string | null;
  structure: string | null;
  chair_model: string | null;
  secretariat: { text: string; organization: string | null } | null;
  supporting_organizations: string[];
  website: string | null;
  themes: { theme: string; wording: string }[];
  membership_note: string | null;
  members_complete: boolean | null;
  member_groups: { name: string; note: string | null }[];
  key_outputs: { title: string; year: number | null }[];
  unverified_fields: { field: string; note: string }[];
  sources: string[];
  notes: string | null;
}

type Role = 'member' | 'observer' | 'partner' | 'secretariat' | 'chair';
type StartBasis = Basis | 'founding';
type EndCause = 'left' | 'suspended' | 'role_changed' | 'mechanism_concluded' | 'unknown';

interface Participation {
  id: string;
  mechanism: string;
  country: string | null;
  organization: string | null;
  party_label: string | null;
  name_in_source: string | null;
  role: Role;
  start: string | null;
  start_not_before: string | null;
  start_basis: StartBasis | null;
  end: string | null;
  end_not_before: string | null;
  end_cause: EndCause | null;
  first_attested: string | null;
  via_group: string | null;
  verification: 'sourced' | 'unverified';
  sources: string[];
  note: string | null;
}

interface SnapshotOut {
  id: string;
  mechanism: string;
  as_of: string;
  role: 'member' | 'observer';
  list_type: string;
  complete: boolean;
  stated_count: number | null;
  source: string;
  note: string | null;
  member_groups: { name: string; note: string | null }[] | null;
  parties: { country: string | null; organization: string | null; name_in_source: string | null; note: string | null }[];
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** When the researched pages were read. */
const ACCESSED = '2026-11';

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Earliest day a date of any precision can denote ("2014" -> "2014-01-01"). */
function lo(d: string): string {
  if (d.length === 4) return `${d}-01-01`;
  if (d.length === 7) return `${d}-01`;
  return d;
}

/** Latest day a date of any precision can denote (used only for comparisons). */
function hi(d: string): string {
  if (d.length === 4) return `${d}-12-31`;
  if (d.length === 7) return `${d}-31`;
  return d;
}

function isDate(d: string): boolean {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d);
}

function yearOf(d: string): number {
  return Number(d.slice(0, 4));
}

/** Is a snapshot dated `asOf` inside [start, end)? Conservative at the end boundary. */
function inInterval(asOf: string, start: string | null, end: string | null): boolean {
  if (start !== null && hi(asOf) < lo(start)) return false;
  if (end !== null && !(lo(asOf) < lo(end))) return false;
  return true;
}

function joinNotes(parts: (string | null | undefined)[]): string | null {
  const kept = parts.map((p) => (p ?? '').trim()).filter((p) => p.length > 0);
  return kept.length === 0 ? null : kept.join(' | ');
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

class SourceRegistry {
  private readonly byUrl = new Map<string, { title: string | null }>();

  add(url: string, title: string | null = null): string {
    if (!/^https?:\/\/\S+$/.test(url)) fail(`not a URL: ${url}`);
    const known = this.byUrl.get(url);
    if (known === undefined) this.byUrl.set(url, { title });
    else if (known.title === null && title !== null) known.title = title;
    return SourceRegistry.idOf(url);
  }

  static idOf(url: string): string {
    return `src-${sha1(url).slice(0, 10)}`;
  }

  ids(urls: Iterable<string>): string[] {
    const ids = [...urls].map((u) => this.add(u));
    return uniq(ids);
  }

  output(): Source[] {
    const out: Source[] = [];
    for (const [url, { title }] of this.byUrl) {
      const publisher = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : null;
      out.push({ id: SourceRegistry.idOf(url), url, title, publisher, accessed: ACCESSED });
    }
    const ids = new Set<string>();
    for (const s of out) {
      if (ids.has(s.id)) fail(`source id collision: ${s.id}`);
      ids.add(s.id);
    }
    return out.sort((a, b) => cmpStr(a.id, b.id));
  }
}

function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)"'\]]+/g)].map((m) => m[0].replace(/[.,;]+$/, ''));
}

// ---------------------------------------------------------------------------------------------
// Themes: controlled vocabulary (research notes, section (c)) and keyword rules
// ---------------------------------------------------------------------------------------------

interface ThemeDef extends Theme {
  rules: RegExp[];
}

const THEMES: ThemeDef[] = [
  {
    id: 'migration-governance',
    name: {
      en: 'Migration governance, policy and management',
      fr: 'Gouvernance, politiques et gestion des migrations',
      es: 'Gobernanza, políticas y gestión de la migración',
    },
    description: { en: 'Migration policy, legislation, management and governance frameworks, at national, regional or global level.' },
    rules: [
      /(?<!border )governance/i,
      /migration (policy|policies|management)/i,
      /polic(y|ies) and (management|governance|legislation)/i,
      /\blegislation\b/i,
      /^procedures and policies$/i,
      /all major aspects of migration/i,
    ],
  },
  {
    id: 'migration-data',
    name: {
      en: 'Migration data, statistics and research',
      fr: 'Données, statistiques et recherche sur les migrations',
      es: 'Datos, estadísticas e investigación sobre migración',
    },
    description: { en: 'Collection, sharing and use of migration data, statistics, research, knowledge and information systems.' },
    rules: [
      /\bdata\b/i,
      /statistic/i,
      /research/i,
      /information[ -](collection|systems|exchange|sharing)/i,
      /information and intelligence sharing/i,
      /migration profiles/i,
      /country of origin information/i,
      /\bknowledge\b/i,
    ],
  },
  {
    id: 'border-management',
    name: { en: 'Border management', fr: 'Gestion des frontières', es: 'Gestión de fronteras' },
    description: { en: 'Border management and integrated border management, border governance, document security and fraud.' },
    rules: [/border (management|governance)/i, /document (security|fraud)/i, /biometric/i],
  },
  {
    id: 'labour-migration',
    name: { en: 'Labour migration', fr: 'Migration de main-d’œuvre', es: 'Migración laboral' },
    description: {
      en: 'Labour migration and mobility, migrant workers, ethical recruitment, skills and qualification recognition, pre-departure orientation, labour-market analysis.',
    },
    rules: [
      /\blabou?r/i,
      /employment/i,
      /recruitment/i,
      /\bskills?\b/i,
      /qualification/i,
      /pre-departure/i,
      /contractual work/i,
      /\bworkers\b/i,
    ],
  },
  {
    id: 'free-movement',
    name: {
      en: 'Free movement and regional integration',
      fr: 'Libre circulation et intégration régionale',
      es: 'Libre circulación e integración regional',
    },
    description: { en: 'Free movement of persons, professional mobility and student exchange; migration and regional integration.' },
    rules: [/free movement/i, /regional integration/i],
  },
  {
    id: 'regular-migration',
    name: {
      en: 'Regular migration, visas and regularization',
      fr: 'Migration régulière, visas et régularisation',
      es: 'Migración regular, visados y regularización',
    },
    description: { en: 'Legal or regular migration pathways, admission, visas, travel documents, family reunification and regularization.' },
    rules: [
      /(?<!ir)regular (migration|pathways)/i,
      /(?<!il)legal (migration|pathways)/i,
      /legal and illegal migration/i,
      /\bvisas?\b/i,
      /regulari[sz]ation/i,
      /travel documentation/i,
      /family reunification/i,
      /^immigration \(/i,
      /facilitating human mobility/i,
    ],
  },
  {
    id: 'migration-development',
    name: { en: 'Migration and development', fr: 'Migration et développement', es: 'Migración y desarrollo' },
    description: { en: 'Migration and development, including co-development, development benefits of migration and brain drain.' },
    rules: [/(?<!capacity )development/i, /brain drain/i],
  },
  {
    id: 'remittances',
    name: { en: 'Remittances', fr: 'Envois de fonds', es: 'Remesas' },
    description: { en: 'Migrant remittances: cost, speed and safety of transfers, financial inclusion.' },
    rules: [/remittance/i],
  },
  {
    id: 'diaspora',
    name: { en: 'Diasporas', fr: 'Diasporas', es: 'Diásporas' },
    description: { en: 'Engagement of diasporas and communities abroad.' },
    rules: [/diaspora/i],
  },
  {
    id: 'irregular-migration',
    name: {
      en: 'Irregular migration and mixed flows',
      fr: 'Migration irrégulière et flux mixtes',
      es: 'Migración irregular y flujos mixtos',
    },
    description: { en: 'Irregular (including "illegal") migration, mixed migration flows, interception, reception and detention of irregular migrants.' },
    rules: [/irregular/i, /illegal (migration|immigra)/i, /mixed (migration|flows)/i],
  },
  {
    id: 'trafficking',
    name: { en: 'Trafficking in persons', fr: 'Traite des personnes', es: 'Trata de personas' },
    description: { en: 'Preventing and combating trafficking in persons and protecting victims of trafficking.' },
    rules: [/traffick/i, /\bTHB\b/],
  },
  {
    id: 'smuggling',
    name: { en: 'Smuggling of migrants', fr: 'Trafic illicite de migrants', es: 'Tráfico ilícito de migrantes' },
    description: { en: 'Preventing and countering the smuggling of migrants (people smuggling).' },
    rules: [/smuggl/i],
  },
  {
    id: 'return-reintegration',
    name: {
      en: 'Return, readmission and reintegration',
      fr: 'Retour, réadmission et réintégration',
      es: 'Retorno, readmisión y reintegración',
    },
    description: { en: 'Return (including assisted voluntary return), removal, readmission, repatriation and reintegration.' },
    rules: [/\breturn/i, /readmission/i, /reintegration/i, /repatria/i, /\bremoval\b/i],
  },
  {
    id: 'asylum-protection',
    name: {
      en: 'Asylum, refugees and international protection',
      fr: 'Asile, réfugiés et protection internationale',
      es: 'Asilo, refugiados y protección internacional',
    },
    description: { en: 'Asylum, refugees and international protection, forced migration and internally displaced persons.' },
    rules: [
      /asylum/i,
      /refugee/i,
      /\bIDPs?\b/,
      /internally displaced/i,
      /forced (migration|displacement)/i,
      /international protection/i,
      /country of origin information/i,
    ],
  },
  {
    id: 'human-rights',
    name: {
      en: 'Human rights of migrants',
      fr: 'Droits humains des migrants',
      es: 'Derechos humanos de las personas migrantes',
    },
    description: {
      en: 'Human rights and protection of migrants, including migrants in vulnerable situations; non-discrimination, combating racism and xenophobia.',
    },
    rules: [/\brights\b(?! of establishment)/i, /discrimination/i, /xenophobia/i, /racism/i, /wellbeing|well-being/i, /vulnerab/i],
  },
  {
    id: 'consular-protection',
    name: {
      en: 'Consular protection and assistance',
      fr: 'Protection et assistance consulaires',
      es: 'Protección y asistencia consular',
    },
    description: { en: 'Consular protection of and support to nationals abroad, including migrant workers.' },
    rules: [/consular/i],
  },
  {
    id: 'integration',
    name: { en: 'Migrant integration', fr: 'Intégration des migrants', es: 'Integración de las personas migrantes' },
    description: { en: 'Integration and socio-economic inclusion of migrants, settlement, citizenship, host communities.' },
    rules: [/(?<!re|regional )integration/i, /insertion/i, /settlement/i, /citizenship/i, /host communit/i],
  },
  {
    id: 'health',
    name: { en: 'Migration and health', fr: 'Migration et santé', es: 'Migración y salud' },
    description: { en: 'Migrant health and migration health, including HIV/AIDS and COVID-19.' },
    rules: [/health/i, /\bHIV\b/i, /covid/i],
  },
  {
    id: 'climate-environment',
    name: {
      en: 'Climate change, environment and disasters',
      fr: 'Changements climatiques, environnement et catastrophes',
      es: 'Cambio climático, medio ambiente y desastres',
    },
    description: { en: 'Migration and climate change, environmental degradation and disasters; green transition.' },
    rules: [/climate/i, /environment/i, /ecological/i, /disaster/i, /green transition/i],
  },
  {
    id: 'crisis-response',
    name: {
      en: 'Emergency preparedness and crisis response',
      fr: 'Préparation aux situations d’urgence et réponse aux crises',
      es: 'Preparación ante emergencias y respuesta a crisis',
    },
    description: { en: 'Emergency preparedness, contingency planning and response to migratory and other crises.' },
    rules: [/emergenc/i, /\bcris[ie]s\b/i, /contingency/i, /preparedness/i],
  },
  {
    id: 'children',
    name: { en: 'Migrant children', fr: 'Enfants migrants', es: 'Niñas, niños y adolescentes migrantes' },
    description: { en: 'Protection of migrant children and adolescents, including unaccompanied and separated children.' },
    rules: [/child/i, /adolescen/i, /unaccompanied/i],
  },
  {
    id: 'gender',
    name: { en: 'Gender and migration', fr: 'Genre et migration', es: 'Género y migración' },
    description: { en: 'Gender aspects of migration, gender equality and women migrants.' },
    rules: [/gender/i, /\bwomen\b/i],
  },
  {
    id: 'security-crime',
    name: {
      en: 'Migration, security and transnational crime',
      fr: 'Migration, sécurité et criminalité transnationale',
      es: 'Migración, seguridad y delincuencia transnacional',
    },
    description: { en: 'Migration and security, law enforcement, rule of law and transnational organized crime.' },
    rules: [/(?<!document )security/i, /\bcrimes?\b/i, /law enforcement/i, /rule of law/i, /prosecution/i],
  },
  {
    id: 'trade',
    name: { en: 'Migration and trade', fr: 'Migration et commerce', es: 'Migración y comercio' },
    description: { en: 'Migration and trade, including tourism.' },
    rules: [/\btrade\b/i, /tourism/i],
  },
  {
    id: 'capacity-building',
    name: {
      en: 'Capacity building and technical cooperation',
      fr: 'Renforcement des capacités et coopération technique',
      es: 'Fortalecimiento de capacidades y cooperación técnica',
    },
    description: { en: 'Capacity building of government officials and technical cooperation on migration.' },
    rules: [/capacity (building|development)/i, /technical cooperation/i],
  },
  {
    id: 'global-agendas',
    name: {
      en: 'Global agendas (GCM, SDGs, 2030 Agenda)',
      fr: 'Agendas mondiaux (PMM, ODD, Programme 2030)',
      es: 'Agendas mundiales (PMM, ODS, Agenda 2030)',
    },
    description: {
      en: 'Implementation and review of global frameworks: the Global Compact for Safe, Orderly and Regular Migration (GCM), the Sustainable Development Goals and the 2030 Agenda.',
    },
    rules: [/\bGCM\b/, /global compact/i, /\bSDGs?\b/, /sustainable development goals/i, /2030 agenda/i, /post-2015/i],
  },
  {
    id: 'partnerships-cooperation',
    name: {
      en: 'Partnerships and international cooperation',
      fr: 'Partenariats et coopération internationale',
      es: 'Alianzas y cooperación internacional',
    },
    description: { en: 'Partnerships, international and regional cooperation, stakeholder and private-sector engagement, exchange of practices.' },
    rules: [
      /partnership/i,
      /(?<!technical )cooperation/i,
      /collaboration/i,
      /stakeholder/i,
      /private sector/i,
      /international engagement/i,
      /sharing best practices/i,
    ],
  },
  {
    id: 'migration-trends',
    name: {
      en: 'Migration trends, drivers and human mobility',
      fr: 'Tendances et moteurs des migrations, mobilité humaine',
      es: 'Tendencias e impulsores de la migración, movilidad humana',
    },
    description: { en: 'Migration trends and drivers, population movements and demography, human mobility in general.' },
    rules: [/migration trends/i, /drivers of migration/i, /population/i, /demograph/i, /^human mobility$/i, /intra-regional migration/i],
  },
  {
    id: 'other',
    name: { en: 'Other', fr: 'Autre', es: 'Otro' },
    description: { en: 'Wording that matches none of the themes above; the source’s own wording is kept.' },
    rules: [],
  },
];

function themesFor(wording: string): string[] {
  const hits = THEMES.filter((t) => t.rules.some((r) => r.test(wording))).map((t) => t.id);
  return hits.length > 0 ? hits : ['other'];
}

// ---------------------------------------------------------------------------------------------
// Organizations: explicit table with aliases (every wording in the input must resolve)
// ---------------------------------------------------------------------------------------------

interface OrgDef extends Organization {
  aliases: string[];
}

function org(
  id: string,
  name: string,
  acronym: string | null,
  kind: OrgKind,
  aliases: string[],
  note: string | null = null,
): OrgDef {
  return { id, name, acronym, kind, note, aliases };
}

const ORGS: OrgDef[] = [
  // UN system
  org('iom', 'International Organization for Migration', 'IOM', 'un-system', [
    'IOM',
    'International Organization for Migration',
    'International Organization for Migration (IOM)',
    'International Organization for Migration (Director-General)',
  ]),
  org('unhcr', 'Office of the United Nations High Commissioner for Refugees', 'UNHCR', 'un-system', [
    'UNHCR',
    'United Nations High Commissioner for Refugees (UNHCR)',
    'Office of the United Nations High Commissioner for Refugees (UNHCR)',
    'UNHCR (Assistant High Commissioner)',
  ]),
  org('ilo', 'International Labour Organization', 'ILO', 'un-system', [
    'ILO',
    'International Labour Organization',
    'International Labour Organization (ILO)',
  ]),
  org('unodc', 'United Nations Office on Drugs and Crime', 'UNODC', 'un-system', [
    'UNODC',
    'United Nations Office on Drugs and Crime (UNODC)',
  ]),
  org('un-odccp', 'United Nations Office of Drug Control and Crime Prevention', null, 'un-system', [
    'United Nations Office of Drug Control and Crime Prevention',
  ]),
  org('un-cicp', 'UN Centre for International Crime Prevention', 'UN-CICP', 'un-system', [
    'UN Centre for International Crime Prevention (UN-CICP)',
  ]),
  org('undp', 'United Nations Development Programme', 'UNDP', 'un-system', [
    'UNDP',
    'United Nations Development Programme (UNDP)',
  ]),
  org('unctad', 'United Nations Conference on Trade and Development', 'UNCTAD', 'un-system', ['UNCTAD']),
  org('un-desa', 'United Nations Department of Economic and Social Affairs', 'UN DESA', 'un-system', ['UN DESA']),
  org('ohchr', 'Office of the United Nations High Commissioner for Human Rights', 'OHCHR', 'un-system', ['OHCHR']),
  org('un-women', 'United Nations Entity for Gender Equality and the Empowerment of Women', 'UN Women', 'un-system', [
    'UN Women',
  ]),
  org('world-bank', 'World Bank', null, 'un-system', ['World Bank']),
  org(
    'eclac-celade',
    'Economic Commission for Latin America and the Caribbean / Latin American and Caribbean Demographic Centre',
    'ECLAC/CELADE',
    'un-system',
    ['ECLAC/CELADE', 'Economic Commission for Latin America and the Caribbean / Latin American and Caribbean Demographic Centre (ECLAC/CELADE)'],
  ),
  org('uneca', 'United Nations Economic Commission for Africa', 'UNECA', 'un-system', ['UN Economic Commission for Africa']),
  org('idep', 'African Institute for Economic Development and Planning', 'IDEP', 'un-system', [
    'African Institute for Economic Development and Planning (IDEP)',
  ]),
  org('un-secretariat', 'United Nations Secretariat', null, 'un-system', []),
  org('un-secretary-general', 'United Nations Secretary-General', null, 'un-system', ['UN Secretary-General']),
  org('un-network-on-migration', 'United Nations Network on Migration', null, 'un-system', ['UN Network on Migration']),
  org('gmg', 'Global Migration Group', 'GMG', 'un-system', ['Global Migration Group (GMG)']),
  org('un-regional-commissions', 'UN regional commissions', null, 'un-system', ['UN regional commissions'], 'Generic group, as worded by the source.'),
  org('un-agencies', 'UN agencies', null, 'un-system', ['UN agencies', 'other UN agencies'], 'Generic group, as worded by the source.'),
  org(
    'un-special-rapporteur-migrants',
    'United Nations Special Rapporteur on the Human Rights of Migrants',
    null,
    'un-system',
    ['Special Rapporteur on Human Rights of Migrants (UN)'],
  ),
  org(
    'un-act',
    'UN Action for Cooperation against Trafficking in Persons',
    'UN-ACT',
    'un-system',
    ['UNIAP / UN-ACT (UNDP-managed)'],
    'Named with its predecessor UNIAP in the source ("UNIAP / UN-ACT").',
  ),
  org('r4v', 'Regional Inter-Agency Coordination Platform', 'R4V', 'un-system', ['Regional Inter-Agency Coordination Platform (R4V)']),
  // Intergovernmental
  org('icmpd', 'International Centre for Migration Policy Development', 'ICMPD', 'intergovernmental', [
    'ICMPD',
    'International Centre for Migration Policy Development (ICMPD)',
  ]),
  org('oecd', 'Organisation for Economic Co-operation and Development', 'OECD', 'intergovernmental', ['OECD']),
  org('interpol', 'International Criminal Police Organization', 'INTERPOL', 'intergovernmental', ['INTERPOL', 'Interpol']),
  org('asian-development-bank', 'Asian Development Bank', null, 'intergovernmental', ['Asian Development Bank']),
  org('eurasian-development-bank', 'Eurasian Development Bank', null, 'intergovernmental', ['Eurasian Development Bank']),
  org('caricc', 'Central Asian Regional Information and Coordination Centre', 'CARICC', 'intergovernmental', [
    'Central Asian Regional Information and Coordination Centre (CARICC)',
  ]),
  org('cica', 'Conference on Interaction and Confidence-Building Measures in Asia', 'CICA', 'intergovernmental', [
    'Conference on Interaction and Confidence-Building Measures in Asia (CICA)',
  ]),
  org('segib', 'Ibero-American General Secretariat', 'SEGIB', 'intergovernmental', ['SEGIB']),
  org('asef', 'Asia-Europe Foundation', 'ASEF', 'intergovernmental', ['Asia-Europe Foundation (ASEF)']),
  org('oacps', 'Organisation of African, Caribbean and Pacific States', 'OACPS', 'intergovernmental', ['ACP Secretariat'],
    'ACP Group of States until its renaming in 2020 (per the ACP-EU record); named in the source as "ACP Secretariat".'),
  org('european-university-institute', 'European University Institute', null, 'intergovernmental', ['European University Institute']),
  org('european-communications-office', 'European Communications Office', null, 'intergovernmental', ['European Communications Office']),
  org('oco', 'Oceania Customs Organisation', 'OCO', 'intergovernmental', ['Oceania Customs Organisation (OCO)']),
  // Regional organizations (incl. EU institutions and agencies)
  org('european-union', 'European Union', 'EU', 'regional-organization', ['European Union', 'European Union (EU)']),
  org('european-commission', 'European Commission', 'EC', 'regional-organization', [
    'EC',
    'European Commission',
    'European Commission / European Union',
    'European Commissioners in charge of migration, development and external relations',
  ]),
  org('eeas', 'European External Action Service', 'EEAS', 'regional-organization', [
    'EEAS',
    'European External Action Service (EEAS)',
  ]),
  org('council-of-the-eu-general-secretariat', 'General Secretariat of the Council of the European Union', null, 'regional-organization', [
    'General Secretariat of the Council of the European Union (EU)',
  ]),
  org('frontex', 'European Border and Coast Guard Agency', 'Frontex', 'regional-organization', ['Frontex']),
  org('europol', 'European Union Agency for Law Enforcement Cooperation', 'Europol', 'regional-organization', ['Europol', 'EUROPOL']),
  org('euaa', 'European Union Agency for Asylum', 'EUAA', 'regional-organization', ['EASO/EUAA', 'European Asylum Support Office'],
    'Formerly the European Asylum Support Office (EASO); the sources write "EASO/EUAA".'),
  org('etf', 'European Training Foundation', 'ETF', 'regional-organization', ['European Training Foundation']),
  org('council-of-europe', 'Council of Europe', null, 'regional-organization', ['Council of Europe']),
  org('osce-odihr', 'OSCE Office for Democratic Institutions and Human Rights', 'OSCE/ODIHR', 'regional-organization', ['OSCE/ODIHR']),
  org('bsec', 'Organization of the Black Sea Economic Cooperation', 'BSEC', 'regional-organization', [
    'BSEC',
    'Organization of the Black Sea Economic Cooperation',
  ]),
  org('eurasec', 'Eurasian Economic Community', 'EurAsEC', 'regional-organization', ['Eurasec', 'Eurasian Economic Community']),
  org('cis', 'Commonwealth of Independent States', 'CIS', 'regional-organization', ['Commonwealth of Independent States (CIS)']),
  org('cis-executive-committee', 'Executive Committee of the Commonwealth of Independent States', null, 'regional-organization', [
    'CIS Executive Committee',
    'Executive Committee of the Commonwealth of Independent States (CIS)',
  ]),
  org('csto', 'Collective Security Treaty Organization', 'CSTO', 'regional-organization', ['Collective Security Treaty Organization (CSTO)']),
  org('marri', 'Migration, Asylum, Refugees Regional Initiative', 'MARRI', 'regional-organization', ['MARRI']),
  org('seci-centre', 'Southeast European Cooperative Initiative Centre', 'SECI Centre', 'regional-organization', [
    'Southeast European Cooperative Initiative (SECI) Centre',
  ]),
  org('african-union', 'African Union', 'AU', 'regional-organization', ['African Union']),
  org('african-union-commission', 'African Union Commission', 'AUC', 'regional-organization', ['African Union Commission']),
  org('air', 'African Institute for Remittances', 'AIR', 'regional-organization', ['African Institute for Remittances (AIR)']),
  org('las', 'League of Arab States', 'LAS', 'regional-organization', ['League of Arab States']),
  org('ufm', 'Union for the Mediterranean', 'UfM', 'regional-organization', [
    'Union for the Mediterranean (UfM)',
    'Union for the Mediterranean Secretariat',
  ]),
  org('asean', 'Association of Southeast Asian Nations', 'ASEAN', 'regional-organization', [
    'Association of South-East Asian Nations Secretariat',
  ]),
  org('pifs', 'Pacific Islands Forum Secretariat', 'PIFS', 'regional-organization', [
    'Pacific Islands Forum Secretariat',
    'Pacific Islands Forum Secretariat (PIFS)',
  ]),
  org('indian-ocean-commission', 'Indian Ocean Commission', 'IOC', 'regional-organization', ['Indian Ocean Commission (IOC)']),
  org('sica', 'Central American Integration System', 'SICA', 'regional-organization', ['SICA']),
  org('iachr', 'Inter-American Commission on Human Rights', 'IACHR', 'regional-organization', [
    'Inter-American Commission on Human Rights (IACHR)',
  ]),
  // Regional economic communities
  org('ecowas', 'Economic Community of West African States', 'ECOWAS', 'regional-economic-community', ['ECOWAS']),
  org('ecowas-commission', 'ECOWAS Commission', null, 'regional-economic-community', [
    'Commission of the Economic Community of West African States (ECOWAS)',
  ]),
  org('igad', 'Intergovernmental Authority on Development', 'IGAD', 'regional-economic-community', ['IGAD']),
  org('comesa', 'Common Market for Eastern and Southern Africa', 'COMESA', 'regional-economic-community', ['COMESA']),
  org('eccas', 'Economic Community of Central African States', 'ECCAS', 'regional-economic-community', ['ECCAS']),
  org('sadc', 'Southern African Development Community', 'SADC', 'regional-economic-community', ['SADC']),
  org('eac', 'East African Community', 'EAC', 'regional-economic-community', ['EAC', 'EAC Secretariat']),
  org('amu', 'Arab Maghreb Union', 'AMU', 'regional-economic-community', ['Arab Maghreb Union (AMU)']),
  // Government bodies
  org('government-of-switzerland', 'Government of Switzerland', null, 'government-body', ['Government of Switzerland', 'Switzerland']),
  org('sdc', 'Swiss Agency for Development and Cooperation', 'SDC', 'government-body', ['Swiss Development Cooperation (SDC)']),
  org('government-of-australia', 'Government of Australia', null, 'government-body', ['Australia']),
  org('government-of-the-united-kingdom', 'Government of the United Kingdom', null, 'government-body', ['United Kingdom']),
  org('swedish-migration-board', 'Swedish Migration Board', null, 'government-body', ['Swedish Migration Board']),
  org('fiiapp', 'International and Ibero-American Foundation for Administration and Public Policies', 'FIIAPP', 'government-body', ['FIIAPP']),
  // Non-governmental and other
  org('ioe', 'International Organisation of Employers', 'IOE', 'non-governmental', ['International Organisation of Employers']),
  org('samp', 'Southern African Migration Programme', 'SAMP', 'non-governmental', ['Southern African Migration Programme (SAMP)']),
  org('ngos', 'NGOs', null, 'non-governmental', ['NGOs'], 'Generic group, as worded by the source.'),
  org('icrc', 'International Committee of the Red Cross', 'ICRC', 'other', [
    'International Committee of Red Cross',
    'International Committee of the Red Cross (ICRC)',
  ]),
  org('ifrc', 'International Federation of Red Cross and Red Crescent Societies', 'IFRC', 'other', [
    'International Federation of Red Cross',
    'International Red Cross and Red Crescent Movement (IFRC)',
  ]),
  org('bomca', 'Border Management Programme in Central Asia', 'BOMCA', 'other', ['Border Management Programme in Central Asia (BOMCA)']),
  org('picp', 'Pacific Islands Chiefs of Police', 'PICP', 'other', ['Pacific Islands Chiefs of Police (PICP)']),
  org('pilon', "Pacific Islands Law Officers' Network", 'PILON', 'other', ["Pacific Islands Law Officers' Network (PILON)"]),
  org('ptcn', 'Pacific Transnational Crime Network', 'PTCN', 'other', ['Pacific Transnational Crime Network (PTCN)']),
  org('bali-process-rso', 'Bali Process Regional Support Office', 'RSO', 'other', ['Bali Process Regional Support Office']),
  org('igc', 'Intergovernmental Consultations on Migration, Asylum and Refugees', 'IGC', 'other', ['IGC'],
    'Itself an ISCM in this dataset (mechanism intergovernmental-consultations-migration-asylum-refugees).'),
  org('gfmd-civil-society-mechanism', 'GFMD Civil Society Mechanism', null, 'other', ['GFMD Civil Society mechanism']),
  org('gfmd-business-mechanism', 'GFMD Business Mechanism', null, 'other', ['GFMD Business Mechanism']),
  org('gfmd-mayors-mechanism', 'GFMD Mayors Mechanism', null, 'other', ['GFMD Mayors Mechanism']),
  org('gcim-core-group', 'Core Group of States', null, 'other', ['Core Group of States'], 'Informal consultative group of States supporting the GCIM.'),
  org('group-of-friends-quito-process', 'Group of Friends of the Quito Process', null, 'other', ['Group of Friends of the Quito Process']),
  org('private-sector-and-civil-society', 'Private sector and civil society representatives', null, 'other', [
    'Private sector and civil society representatives',
  ], 'Generic group, as worded by the source.'),
];

/** Wordings that name more than one body or need an explicit decision. */
const ORG_SPECIAL: Record<string, string[]> = {
  'ILO and ICMPD (FMM West Africa project)': ['ilo', 'icmpd'],
  'IGAD and other RECs': ['igad'],
};

const orgById = new Map<string, OrgDef>();
const orgByAlias = new Map<string, string>();
for (const o of ORGS) {
  if (orgById.has(o.id)) fail(`duplicate org id ${o.id}`);
  orgById.set(o.id, o);
  for (const a of [o.name, ...o.aliases]) {
    const prev = orgByAlias.get(a);
    if (prev !== undefined && prev !== o.id) fail(`alias "${a}" maps to ${prev} and ${o.id}`);
    orgByAlias.set(a, o.id);
  }
}

const usedOrgs = new Set<string>();

/** Resolve a wording to organization ids: exact alias, else strip trailing "(...)" qualifiers. */
function resolveOrgs(wording: string): string[] {
  const special = ORG_SPECIAL[wording];
  if (special !== undefined) {
    special.forEach((id) => usedOrgs.add(id));
    return special;
  }
  let w = wording.trim();
  for (;;) {
    const id = orgByAlias.get(w);
    if (id !== undefined) {
      usedOrgs.add(id);
      return [id];
    }
    const stripped = w.replace(/\s*\([^()]*\)\s*$/, '');
    if (stripped === w) break;
    w = stripped;
  }
  return fail(`unknown organization wording: "${wording}" (add it to ORGS)`);
}

function resolveOrg(wording: string): string {
  const ids = resolveOrgs(wording);
  if (ids.length !== 1) fail(`"${wording}" names several organizations`);
  return ids[0] as string;
}

// ---------------------------------------------------------------------------------------------
// Secretariat: organization set only where the text clearly names one organization as the
// secretariat (decided by hand, per mechanism; the text is always kept verbatim).
// ---------------------------------------------------------------------------------------------

const SECRETARIAT_ORG: Record<string, string | null> = {
  'berne-initiative': 'iom', // "IOM served as the Berne Initiative's Secretariat"
  'international-dialogue-migration': 'iom', // "IOM (convener/facilitator)"
  'un-high-level-dialogue-international-migration-development': 'un-secretariat', // "UN Secretariat (UN DESA prepared ...)"
  'africa-eu-migration-mobility-dialogue': 'icmpd', // "ICMPD acts as Secretariat of the C2CMMD (2024)"
  'budapest-process': 'icmpd', // "ICMPD (Vienna) hosts the Budapest Process Secretariat"
  'ibero-american-forum-migration-development': 'segib', // "Ibero-American General Secretariat (SEGIB)"
  'mediterranean-transit-migration-dialogue': 'icmpd', // "ICMPD"
  'rabat-process': 'icmpd', // "ICMPD ... provides the Secretariat"
  'arab-regional-consultative-process': 'las', // "League of Arab States (LAS) General Secretariat"
  'colombo-process': 'iom', // "IOM (technical and administrative support since inception; ...)"
  'eac-rcp': 'eac', // "EAC Secretariat (co-organizer with IOM)"
  'igad-rcp': 'igad', // "IGAD Secretariat (migration unit), with IOM support" (from_recall: inferred)
  'manila-process': 'iom', // "IOM (from recall)" (unverified field)
  midcas: 'eccas', // "the ECCAS Secretariat (Libreville) acts as ad interim secretariat"
  midcom: 'comesa', // "COMESA Secretariat; IOM provides support to the COMESA Secretariat"
  midsa: 'iom', // "IOM provides technical and administrative support"
  midwa: 'ecowas-commission', // "ECOWAS Commission (regional secretariat created within the ECOWAS Commission in 2017; ...)"
  ocam: 'iom', // "IOM (Technical Secretariat since January 1999, ...)"
  'prague-process': 'icmpd', // "ICMPD (Secretariat termed 'project support unit', EU-funded)"
  'south-american-conference-on-migration': 'iom', // "Technical Secretariat provided by IOM"
  // Everything else: own secretariat merely hosted by an organization (GFMD, IGC, RCM, PIDC, GCIM),
  // a State secretariat (ADD), a joint secretariat of several bodies (Almaty, AU-HoAI, CIS Conference,
  // Khartoum, Quito, EaP Panel, PAFoM, IMRF), none (ACP-EU, ASEM, Bali, EU-CELAC, 5+5, Tripoli, CMC),
  // unconfirmed (COMMIT: "not confirmed in sources read") or not captured (APC): organization null.
};

// ---------------------------------------------------------------------------------------------
// Names (aliases): "former" where the alias or the research notes say it is a former name
// ---------------------------------------------------------------------------------------------

/** Aliases that the research notes (not the alias itself) identify as former names. */
const FORMER_BY_NOTES: Record<string, Record<string, string>> = {
  midcom: {
    'COMESA-RCP': 'Former name (IOM list: "MIDCOM [formerly COMESA RCP]"; first meeting under the MIDCOM name, July 2017).',
    'COMESA Regional Consultative Process on Migration':
      'Former name (IOM list: "MIDCOM [formerly COMESA RCP]"; first meeting under the MIDCOM name, July 2017).',
  },
  'africa-eu-migration-mobility-dialogue': {
    'Africa-EU Partnership on Migration, Mobility and Employment (MME)': "Name used 2007-2013 (record notes: 'MME partnership' (2007-2013)).",
    'MME Partnership': "Name used 2007-2013 (record notes: 'MME partnership' (2007-2013)).",
  },
  'eastern-partnership-panel-migration-mobility-ibm': {
    'Cross-Border Co-operation Process (CBCP)':
      'Other name of the Söderköping Process (Refworld: "Söderköping/Cross-Border Cooperation Process"), the predecessor (2001-2011).',
  },
  ocam: {
    'Organización Centroamericana de Migración': 'Spanish form of the original name ("Central American Organization of Migration (original name)").',
  },
};

function convertNames(m: RawMechanism): Mechanism['names'] {
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

type LevelSpec = Omit<LevelInterval, 'sources'> & { sourceUrls: string[] | 'mechanism' };
type StatusSpec = Omit<StatusInterval, 'sources' | 'confidence'>;

const LEVEL_OVERRIDES: Record<string, LevelSpec[]> = {
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

const STATUS_OVERRIDES: Record<string, StatusSpec[]> = {
  'berne-initiative': [
    { status: 'active', start: '2001', end: '2004', end_not_before: null, note: 'From establishment (2001) until its conclusion in 2004.' },
    {
      status: 'concluded',
      start: '2004',
      end: null,
      end_not_before: null,
      note: "Source: \"'The Berne Initiative is concluded as of 2004' with the finalisation of the International Agenda for Migration Management (IAMM).\"",
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
    { status: 'active', start: '2006', end: '2018', end_not_before: null, note: 'Source: "Held twice (14-15 Sept 2006; 3-4 Oct 2013)."' },
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
    { status: 'active', start: '2010', end: '2020', end_not_before: null, note: 'From its launch (2010) until it became dormant in 2020.' },
    {
      status: 'dormant',
      start: '2020',
      end: null,
      end_not_before: null,
      note:
        "Source (IOM): \"'Until the new agreement is concluded, the ACP-EU MD is dormant as of 2020.'\" The Samoa Agreement applies " +
        'provisionally from 1 Jan 2024; no source read shows the Dialogue resumed. Input status "inactive".',
    },
  ],
  midcas: [
    { status: 'active', start: '2012', end: '2016', end_not_before: null, note: 'Established 2012 (Brazzaville), endorsed formally 2014, adopted by ECCAS 2015.' },
    {
      status: 'dormant',
      start: '2016',
      end: null,
      end_not_before: null,
      note: "Source (IOM): \"'The MIDCAS has been dormant and inactive since 2016.'\" Input status \"inactive\".",
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
      note: "Source (IOM): \"'In 2005, it was decided to conclude the CIS Conference. The CIS Conference is no longer active.'\"",
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

// ---------------------------------------------------------------------------------------------
// Lower bounds on undated starts that the research notes state in prose (notes-snapshots.md):
// "X is a member now but was not in the dated list of D" -> start null, start_not_before D.
// Each is checked against the snapshot: the party must be absent from that list in that role.
// ---------------------------------------------------------------------------------------------

interface StartBound {
  mechanism: string;
  parties: string[];
  role: 'member' | 'observer';
  asOf: string;
  quote: string;
}

const START_BOUNDS: StartBound[] = [
  {
    mechanism: 'bali-process',
    parties: ['HKG', 'MAC', 'IRQ', 'ARE', 'MDV', 'TON', 'NCL'],
    role: 'member',
    asOf: '2002-02-28',
    quote: 'Hong Kong, Macau, Iraq, UAE, Maldives, Tonga and New Caledonia are members now but were not there in 2002 (founding conference, Feb 2002).',
  },
  {
    mechanism: 'bali-process',
    parties: ['USA'],
    role: 'member',
    asOf: '2002-02-28',
    quote: 'The USA and Russia were observers at the founding conference (Feb 2002); the USA is a member now. No joining date found.',
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
    quote: "Later Rabat Process pages list 'Libya (observer)' (undated, after Jan 2018); Libya was a dialogue partner until 2014.",
  },
  {
    mechanism: 'khartoum-process',
    parties: ['NOR', 'CHE', 'UGA'],
    role: 'member',
    asOf: '2014-11-28',
    quote: "Not among the 37 Rome Declaration signatories (28 Nov 2014); the site says they 'have also become Members' (undated).",
  },
  {
    mechanism: 'south-american-conference-on-migration',
    parties: ['GUY', 'SUR'],
    role: 'member',
    asOf: '2000-05',
    quote: "The I CSM (Buenos Aires, May 2000) decided to invite Guyana and Suriname ('Posteriormente, participaron Guyana y Surinam'); no joining date found.",
  },
  {
    mechanism: 'budapest-process',
    parties: ['IND'],
    role: 'observer',
    asOf: '2015-02',
    quote: 'India is in neither the Oct 2013 nor the Feb 2015 observer lists, so it became an observer after Feb 2015 (not dated).',
  },
  {
    mechanism: 'almaty-process',
    parties: ['TKM', 'ITA'],
    role: 'observer',
    asOf: '2016-10',
    quote: 'Not among the observers (Iran, Pakistan) in Oct 2016; Turkmenistan moved from member (tbc) to observer after Oct 2016 and Italy became an observer. No date found.',
  },
  {
    mechanism: 'caribbean-migration-consultations',
    parties: ['AIA', 'ATG', 'BRB', 'CUB', 'CUW', 'DMA', 'DOM', 'GRD', 'HTI', 'MSR', 'LCA', 'KNA', 'VCT', 'SUR', 'unresolved-st-martin'],
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

// ---------------------------------------------------------------------------------------------
// Participation building
// ---------------------------------------------------------------------------------------------

interface Party {
  country: string | null;
  organization: string | null;
  label: string | null;
}

function partyKey(p: Party): string {
  if (p.country !== null) return p.country;
  if (p.organization !== null) return p.organization;
  if (p.label !== null) return `unresolved-${slug(p.label)}`;
  return fail('party without country, organization or label');
}

/** A row of a current list (members[], observers[], partners, ...). */
interface CurrentRow {
  role: Role;
  party: Party;
  nameInSource: string | null;
  since: number | null;
  note: string | null;
  viaGroup: string | null;
  unverified: boolean;
  unverifiedWhy: string | null;
  extraSourceUrls: string[];
  rowEvents: RawRowEvent[];
}

/** A dated event, from membership-events.json or from a member row's events[]. */
interface DatedEvent {
  type: EventType | 'absent_from_list';
  date: string;
  notBefore: string | null;
  basis: Basis | null;
  sourceUrls: string[];
  note: string;
  order: number;
}

interface WorkInterval {
  role: Role;
  start: string | null;
  startNotBefore: string | null;
  startBasis: StartBasis | null;
  end: string | null;
  endNotBefore: string | null;
  endCause: EndCause | null;
  sourceUrls: string[];
  notes: string[];
  row: CurrentRow | null;
}

interface SnapshotIndexEntry {
  asOf: string;
  url: string;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function main(): void {
  const inputDir = process.argv[2];
  if (inputDir === undefined) fail('usage: tsx scripts/convert-reference.ts <path to the researched dataset>');
  const outDir = resolve(import.meta.dirname, '..', 'data', 'reference');

  const rawMechanisms = readJson<RawMechanism[]>(join(inputDir, 'mechanisms.json'));
  const rawSnapshots = readJson<RawSnapshot[]>(join(inputDir, 'snapshots.json'));
  const rawEvents = readJson<RawEvent[]>(join(inputDir, 'membership-events.json'));
  if (!Array.isArray(rawMechanisms) || !Array.isArray(rawSnapshots) || !Array.isArray(rawEvents)) {
    fail('unexpected input shape');
  }

  const sources = new SourceRegistry();
  // Snapshot titles first, so that the URL keeps its title wherever else it is used.
  for (const s of rawSnapshots) sources.add(s.source_url, s.source_title);

  const mechById = new Map<string, RawMechanism>();
  for (const m of rawMechanisms) {
    if (mechById.has(m.id)) fail(`duplicate mechanism ${m.id}`);
    mechById.set(m.id, m);
  }

  const conflicts: string[] = [];
  const warn = (msg: string): void => {
    conflicts.push(msg);
  };

  // ------------------------------------------------------------------ snapshots (output + index)
  const snapshotIds = new Map<string, number>();
  const snapshotsOut: SnapshotOut[] = [];
  /** mechanism|role|partyKey -> dated listings */
  const snapIndex = new Map<string, SnapshotIndexEntry[]>();
  /** mechanism -> set of party keys seen in snapshots, with roles */
  const snapParties = new Map<string, Map<string, Set<'member' | 'observer'>>>();

  for (const s of rawSnapshots) {
    if (!mechById.has(s.mechanism_id)) fail(`snapshot for unknown mechanism ${s.mechanism_id}`);
    if (!isDate(s.as_of)) fail(`bad as_of ${s.as_of}`);
    const base = `${s.mechanism_id}/${s.role}/${s.as_of}`;
    const n = (snapshotIds.get(base) ?? 0) + 1;
    snapshotIds.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    const parties: SnapshotOut['parties'] = s.parties.map((p) => {
      const organization = p.org !== null ? resolveOrg(p.org) : null;
      if (p.iso3 === null && organization === null) fail(`snapshot ${id}: party without iso3 or org`);
      const sinceNote = p.since_in_source !== undefined ? `Joining year given by the source: ${p.since_in_source}.` : null;
      const party: Party = { country: p.iso3, organization: p.iso3 === null ? organization : null, label: null };
      const key = `${s.mechanism_id}|${s.role}|${partyKey(party)}`;
      const list = snapIndex.get(key) ?? [];
      list.push({ asOf: s.as_of, url: s.source_url });
      snapIndex.set(key, list);
      const byParty = snapParties.get(s.mechanism_id) ?? new Map<string, Set<'member' | 'observer'>>();
      const roles = byParty.get(partyKey(party)) ?? new Set<'member' | 'observer'>();
      roles.add(s.role);
      byParty.set(partyKey(party), roles);
      snapParties.set(s.mechanism_id, byParty);
      return {
        country: p.iso3,
        organization: p.iso3 === null ? organization : null,
        name_in_source: p.name_in_source,
        note: joinNotes([p.note, sinceNote]),
      };
    });
    snapshotsOut.push({
      id,
      mechanism: s.mechanism_id,
      as_of: s.as_of,
      role: s.role,
      list_type: s.list_type,
      complete: s.complete,
      stated_count: s.stated_count,
      source: sources.add(s.source_url, s.source_title),
      note: s.notes,
      member_groups: s.member_groups === undefined ? null : s.member_groups.map((g) => ({ name: g, note: null })),
      parties,
    });
  }
  snapshotsOut.sort((a, b) => cmpStr(a.id, b.id));

  // ------------------------------------------------------------------ mechanisms
  const mechanismsOut: Mechanism[] = [];
  let wordingsTotal = 0;
  const otherWordings: string[] = [];

  for (const m of rawMechanisms) {
    const mechSourceIds = sources.ids(m.sources);
    const confidence: Confidence | null = m.status_confidence ?? null;

    // Levels
    let levels: LevelInterval[];
    const levelOverride = LEVEL_OVERRIDES[m.id];
    if (levelOverride !== undefined) {
      levels = levelOverride.map((l) => ({
        level: l.level,
        start: l.start,
        end: l.end,
        end_not_before: l.end_not_before,
        note: l.note,
        sources: l.sourceUrls === 'mechanism' ? mechSourceIds : sources.ids(l.sourceUrls),
      }));
      for (const l of levelOverride) {
        if (l.sourceUrls !== 'mechanism') for (const u of l.sourceUrls) if (!m.sources.includes(u)) fail(`${m.id}: level source not in record: ${u}`);
      }
      const last = levels[levels.length - 1];
      if (last === undefined || last.level !== m.type) fail(`${m.id}: level history must end with the current type`);
    } else {
      let note: string | null = null;
      const cls = (m.iom_classification ?? '').replace(/^\s*\|\s*/, '').trim();
      if (m.id === 'prague-process') {
        note = `Classification contested; one RCP interval kept (IOM's own profile pages type it as an RCP). Contested reading: ${cls}`;
      } else if (m.classification_contested === true) {
        note = `Classification contested: ${cls}`;
      } else if (m.id === 'midiocc') {
        note =
          "Classification conflict (status note): \"IOM page 'Type' field says 'Interregional forum on migration (Regions: Western Indian Ocean)' " +
          "while its text says 'MiDIOCC is an RCP bringing together the IOC Member States'.\" Kept as an RCP, as in the input.";
      } else if (cls.length > 0) {
        note = cls;
      }
      levels = [{ level: m.type, start: null, end: null, end_not_before: null, note, sources: mechSourceIds }];
    }

    // Statuses
    let statuses: StatusInterval[];
    const statusOverride = STATUS_OVERRIDES[m.id];
    if (statusOverride !== undefined) {
      statuses = statusOverride.map((s) => ({ ...s, confidence, sources: mechSourceIds }));
    } else {
      if (m.status !== 'active') fail(`${m.id}: status ${m.status} needs a hand-written history`);
      statuses = [
        {
          status: 'active',
          start: m.established === null ? null : String(m.established),
          end: null,
          end_not_before: null,
          confidence,
          note: m.status_note,
          sources: mechSourceIds,
        },
      ];
    }
    const lastStatus = statuses[statuses.length - 1];
    const expected: Status = m.status === 'inactive' ? 'dormant' : m.status;
    if (lastStatus === undefined || lastStatus.status !== expected) fail(`${m.id}: status history must end with ${expected}`);

    // Themes
    const themes: Mechanism['themes'] = [];
    for (const wording of m.thematic_focus) {
      wordingsTotal += 1;
      const ids = themesFor(wording);
      if (ids.length === 1 && ids[0] === 'other') otherWordings.push(`${m.id}: ${wording}`);
      for (const theme of ids) {
        if (!themes.some((t) => t.theme === theme && t.wording === wording)) themes.push({ theme, wording });
      }
    }

    // Supporting organizations (the source's qualifiers are kept in notes)
    const supporting: string[] = [];
    const qualified: string[] = [];
    for (const w of m.supporting_organizations) {
      const ids = resolveOrgs(w);
      for (const id of ids) if (!supporting.includes(id)) supporting.push(id);
      const o = ids.length === 1 ? orgById.get(ids[0] as string) : undefined;
      if (o === undefined || (w !== o.name && w !== o.acronym)) qualified.push(w);
    }

    // Secretariat
    let secretariat: Mechanism['secretariat'] = null;
    if (m.secretariat !== null) {
      const orgId = SECRETARIAT_ORG[m.id] ?? null;
      if (orgId !== null) {
        if (!orgById.has(orgId)) fail(`${m.id}: unknown secretariat org ${orgId}`);
        usedOrgs.add(orgId);
      }
      secretariat = { text: m.secretariat, organization: orgId };
    } else if (SECRETARIAT_ORG[m.id] !== undefined) {
      fail(`${m.id}: secretariat organization set but no secretariat text`);
    }

    const unverified = m.from_recall.map((entry) => {
      const field = (entry.split(/[([]/)[0] ?? '').trim();
      if (field.length === 0) fail(`${m.id}: cannot read from_recall entry "${entry}"`);
      return { field, note: entry };
    });

    const membershipNote = joinNotes([m.membership_note, m.observers_note !== undefined ? `Observers: ${m.observers_note}` : null]);
    const notes = joinNotes([
      m.notes,
      qualified.length > 0 ? `Supporting organizations as worded by the source: ${m.supporting_organizations.join('; ')}.` : null,
    ]);

    mechanismsOut.push({
      id: m.id,
      name: m.name,
      acronym: m.acronym,
      names: convertNames(m),
      established: m.established,
      region: m.region ?? m.regions_bridged ?? null,
      levels,
      statuses,
      last_evidence_of_activity: m.last_evidence_of_activity ?? null,
      structure: m.structure,
      chair_model: m.chair_model,
      secretariat,
      supporting_organizations: supporting,
      website: m.website,
      themes,
      membership_note: membershipNote,
      members_complete: m.members_complete ?? null,
      member_groups: (m.member_groups ?? []).map((g) => ({ name: g.name, note: g.note === undefined || g.note === '' ? null : g.note })),
      key_outputs: m.key_outputs.map((k) => ({ title: k.title, year: k.year })),
      unverified_fields: unverified,
      sources: mechSourceIds,
      notes,
    });
  }
  mechanismsOut.sort((a, b) => cmpStr(a.id, b.id));

  // ------------------------------------------------------------------ participation
  const participationOut: Participation[] = [];
  const eventsByMech = new Map<string, RawEvent[]>();
  rawEvents.forEach((e) => {
    if (!mechById.has(e.mechanism_id)) fail(`event for unknown mechanism ${e.mechanism_id}`);
    const list = eventsByMech.get(e.mechanism_id) ?? [];
    list.push(e);
    eventsByMech.set(e.mechanism_id, list);
  });

  let appliedBounds = 0;
  let snapshotOnlyPairs = 0;
  let snapshotOnlyRoleTriples = 0;
  const snapshotOnlyExamples: string[] = [];

  for (const m of rawMechanisms) {
    const mechRecallMembers = m.from_recall.some((e) => /^members\b/.test(e));
    const hasRowFlags = m.members.some((r) => r.from_recall === true);
    const est = m.established;
    const concluded = STATUS_OVERRIDES[m.id]?.find((s) => s.status === 'concluded') ?? null;

    // 1. Current rows
    const rows: CurrentRow[] = [];
    for (const r of m.members) {
      let party: Party;
      const extra: string[] = [];
      let note = r.note ?? null;
      if (r.iso3 !== null) party = { country: r.iso3, organization: null, label: null };
      else {
        const label = r.name_in_source ?? r.name ?? fail(`${m.id}: member without iso3 or name`);
        party = { country: null, organization: null, label };
        if (r.resolution_evidence !== undefined) {
          extra.push(...urlsIn(r.resolution_evidence));
          note = joinNotes([note, `Unresolved on purpose. Evidence for a resolution (not applied): ${r.resolution_evidence}`]);
        }
      }
      const rowRecall = r.from_recall === true;
      const mechRecall = !hasRowFlags && mechRecallMembers;
      rows.push({
        role: 'member',
        party,
        nameInSource: r.name_in_source ?? r.name ?? null,
        since: r.since,
        note,
        viaGroup: r.via_group ?? null,
        unverified: rowRecall || mechRecall,
        unverifiedWhy: rowRecall
          ? 'Row from recall (from_recall: true).'
          : mechRecall
            ? `Member list not backed by a source read (from_recall: "${m.from_recall.find((e) => /^members\b/.test(e)) ?? ''}").`
            : null,
        extraSourceUrls: extra,
        rowEvents: r.events ?? [],
      });
    }
    for (const g of m.core_group_named_states ?? []) {
      rows.push({
        role: 'member',
        party: { country: g.iso3, organization: null, label: null },
        nameInSource: g.name_in_source,
        since: g.since,
        note: g.note ?? null,
        viaGroup: 'Core Group of States',
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const w of m.member_organizations ?? []) {
      rows.push({
        role: 'member',
        party: { country: null, organization: resolveOrg(w), label: null },
        nameInSource: w,
        since: null,
        note: 'Member organisation.',
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const o of m.observers) {
      const party: Party =
        o.kind === 'state'
          ? { country: o.iso3 ?? fail(`${m.id}: state observer without iso3`), organization: null, label: null }
          : { country: null, organization: resolveOrg(o.name_in_source), label: null };
      rows.push({
        role: 'observer',
        party,
        nameInSource: o.name_in_source,
        since: null,
        note: o.note ?? null,
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const p of m.partners ?? []) {
      const party: Party =
        p.kind === 'state'
          ? { country: p.iso3 ?? fail(`${m.id}: state partner without iso3`), organization: null, label: null }
          : { country: null, organization: resolveOrg(p.name_in_source), label: null };
      rows.push({
        role: 'partner',
        party,
        nameInSource: p.name_in_source,
        since: null,
        note: p.note ?? null,
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }
    for (const p of m.institutional_partners ?? []) {
      rows.push({
        role: 'partner',
        party: { country: null, organization: resolveOrg(p.name), label: null },
        nameInSource: p.name,
        since: null,
        note: p.note ?? null,
        viaGroup: null,
        unverified: false,
        unverifiedWhy: null,
        extraSourceUrls: [],
        rowEvents: [],
      });
    }

    // Group rows and events by party
    const partyOrder: string[] = [];
    const partyOf = new Map<string, Party>();
    const rowsByParty = new Map<string, Map<Role, CurrentRow>>();
    for (const row of rows) {
      const k = partyKey(row.party);
      if (!partyOf.has(k)) {
        partyOf.set(k, row.party);
        partyOrder.push(k);
      }
      const byRole = rowsByParty.get(k) ?? new Map<Role, CurrentRow>();
      if (byRole.has(row.role)) fail(`${m.id}: ${k} listed twice as ${row.role}`);
      byRole.set(row.role, row);
      rowsByParty.set(k, byRole);
    }
    const eventsByParty = new Map<string, DatedEvent[]>();
    let order = 0;
    for (const e of eventsByMech.get(m.id) ?? []) {
      const party: Party =
        e.iso3 !== null
          ? { country: e.iso3, organization: null, label: null }
          : { country: null, organization: resolveOrg(e.org ?? fail('event without party')), label: null };
      const k = partyKey(party);
      if (!partyOf.has(k)) {
        partyOf.set(k, party);
        partyOrder.push(k);
      }
      if (!isDate(e.date)) fail(`bad event date ${e.date}`);
      const urls = [e.source_url];
      if (e.conflicting_source !== undefined) urls.push(e.conflicting_source);
      const list = eventsByParty.get(k) ?? [];
      list.push({
        type: e.event,
        date: e.date,
        notBefore: e.not_before ?? null,
        basis: e.basis,
        sourceUrls: urls,
        note: `${e.event} ${e.date} (${e.basis}): ${e.notes}${e.conflicting_source !== undefined ? ` Conflicting source: ${e.conflicting_source}` : ''}`,
        order: order++,
      });
      eventsByParty.set(k, list);
    }
    for (const row of rows) {
      for (const re of row.rowEvents) {
        const k = partyKey(row.party);
        const list = eventsByParty.get(k) ?? [];
        list.push({
          type: re.event,
          date: re.date,
          notBefore: null,
          basis: null,
          sourceUrls: re.sources,
          note:
            re.event === 'absent_from_list'
              ? `absent from a list dated ${re.date}: taken as having left by that date (leave date and cause unknown).`
              : `${re.event} ${re.date}: ${re.note ?? ''}`,
          order: order++,
        });
        eventsByParty.set(k, list);
      }
    }

    // Snapshot-only parties (reported, not converted)
    for (const [k, roles] of snapParties.get(m.id) ?? new Map<string, Set<'member' | 'observer'>>()) {
      if (!partyOf.has(k)) {
        snapshotOnlyPairs += 1;
        if (snapshotOnlyExamples.length < 8) snapshotOnlyExamples.push(`${m.id}/${k}`);
      } else {
        for (const role of roles) {
          const hasRow = rowsByParty.get(k)?.has(role) ?? false;
          const hasEvent = (eventsByParty.get(k) ?? []).length > 0;
          if (!hasRow && !hasEvent) snapshotOnlyRoleTriples += 1;
        }
      }
    }

    const mechSourceUrls = m.sources;
    const snapshotsFor = (k: string, role: Role): SnapshotIndexEntry[] =>
      role === 'member' || role === 'observer'
        ? [...(snapIndex.get(`${m.id}|${role}|${k}`) ?? [])].sort((a, b) => cmpStr(lo(a.asOf), lo(b.asOf)))
        : [];

    for (const k of partyOrder) {
      const party = partyOf.get(k) as Party;
      const byRole = rowsByParty.get(k) ?? new Map<Role, CurrentRow>();
      const evs = [...(eventsByParty.get(k) ?? [])].sort((a, b) => cmpStr(lo(a.date), lo(b.date)) || a.order - b.order);
      const intervals: WorkInterval[] = [];
      const open = new Map<Role, WorkInterval>();
      let pendingNotes: string[] = [];
      let pendingSources: string[] = [];
      const label = `${m.id}/${k}`;

      const newInterval = (role: Role, start: string | null, notBefore: string | null, basis: StartBasis | null): WorkInterval => {
        const iv: WorkInterval = {
          role,
          start,
          startNotBefore: notBefore,
          startBasis: basis,
          end: null,
          endNotBefore: null,
          endCause: null,
          sourceUrls: [...pendingSources],
          notes: [...pendingNotes],
          row: byRole.get(role) ?? null,
        };
        pendingNotes = [];
        pendingSources = [];
        intervals.push(iv);
        open.set(role, iv);
        return iv;
      };
      const sinceStart = (role: Role): { start: string | null; basis: StartBasis | null } => {
        const since = byRole.get(role)?.since ?? null;
        if (since === null) return { start: null, basis: null };
        return { start: String(since), basis: est !== null && since === est ? 'founding' : 'stated' };
      };
      const close = (iv: WorkInterval, date: string, notBefore: string | null, cause: EndCause): void => {
        iv.end = date;
        iv.endNotBefore = notBefore;
        iv.endCause = cause;
        open.delete(iv.role);
      };

      for (const ev of evs) {
        if (ev.type === 'joined' || ev.type === 'readmitted') {
          const current = open.get('member');
          if (current !== undefined) {
            warn(`${label}: ${ev.type} ${ev.date} while a member interval is already open; event kept as a note`);
            current.notes.push(`Also: ${ev.note}`);
            current.sourceUrls.push(...ev.sourceUrls);
            continue;
          }
          const iv = newInterval('member', ev.date, ev.notBefore, ev.basis);
          iv.notes.push(`Start: ${ev.note}`);
          iv.sourceUrls.push(...ev.sourceUrls);
        } else if (ev.type === 'left' || ev.type === 'suspended' || ev.type === 'absent_from_list') {
          let iv = open.get('member');
          if (iv === undefined) {
            if (est !== null && yearOf(ev.date) < est) {
              warn(
                `${label}: ${ev.type} ${ev.date} (${ev.basis ?? 'row event'}) precedes the mechanism's establishment (${est}); ` +
                  'no interval opened before it, the event is kept as a note on the next interval',
              );
              pendingNotes.push(
                `Before the mechanism existed (established ${est}): ${ev.note} No participation interval is opened before the next dated event.`,
              );
              pendingSources.push(...ev.sourceUrls);
              continue;
            }
            const s = sinceStart('member');
            iv = newInterval('member', s.start, null, s.basis);
          }
          iv.notes.push(`End: ${ev.note}`);
          iv.sourceUrls.push(...ev.sourceUrls);
          close(iv, ev.date, ev.notBefore, ev.type === 'left' ? 'left' : ev.type === 'suspended' ? 'suspended' : 'unknown');
        } else {
          // became_observer
          const member = open.get('member');
          if (member !== undefined) {
            member.notes.push(`End: ${ev.note}`);
            member.sourceUrls.push(...ev.sourceUrls);
            close(member, ev.date, ev.notBefore, 'role_changed');
          } else {
            const earlier = snapshotsFor(k, 'member').filter((s) => lo(s.asOf) < lo(ev.date));
            if (earlier.length > 0) {
              const s = sinceStart('member');
              const iv = newInterval('member', s.start, null, s.basis);
              iv.notes.push(`Member before becoming an observer: listed as such on ${earlier.map((x) => x.asOf).join(', ')}. End: ${ev.note}`);
              iv.sourceUrls.push(...ev.sourceUrls, ...earlier.map((x) => x.url));
              close(iv, ev.date, ev.notBefore, 'role_changed');
            }
          }
          if (open.has('observer')) {
            warn(`${label}: became_observer ${ev.date} while an observer interval is open`);
            continue;
          }
          const obs = newInterval('observer', ev.date, ev.notBefore, ev.basis);
          obs.notes.push(`Start: ${ev.note}`);
          obs.sourceUrls.push(...ev.sourceUrls);
        }
      }
      if (pendingNotes.length > 0) warn(`${label}: pre-establishment event notes with no later interval`);

      // Reconcile with the current lists.
      for (const [role, row] of byRole) {
        const mine = intervals.filter((iv) => iv.role === role);
        if (open.has(role)) continue;
        if (mine.length === 0) {
          const s = sinceStart(role);
          newInterval(role, s.start, null, s.basis);
          continue;
        }
        // In the current list, but every interval of this role is closed: a conflict.
        const lastEnd = mine[mine.length - 1]?.end ?? null;
        const later = snapshotsFor(k, role).filter((s) => lastEnd !== null && lo(s.asOf) >= lo(lastEnd));
        const first = later[0];
        if (first !== undefined) {
          warn(`${label}: listed as ${role} today but the events closed it; reopened at ${first.asOf} from a later snapshot`);
          const iv = newInterval(role, first.asOf, lastEnd, 'derived_from_snapshots');
          iv.notes.push(`Reopened: listed again as ${role} on ${first.asOf} after the interval closed on ${lastEnd ?? '?'}.`);
          iv.sourceUrls.push(first.url);
        } else {
          const why = mine[mine.length - 1]?.endCause ?? 'unknown';
          warn(
            `${label}: still in the current ${role} list (${row.nameInSource ?? k}) but closed by a dated event (${why}, ` +
              `${lastEnd ?? '?'}); no later evidence of return: left closed, noted`,
          );
          const lastIv = mine[mine.length - 1] as WorkInterval;
          lastIv.row = row;
          lastIv.notes.push(
            `Conflict: the party is still in the source's current ${role} list, but the dated event above is later evidence; ` +
              'the interval is left closed and no return is assumed.',
          );
        }
      }
      // Open intervals in a role the party no longer holds in any current list.
      for (const [role, iv] of [...open]) {
        if (byRole.has(role)) continue;
        const otherRole = [...byRole.keys()].find((r) => r !== role);
        if (otherRole === undefined) {
          warn(`${label}: open ${role} interval but the party is in no current list; left open`);
          iv.notes.push('Conflict: not in any current list of the source; left open for lack of a dated end.');
          continue;
        }
        const otherIvs = intervals.filter((x) => x.role === otherRole);
        const later = snapshotsFor(k, otherRole).filter((s) => iv.start === null || lo(s.asOf) > lo(iv.start));
        const first = later[0];
        if (first !== undefined && otherIvs.every((x) => x.end !== null || x.start === null)) {
          warn(
            `${label}: ${role} interval from ${iv.start ?? '?'} is not in the current lists, where the party is a ${otherRole}; ` +
              `closed at the first later ${otherRole} listing (${first.asOf}) and the ${otherRole} interval starts there`,
          );
          close(iv, first.asOf, iv.start, 'role_changed');
          iv.notes.push(`End: first listed as ${otherRole} on ${first.asOf} (approximate date of that list: see the snapshot).`);
          iv.sourceUrls.push(first.url);
          const openOther = otherIvs.find((x) => x.end === null && x.start === null);
          if (openOther !== undefined) {
            openOther.start = first.asOf;
            openOther.startNotBefore = iv.start;
            openOther.startBasis = 'derived_from_snapshots';
            openOther.notes.push(
              `Start: first listed as ${otherRole} on ${first.asOf}, after being listed as ${role} from ${iv.start ?? '?'}.`,
            );
            openOther.sourceUrls.push(first.url);
          }
        } else {
          warn(`${label}: open ${role} interval not in the current lists; left open`);
          iv.notes.push(`Conflict: not in the current ${role} list of the source; left open for lack of a dated end.`);
        }
      }

      // A concluded mechanism ends every interval still open.
      if (concluded !== null && concluded.start !== null) {
        for (const iv of intervals) {
          if (iv.end === null) {
            iv.end = concluded.start;
            iv.endCause = 'mechanism_concluded';
            iv.notes.push(`End: the mechanism concluded (${concluded.start}).`);
          }
        }
      }

      // Lower bounds on undated starts stated by the research notes
      for (const b of START_BOUNDS) {
        if (b.mechanism !== m.id || !b.parties.includes(k)) continue;
        const snap = rawSnapshots.find((s) => s.mechanism_id === m.id && s.as_of === b.asOf && s.role === b.role);
        if (snap === undefined) fail(`start bound ${m.id}/${k}: no ${b.role} snapshot dated ${b.asOf}`);
        if (snapshotsFor(k, b.role).some((s) => lo(s.asOf) <= lo(b.asOf))) fail(`start bound ${m.id}/${k}: listed as ${b.role} on or before ${b.asOf}`);
        const target = intervals.find((iv) => iv.role === b.role && iv.row !== null && iv.start === null && iv.startNotBefore === null);
        if (target === undefined) fail(`start bound ${m.id}/${k}/${b.role}: no undated interval to bound`);
        target.startNotBefore = b.asOf;
        target.notes.push(`start_not_before ${b.asOf} (research notes): ${b.quote}`);
        target.sourceUrls.push(snap.source_url);
        appliedBounds += 1;
      }

      // Emit
      const counters = new Map<Role, number>();
      const ordered = [...intervals].sort((a, b) => {
        if (a.role !== b.role) return cmpStr(a.role, b.role);
        if (a.start === null) return b.start === null ? 0 : -1;
        if (b.start === null) return 1;
        return cmpStr(lo(a.start), lo(b.start));
      });
      for (const iv of ordered) {
        const n = (counters.get(iv.role) ?? 0) + 1;
        counters.set(iv.role, n);
        const row = iv.row;
        const urls = [...iv.sourceUrls];
        if (row !== null) urls.push(...mechSourceUrls, ...row.extraSourceUrls);
        if (urls.length === 0) fail(`${label}: interval without sources`);
        const attested = snapshotsFor(k, iv.role).find((s) => inInterval(s.asOf, iv.start, iv.end));
        if (attested !== undefined && !urls.includes(attested.url)) urls.push(attested.url);
        const eventBacked = iv.sourceUrls.length > 0;
        const recallNote =
          row === null || !row.unverified
            ? null
            : eventBacked
              ? `The dated events are sourced; the participation itself is unverified: ${row.unverifiedWhy ?? ''}`
              : row.unverifiedWhy;
        participationOut.push({
          id: `${m.id}/${k}/${iv.role}/${n}`,
          mechanism: m.id,
          country: party.country,
          organization: party.organization,
          party_label: party.label,
          name_in_source: row?.nameInSource ?? null,
          role: iv.role,
          start: iv.start,
          start_not_before: iv.startNotBefore,
          start_basis: iv.startBasis,
          end: iv.end,
          end_not_before: iv.endNotBefore,
          end_cause: iv.endCause,
          first_attested: attested?.asOf ?? null,
          via_group: row?.viaGroup ?? null,
          verification: row !== null && row.unverified ? 'unverified' : 'sourced',
          sources: sources.ids(uniq(urls)),
          note: joinNotes([row?.note, ...iv.notes, recallNote]),
        });
        if (party.organization !== null) usedOrgs.add(party.organization);
      }
    }
  }
  participationOut.sort((a, b) => cmpStr(a.mechanism, b.mechanism) || cmpStr(a.id, b.id));

  const expectedBounds = START_BOUNDS.reduce((n, b) => n + b.parties.length, 0);
  if (appliedBounds !== expectedBounds) fail(`applied ${appliedBounds} of ${expectedBounds} start bounds`);

  // ------------------------------------------------------------------ organizations, themes, sources
  const unusedOrgs = ORGS.filter((o) => !usedOrgs.has(o.id)).map((o) => o.id);
  const organizationsOut: Organization[] = ORGS.filter((o) => usedOrgs.has(o.id))
    .map((o) => ({ id: o.id, name: o.name, acronym: o.acronym, kind: o.kind, note: o.note }))
    .sort((a, b) => cmpStr(a.id, b.id));
  const themesOut: Theme[] = THEMES.map((t) => ({ id: t.id, name: t.name, description: t.description }));
  const sourcesOut = sources.output();

  // ------------------------------------------------------------------ validation
  const problems = validate({
    sources: sourcesOut,
    themes: themesOut,
    organizations: organizationsOut,
    mechanisms: mechanismsOut,
    participation: participationOut,
    snapshots: snapshotsOut,
  });
  if (problems.length > 0) {
    for (const p of problems) console.error(`INVALID: ${p}`);
    fail(`${problems.length} validation problem(s); nothing written`);
  }

  // ------------------------------------------------------------------ write
  mkdirSync(outDir, { recursive: true });
  const write = (name: string, data: unknown): void => {
    writeFileSync(join(outDir, name), `${JSON.stringify(data, null, 1)}\n`, 'utf8');
  };
  write('sources.json', sourcesOut);
  write('themes.json', themesOut);
  write('organizations.json', organizationsOut);
  write('mechanisms.json', mechanismsOut);
  write('participation.json', participationOut);
  write('snapshots.json', snapshotsOut);

  // ------------------------------------------------------------------ report
  const byRole = new Map<string, number>();
  for (const p of participationOut) byRole.set(p.role, (byRole.get(p.role) ?? 0) + 1);
  const openCount = participationOut.filter((p) => p.end === null).length;
  console.log(`wrote ${outDir}`);
  console.log(`mechanisms: ${mechanismsOut.length}`);
  console.log(
    `participation rows: ${participationOut.length} (${[...byRole].sort((a, b) => cmpStr(a[0], b[0])).map(([r, n]) => `${r} ${n}`).join(', ')})`,
  );
  console.log(`  open intervals: ${openCount}, closed: ${participationOut.length - openCount}`);
  console.log(`  unverified rows: ${participationOut.filter((p) => p.verification === 'unverified').length}`);
  console.log(`snapshots: ${snapshotsOut.length}`);
  console.log(`undated starts given a start_not_before from the research notes: ${appliedBounds}`);
  console.log(`themes: ${themesOut.length}`);
  console.log(`organizations: ${organizationsOut.length}${unusedOrgs.length > 0 ? ` (defined but unused: ${unusedOrgs.join(', ')})` : ''}`);
  console.log(`sources: ${sourcesOut.length}`);
  console.log(`thematic wordings: ${wordingsTotal}; mapped to "other": ${otherWordings.length}`);
  for (const w of otherWordings) console.log(`  other <- ${w}`);
  console.log(
    `parties only in snapshots (no participation rows): ${snapshotOnlyPairs} (mechanism, party) pairs; ` +
      `${snapshotOnlyRoleTriples} more (mechanism, party, role) listings of parties present in another role only`,
  );
  console.log(`  e.g. ${snapshotOnlyExamples.join(', ')}`);
  console.log(`conflicts: ${conflicts.length}`);
  for (const c of conflicts) console.log(`  CONFLICT ${c}`);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

interface Dataset {
  sources: Source[];
  themes: Theme[];
  organizations: Organization[];
  mechanisms: Mechanism[];
  participation: Participation[];
  snapshots: SnapshotOut[];
}

function validate(d: Dataset): string[] {
  const problems: string[] = [];
  const srcIds = new Set(d.sources.map((s) => s.id));
  const themeIds = new Set(d.themes.map((t) => t.id));
  const orgIds = new Set(d.organizations.map((o) => o.id));
  const mechIds = new Set(d.mechanisms.map((m) => m.id));
  const checkSources = (where: string, ids: string[]): void => {
    if (ids.length === 0) problems.push(`${where}: no sources`);
    for (const id of ids) if (!srcIds.has(id)) problems.push(`${where}: unknown source ${id}`);
  };
  const checkDate = (where: string, d2: string | null): void => {
    if (d2 !== null && !isDate(d2)) problems.push(`${where}: bad date ${d2}`);
  };
  const checkOrder = (where: string, start: string | null, end: string | null): void => {
    if (start !== null && end !== null && !(lo(end) > lo(start))) problems.push(`${where}: end ${end} not after start ${start}`);
  };
  const checkHistory = (where: string, ivs: { start: string | null; end: string | null; end_not_before: string | null }[]): void => {
    ivs.forEach((iv, i) => {
      checkDate(where, iv.start);
      checkDate(where, iv.end);
      checkDate(where, iv.end_not_before);
      checkOrder(`${where}[${i}]`, iv.start, iv.end);
      if (iv.end_not_before !== null && iv.end !== null && lo(iv.end_not_before) > lo(iv.end)) problems.push(`${where}[${i}]: end_not_before after end`);
      const next = ivs[i + 1];
      if (next !== undefined) {
        if (iv.end !== next.start) problems.push(`${where}[${i}]: not contiguous (${iv.end} vs ${next.start})`);
        if (iv.end === null && iv.end_not_before === null) problems.push(`${where}[${i}]: open interval followed by another`);
      } else if (iv.end !== null) problems.push(`${where}: last interval is closed`);
    });
  };

  for (const m of d.mechanisms) {
    checkSources(`mechanism ${m.id}`, m.sources);
    if (m.levels.length === 0 || m.statuses.length === 0) problems.push(`${m.id}: empty level/status history`);
    m.levels.forEach((l, i) => checkSources(`${m.id}.levels[${i}]`, l.sources));
    m.statuses.forEach((s, i) => checkSources(`${m.id}.statuses[${i}]`, s.sources));
    checkHistory(`${m.id}.levels`, m.levels);
    checkHistory(`${m.id}.statuses`, m.statuses);
    for (const t of m.themes) if (!themeIds.has(t.theme)) problems.push(`${m.id}: unknown theme ${t.theme}`);
    for (const o of m.supporting_organizations) if (!orgIds.has(o)) problems.push(`${m.id}: unknown org ${o}`);
    if (m.secretariat?.organization != null && !orgIds.has(m.secretariat.organization)) problems.push(`${m.id}: unknown secretariat org`);
  }

  const pIds = new Set<string>();
  const groups = new Map<string, Participation[]>();
  for (const p of d.participation) {
    if (pIds.has(p.id)) problems.push(`duplicate participation id ${p.id}`);
    pIds.add(p.id);
    if (!mechIds.has(p.mechanism)) problems.push(`${p.id}: unknown mechanism`);
    const set = [p.country, p.organization, p.party_label].filter((x) => x !== null).length;
    if (set !== 1) problems.push(`${p.id}: exactly one of country/organization/party_label must be set`);
    if (p.country !== null && !/^[A-Z]{3}$/.test(p.country)) problems.push(`${p.id}: bad country ${p.country}`);
    if (p.organization !== null && !orgIds.has(p.organization)) problems.push(`${p.id}: unknown org ${p.organization}`);
    checkSources(p.id, p.sources);
    for (const x of [p.start, p.start_not_before, p.end, p.end_not_before, p.first_attested]) checkDate(p.id, x);
    checkOrder(p.id, p.start, p.end);
    if (p.first_attested !== null && !inInterval(p.first_attested, p.start, p.end)) problems.push(`${p.id}: first_attested outside interval`);
    if (p.first_attested !== null && p.start_not_before !== null && hi(p.first_attested) < lo(p.start_not_before)) {
      problems.push(`${p.id}: first_attested before start_not_before`);
    }
    if (p.start !== null && p.start_not_before !== null && lo(p.start_not_before) > lo(p.start)) problems.push(`${p.id}: start_not_before after start`);
    if (p.end !== null && p.end_not_before !== null && lo(p.end_not_before) > lo(p.end)) problems.push(`${p.id}: end_not_before after end`);
    if ((p.end === null) !== (p.end_cause === null) && !(p.end === null && p.end_cause === null)) problems.push(`${p.id}: end/end_cause mismatch`);
    const key = `${p.mechanism}|${p.country ?? p.organization ?? p.party_label ?? ''}|${p.role}`;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  for (const [key, list] of groups) {
    const sorted = [...list].sort((a, b) => cmpStr(a.id, b.id));
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i] as Participation;
      const b = sorted[i + 1] as Participation;
      if (a.end === null || b.start === null || lo(b.start) < lo(a.end)) problems.push(`${key}: overlapping intervals ${a.id} / ${b.id}`);
    }
  }

  const snapIds = new Set<string>();
  for (const s of d.snapshots) {
    if (snapIds.has(s.id)) problems.push(`duplicate snapshot id ${s.id}`);
    snapIds.add(s.id);
    if (!mechIds.has(s.mechanism)) problems.push(`${s.id}: unknown mechanism`);
    if (!srcIds.has(s.source)) problems.push(`${s.id}: unknown source`);
    for (const p of s.parties) {
      if ((p.country === null) === (p.organization === null)) problems.push(`${s.id}: party must have exactly one of country/organization`);
      if (p.organization !== null && !orgIds.has(p.organization)) problems.push(`${s.id}: unknown org ${p.organization}`);
    }
  }
  return problems;
}

main();
