/**
 * Converts the researched ISCM dataset into ISCM Hub's own reference dataset.
 *
 *   node_modules/.bin/tsx scripts/convert-reference.ts <path to the researched dataset>
 *
 * Reads mechanisms.json, snapshots.json, membership-events.json and global-meetings.json (and quotes
 * from the research notes) from the given folder and writes sources.json, themes.json,
 * organizations.json, mechanisms.json, participation.json, snapshots.json and meetings.json to
 * data/reference/ (format: data/reference/FORMAT.md). The output is deterministic: running it twice
 * on the same input gives byte-identical files.
 *
 * Cardinal rule: nothing is invented. Every membership, date and count comes from the input,
 * every fact keeps its sources, and every interpretation of prose is written down in a `note`
 * (the hand-written level/status histories are in LEVEL_OVERRIDES / STATUS_OVERRIDES below).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { formatNoteCounts, splitDatasetNotes } from './reference/notes.js';
import { join, resolve } from 'node:path';
import { applyCorrections } from './reference/corrections.js';
import { importMeetingAdditions } from './reference/meetings-additions.js';
import { newMechanisms } from './reference/new-mechanisms.js';
import { type Attestation, Citations, type MechanismNames, type SourceDescription, type ViaBloc } from './reference/citations.js';
import { buildReported } from './reference/reported-figures.js';

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

interface Source extends Partial<SourceDescription> {
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

interface Mechanism extends Partial<MechanismNames> {
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
  /** how the row is named by a source: reference/citations.ts */
  attestation: Attestation;
  via_bloc: ViaBloc | null;
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
  private readonly byUrl = new Map<string, { title: string | null; accessed: string | null }>();

  /** `accessed`: the month the page was (re-)read, when not the research's (ACCESSED); the latest given wins. */
  add(url: string, title: string | null = null, accessed: string | null = null): string {
    if (!/^https?:\/\/\S+$/.test(url)) fail(`not a URL: ${url}`);
    const known = this.byUrl.get(url);
    if (known === undefined) this.byUrl.set(url, { title, accessed });
    else {
      if (known.title === null && title !== null) known.title = title;
      if (accessed !== null && (known.accessed === null || accessed > known.accessed)) known.accessed = accessed;
    }
    return SourceRegistry.idOf(url);
  }

  size(): number {
    return this.byUrl.size;
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
    for (const [url, { title, accessed }] of this.byUrl) {
      const publisher = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : null;
      out.push({ id: SourceRegistry.idOf(url), url, title, publisher, accessed: accessed ?? ACCESSED });
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
// Meetings (meetings.json): the global ISCM meetings (global-meetings.json) and the key meetings
// of each mechanism that its record states in prose (key_outputs, status_note, notes, structure).
// Every meeting is written out by hand below, with the words of the input it rests on; the
// converter checks that each quoted passage, name and count really occurs in the input.
// ---------------------------------------------------------------------------------------------

interface RawGlobalMeeting {
  id: string;
  kind: 'precursor' | 'grcp' | 'global_iscm_event' | 'side_event';
  ordinal: number | null;
  title: string;
  date: string;
  date_end: string | null;
  city: string | null;
  country_iso3: string | null;
  host: string | null;
  theme: string | null;
  iscms_represented: { count: number | null; names: string[]; note: string };
  participants: string | null;
  outcome_documents: string[];
  sources: string[];
  from_recall: string[];
  notes: string | null;
}

type MeetingKind = 'ministerial' | 'senior-officials' | 'working-group' | 'global-meeting' | 'workshop' | 'webinar' | 'side-event' | 'other';
type MeetingStatus = 'held' | 'planned' | 'postponed' | 'cancelled';
type MeetingRole = 'host' | 'chair' | 'participant' | 'observer' | 'speaker';
type CountWhat = 'mechanisms' | 'participants' | 'delegates' | 'speakers';
type DocKind = 'outcome' | 'report' | 'other';

interface MeetingParticipant {
  mechanism: string | null;
  country: string | null;
  organization: string | null;
  name_in_source: string;
  role: MeetingRole;
  sources: string[];
}

interface ReportedCount {
  what: CountWhat;
  count: number;
  note: string | null;
  sources: string[];
}

interface AgendaItem {
  order: number;
  title: string;
  time: string | null;
  speakers: string[];
}

interface MeetingDocument {
  title: string;
  kind: DocKind;
  date: string | null;
  language: string | null;
  url: string | null;
  sources: string[];
}

interface Meeting {
  id: string;
  series: string | null;
  mechanism: string | null;
  ordinal: number | null;
  title: string;
  kind: MeetingKind;
  start: string;
  end: string | null;
  city: string | null;
  country: string | null;
  online: boolean;
  host: string | null;
  theme: string | null;
  status: MeetingStatus;
  participants: MeetingParticipant[];
  reported_counts: ReportedCount[];
  agenda: AgendaItem[];
  documents: MeetingDocument[];
  sources: string[];
  unverified_fields: { field: string; note: string }[];
  notes: string | null;
}

interface MeetingSeries {
  id: string;
  name: string;
  note: string | null;
  sources: string[];
}

interface MeetingsFile {
  series: MeetingSeries[];
  meetings: Meeting[];
}

const GLOBAL_SERIES_ID = 'global-iscm-meetings';

const GLOBAL_SERIES = {
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
interface PartSpec {
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
interface CountSpec {
  what: CountWhat;
  count: number;
  in: string;
  quote: string | null;
  note: string | null;
  sources?: string[];
}

interface GlobalDocSpec {
  kind: DocKind;
  date?: string;
  language?: string;
  sources?: string[];
}

interface GlobalSpec {
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

const U = {
  rcp2009: 'https://www.iom.int/2009-global-iscm-meeting',
  rcpMeetings: 'https://www.iom.int/global-rcp-meetings',
  news2015: 'https://iom.int/news/iom-arab-league-host-5th-global-meeting-regional-consultative-processes-migration',
  speech2015: 'https://iom.int/speeches/closing-remarks-fifth-global-meeting-chairs-and-secretariats-regional-consultative-processes-migration',
  page2017: 'https://www.iom.int/2017-global-iscm-meeting',
  news2017: 'https://iom.int/news/un-migration-agency-hosts-global-meeting-consultative-processes-migration',
  news2019: 'https://www.iom.int/news/iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration',
  page2021: 'https://iom.int/2021-global-iscm-meeting',
  pp2023:
    'https://pragueprocess.eu/en/news-events/news/743-tenth-meeting-of-global-and-inter-regional-consultative-processes-on-migration-regional-contributions-to-the-global-discussion-on-migration-and-sustainable-development',
};

const IOM_HOST: PartSpec = { name: 'IOM', in: 'host', role: 'host', organization: 'iom' };

const GLOBAL_SPECS: Record<string, GlobalSpec> = {
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
      { name: 'Global Commission on International Migration (GCIM)', in: 'host', role: 'host', mechanism: 'global-commission-international-migration' },
    ],
    counts: [{ what: 'mechanisms', count: 9, in: 'iscms_represented.count', quote: null, note: null, sources: [U.rcpMeetings] }],
    documents: [
      { kind: 'other' },
      { kind: 'other', sources: ['https://lawsdocbox.com/amp/86743209-Immigration/Concluding-statement-colombo-sri-lanka.html'] },
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
      { what: 'participants', count: 60, in: 'participants', quote: 'About 60 people (2009 page)', note: 'About 60.', sources: [U.rcp2009] },
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
      { name: 'IOM Director General', in: 'outcome_documents', role: 'speaker', organization: 'iom', sources: [U.speech2015] },
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
      { kind: 'report', language: 'fr', sources: ['https://pdfslide.fr/documents/cinquime-runion-mondiale-des-prsidents-et-secrtariats-cinquime-runion.html'] },
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
        note: 'The input does not say which of the meeting\'s sources gives this count; all of them are cited.',
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
        note: 'This count is the event page\'s (iom.int/2017-global-iscm-meeting); the press release says 19. Both counts are kept.',
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
      { what: 'delegates', count: 92, in: 'participants', quote: '92 delegates', note: 'Event page: "92 delegates from 22 ISCMs".', sources: [U.page2017] },
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
    counts: [{ what: 'mechanisms', count: 28, in: 'iscms_represented.count', quote: null, note: null, sources: [U.news2019] }],
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
      { kind: 'report', sources: ['https://publications.iom.int/es/books/eighth-global-meeting-chairs-and-secretariats-consultative-processes-migration-grcp-8'] },
      { kind: 'report', sources: ['https://publications.iom.int/books/advancing-common-understanding-migration-governance-across-regions'] },
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
        sources: ['https://iom.int/high-level-webinars-iscms-and-gcm-regional-review-2020', 'https://www.iom.int/fr/high-level-webinars-iscms-and-gcm-regional-review-2020'],
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

/** Where a quoted passage of a mechanism record is: a field name, `key_outputs[i]`, `aliases[i]`, or a research-notes file. */
interface MechQuote {
  in: string;
  text: string;
}

interface MechMeetingSpec {
  mechanism: string;
  slug: string;
  ordinal: number | null;
  title: string;
  kind: MeetingKind;
  start: string;
  end?: string;
  city?: string;
  country?: string;
  online?: boolean;
  host?: string;
  theme?: string;
  status?: MeetingStatus;
  quotes: MechQuote[];
  /** Key outputs adopted at the meeting (index into key_outputs). */
  documents?: { ko: number; kind: DocKind; date?: string }[];
  /** `in` is the field of a quote that names the participant. */
  participants?: PartSpec[];
  counts?: CountSpec[];
  /** `recall` is the start of the mechanism's from_recall entry that concerns the meeting. */
  unverified?: { field: string; recall: string; note?: string }[];
  note?: string;
}

const SN = 'status_note';
const KO = (i: number): string => `key_outputs[${i}]`;
const NOT_PLACE = (what: string): string =>
  `The ${what} is named after a city, but the input does not state where the meeting was held: city left null.`;

const MECHANISM_MEETINGS: MechMeetingSpec[] = [
  // Berne Initiative
  {
    mechanism: 'berne-initiative', slug: 'international-symposium-on-migration', ordinal: null,
    title: 'International Symposium on Migration (launch of the Berne Initiative)', kind: 'other',
    start: '2001-06', city: 'Berne', country: 'CHE',
    quotes: [{ in: 'structure', text: 'Launched at the International Symposium on Migration in Berne (June 2001)' }],
  },
  // GCIM
  {
    mechanism: 'global-commission-international-migration', slug: 'first-regional-hearing', ordinal: 1,
    title: 'First regional hearing of the Global Commission on International Migration', kind: 'other',
    start: '2004-05-17', end: '2004-05-18', city: 'Manila', country: 'PHL',
    quotes: [{ in: 'structure', text: 'regional hearings (first: Manila, 17-18 May 2004)' }],
  },
  // GFMD
  {
    mechanism: 'global-forum-migration-development', slug: 'first-meeting', ordinal: 1,
    title: 'First meeting of the Global Forum on Migration and Development', kind: 'global-meeting',
    start: '2007', city: 'Brussels', country: 'BEL',
    quotes: [
      { in: 'notes', text: "IOM 'Established 2007' (first meeting Brussels 2007)" },
      { in: KO(0), text: 'GFMD Operating Modalities (1st meeting, Brussels; updated 2020)' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  {
    mechanism: 'global-forum-migration-development', slug: '14th-summit', ordinal: 14,
    title: '14th GFMD Summit', kind: 'global-meeting',
    start: '2024-01-23', end: '2024-01-25', city: 'Geneva', country: 'CHE',
    theme: 'The impact of climate change on human mobility',
    quotes: [
      { in: SN, text: '14th Summit, Geneva, 23-25 Jan 2024 (France chair 2022-2023)' },
      { in: KO(2), text: "14th Summit, Geneva (Jan 2024) under the theme 'The impact of climate change on human mobility'" },
      { in: 'notes-irfs-global.md', text: 'GFMD 14th Summit: 123 governments and 49 observers' },
    ],
  },
  {
    mechanism: 'global-forum-migration-development', slug: 'summit-colombia', ordinal: null,
    title: 'GFMD Summit in Colombia', kind: 'global-meeting', status: 'planned',
    start: '2025', country: 'COL',
    quotes: [{ in: SN, text: 'Colombia chair 2024-2025 (from 1 Apr 2024), Summit planned in Colombia in the second half of 2025' }],
    note: 'Planned when the source was read; whether and when it took place is not in the input. City not stated.',
  },
  // IDM
  {
    mechanism: 'international-dialogue-migration', slug: 'new-york-session', ordinal: null,
    title: 'International Dialogue on Migration, New York session (2023)', kind: 'global-meeting',
    start: '2023-03-30', end: '2023-03-31', city: 'New York', country: 'USA',
    quotes: [{ in: SN, text: '2023 New York session 30-31 March 2023' }],
  },
  {
    mechanism: 'international-dialogue-migration', slug: 'new-york-session', ordinal: null,
    title: 'International Dialogue on Migration, New York session (2024)', kind: 'global-meeting',
    start: '2024', end: '2024-05-22', city: 'New York', country: 'USA', theme: 'regular pathways',
    quotes: [{ in: SN, text: '2024 sessions: New York (concluded 22 May 2024, regular pathways)' }],
    note: 'Only the closing day is given: start is given at year precision.',
  },
  // IMRF
  {
    mechanism: 'international-migration-review-forum', slug: 'first-imrf', ordinal: 1,
    title: 'First International Migration Review Forum', kind: 'global-meeting',
    start: '2022-05-17', end: '2022-05-20', city: 'New York', country: 'USA',
    quotes: [
      { in: SN, text: 'First IMRF 17-20 May 2022 (UNHQ, New York); Progress Declaration adopted by the GA by consensus on 7 June 2022.' },
    ],
    documents: [{ ko: 2, kind: 'outcome', date: '2022-06-07' }],
  },
  {
    mechanism: 'international-migration-review-forum', slug: 'next-imrf', ordinal: null,
    title: 'Next International Migration Review Forum', kind: 'global-meeting', status: 'planned',
    start: '2026',
    quotes: [{ in: SN, text: 'Next IMRF set for 2026 after the 2024/2025 regional reviews.' }],
    note: 'Planned when the source was read. Place not stated.',
  },
  // UN HLD
  {
    mechanism: 'un-high-level-dialogue-international-migration-development', slug: 'first-hld', ordinal: 1,
    title: 'First High-level Dialogue on International Migration and Development', kind: 'global-meeting',
    start: '2006-09-14', end: '2006-09-15',
    quotes: [
      { in: SN, text: 'Held twice (14-15 Sept 2006; 3-4 Oct 2013).' },
      { in: 'structure', text: '2006: four plenary meetings and four interactive round tables.' },
    ],
    documents: [{ ko: 0, kind: 'report' }],
    note: 'Place not stated in the input.',
  },
  {
    mechanism: 'un-high-level-dialogue-international-migration-development', slug: 'second-hld', ordinal: 2,
    title: 'Second High-level Dialogue on International Migration and Development', kind: 'global-meeting',
    start: '2013-10-03', end: '2013-10-04',
    quotes: [
      { in: SN, text: 'Held twice (14-15 Sept 2006; 3-4 Oct 2013).' },
      { in: 'structure', text: '2013: two-day dialogue with four interactive round tables, Declaration adopted at the opening.' },
    ],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'Place not stated in the input.',
  },
  // Abu Dhabi Dialogue
  {
    mechanism: 'abu-dhabi-dialogue', slug: '1st-ministerial-consultation', ordinal: 1,
    title: 'Inaugural Ministerial Consultation of the Abu Dhabi Dialogue', kind: 'ministerial',
    start: '2008-01-21', end: '2008-01-22', city: 'Abu Dhabi', country: 'ARE',
    quotes: [{ in: KO(0), text: 'Abu Dhabi Declaration (inaugural Ministerial Consultation, Abu Dhabi, 21-22 Jan 2008)' }],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  {
    mechanism: 'abu-dhabi-dialogue', slug: '2nd-ministerial-consultation', ordinal: 2,
    title: '2nd Ministerial Consultation of the Abu Dhabi Dialogue', kind: 'ministerial',
    start: '2012-04', city: 'Manila', country: 'PHL',
    quotes: [{ in: KO(1), text: 'Interim Operating Modalities (2nd Ministerial Consultation, Manila, April 2012)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'abu-dhabi-dialogue', slug: '3rd-ministerial-consultation', ordinal: 3,
    title: '3rd Ministerial Consultation of the Abu Dhabi Dialogue', kind: 'ministerial',
    start: '2014-11-26', end: '2014-11-27', city: 'Kuwait', country: 'KWT',
    quotes: [{ in: KO(2), text: '3rd Ministerial Consultation, Kuwait (26-27 Nov 2014)' }],
  },
  {
    mechanism: 'abu-dhabi-dialogue', slug: '4th-ministerial-consultation', ordinal: 4,
    title: '4th Ministerial Consultation of the Abu Dhabi Dialogue', kind: 'ministerial',
    start: '2017-01-23', end: '2017-01-24', city: 'Colombo', country: 'LKA',
    quotes: [{ in: KO(3), text: 'Colombo Declaration (4th Ministerial Consultation, Colombo, 23-24 Jan 2017)' }],
    documents: [{ ko: 3, kind: 'outcome' }],
  },
  {
    mechanism: 'abu-dhabi-dialogue', slug: '7th-ministerial-consultation', ordinal: 7,
    title: '7th Ministerial Consultation of the Abu Dhabi Dialogue', kind: 'ministerial',
    start: '2024', end: '2024-02-11', city: 'Dubai', country: 'ARE',
    quotes: [
      { in: SN, text: '7th Ministerial Consultation held in Dubai, ended 11 Feb 2024 (Closing Statement)' },
      { in: KO(4), text: 'Closing Statement of the 7th Ministerial Consultation (Dubai, 11 Feb 2024)' },
    ],
    documents: [{ ko: 4, kind: 'outcome', date: '2024-02-11' }],
    note: 'Only the closing day is given: start is given at year precision.',
  },
  {
    mechanism: 'abu-dhabi-dialogue', slug: '8th-ministerial-consultation', ordinal: 8,
    title: '8th Ministerial Consultation of the Abu Dhabi Dialogue', kind: 'ministerial', status: 'planned',
    start: '2026-02', host: 'the UAE',
    quotes: [{ in: SN, text: '8th planned for Feb 2026 hosted by the UAE' }],
    participants: [{ name: 'the UAE', in: SN, role: 'host', country: 'ARE' }],
    note: 'Planned when the source was read. Venue not stated (country left null; the UAE is the host).',
  },
  // ACP-EU
  {
    mechanism: 'acp-eu-dialogue-migration-development', slug: 'first-round-of-discussions', ordinal: 1,
    title: 'First round of discussions of the ACP-EU Dialogue on Migration and Development', kind: 'other',
    start: '2011-05', city: 'Brussels', country: 'BEL',
    quotes: [{ in: 'notes', text: 'First round of discussions: Brussels, May 2011.' }],
  },
  // Africa-EU C2CMMD
  {
    mechanism: 'africa-eu-migration-mobility-dialogue', slug: 'in-person-meeting', ordinal: null,
    title: 'C2CMMD in-person meeting (December 2019)', kind: 'other',
    start: '2019-12',
    quotes: [{ in: SN, text: 'C2CMMD strategic update meeting, Brussels, 27 June 2024 (first in-person since Dec 2019)' }],
    note:
      'Known only as the previous in-person meeting before June 2024; place not stated. The Nairobi Action Points (key output, ' +
      'Dec 2019) date from the same month, but the input does not say they were adopted at this meeting, so they are not attached.',
  },
  {
    mechanism: 'africa-eu-migration-mobility-dialogue', slug: 'strategic-update-meeting', ordinal: null,
    title: 'C2CMMD strategic update meeting', kind: 'other',
    start: '2024-06-27', city: 'Brussels', country: 'BEL',
    quotes: [{ in: SN, text: 'C2CMMD strategic update meeting, Brussels, 27 June 2024 (first in-person since Dec 2019) aimed to revitalise the dialogue.' }],
  },
  // ASEM
  {
    mechanism: 'asem-conference-directors-general-immigration', slug: 'ministerial-conference', ordinal: null,
    title: 'ASEM Ministerial Conference on Cooperation for the Management of Migratory Flows between Europe and Asia', kind: 'ministerial',
    start: '2002-04', city: 'Lanzarote', country: 'ESP',
    quotes: [
      { in: KO(0), text: 'ASEM Ministerial Conference on Cooperation for the Management of Migratory Flows between Europe and Asia (Lanzarote, Apr 2002; initiative of China, Germany and Spain)' },
      { in: 'structure', text: 'following a single (not repeated) ASEM Ministerial Conference' },
    ],
  },
  {
    mechanism: 'asem-conference-directors-general-immigration', slug: '3rd-dg-meeting', ordinal: 3,
    title: '3rd ASEM Directors-General meeting', kind: 'senior-officials',
    start: '2004-11-25', end: '2004-11-26', city: 'The Hague', country: 'NLD',
    quotes: [{ in: 'notes', text: '3rd meeting The Hague 25-26 Nov 2004' }],
  },
  {
    mechanism: 'asem-conference-directors-general-immigration', slug: '4th-dg-meeting', ordinal: 4,
    title: '4th ASEM DG Meeting', kind: 'senior-officials',
    start: '2005-12-05', end: '2005-12-07', city: 'Nusa Dua, Bali', country: 'IDN',
    quotes: [{ in: KO(1), text: "Chair's Statement, 4th ASEM DG Meeting (Nusa Dua, Bali, 5-7 Dec 2005)" }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'asem-conference-directors-general-immigration', slug: '6th-dg-meeting', ordinal: 6,
    title: '6th ASEM Directors-General meeting', kind: 'senior-officials',
    start: '2007-11-19', end: '2007-11-20', city: 'Seoul', country: 'KOR',
    quotes: [{ in: 'notes', text: '6th Seoul 19-20 Nov 2007 (~200 participants, 43 ASEM countries: 27 European, 16 Asian)' }],
    counts: [{ what: 'participants', count: 200, in: 'notes', quote: '~200 participants', note: 'About 200.' }],
  },
  {
    mechanism: 'asem-conference-directors-general-immigration', slug: '14th-conference', ordinal: 14,
    title: '14th ASEM Conference of the Directors-General of Immigration', kind: 'senior-officials',
    start: '2017-09-28', end: '2017-09-29', city: 'Siem Reap', country: 'KHM',
    quotes: [{ in: SN, text: 'Latest meeting found in sources: 14th ASEM Conference, Siem Reap, Cambodia, 28-29 Sep 2017.' }],
  },
  // Bali Process
  {
    mechanism: 'bali-process', slug: 'regional-ministerial-conference', ordinal: null,
    title: 'Regional Ministerial Conference on People Smuggling, Trafficking in Persons and Related Transnational Crime', kind: 'ministerial',
    start: '2002-02-26', end: '2002-02-28', city: 'Bali', country: 'IDN',
    quotes: [
      { in: KO(0), text: 'Regional Ministerial Conference on People Smuggling, Trafficking in Persons and Related Transnational Crime (Bali, 26-28 Feb 2002)' },
      { in: 'notes', text: 'Ministerials: 2002, 2003, 2009, 2011, 2013, 2016, 2018, 2023.' },
    ],
  },
  ...[2003, 2009, 2013].map(
    (y): MechMeetingSpec => ({
      mechanism: 'bali-process', slug: 'ministerial-conference', ordinal: null,
      title: `Bali Process Ministerial Conference (${y})`, kind: 'ministerial',
      start: String(y),
      quotes: [{ in: 'notes', text: 'Ministerials: 2002, 2003, 2009, 2011, 2013, 2016, 2018, 2023.' }],
      note: 'Only the year is given; place and ordinal not stated.',
    }),
  ),
  {
    mechanism: 'bali-process', slug: '4th-ministerial-conference', ordinal: 4,
    title: '4th Bali Process Ministerial Conference', kind: 'ministerial',
    start: '2011',
    quotes: [{ in: KO(1), text: 'Regional Cooperation Framework (4th Ministerial, 2011)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'bali-process', slug: '6th-ministerial-conference', ordinal: 6,
    title: '6th Bali Process Ministerial Conference', kind: 'ministerial',
    start: '2016-03-23',
    quotes: [{ in: KO(2), text: 'Bali Declaration on People Smuggling, Trafficking in Persons and Related Transnational Crime (6th Ministerial, 23 Mar 2016)' }],
    documents: [{ ko: 2, kind: 'outcome' }],
    unverified: [{ field: 'documents', recall: "key_outputs (title 'Bali Declaration'" }],
  },
  {
    mechanism: 'bali-process', slug: '7th-ministerial-conference', ordinal: 7,
    title: '7th Bali Process Ministerial Conference', kind: 'ministerial',
    start: '2018-08-07',
    quotes: [{ in: KO(3), text: '2018 Ministerial Declaration and Strategy for Cooperation (7th Ministerial, 7 Aug 2018)' }],
    documents: [{ ko: 3, kind: 'outcome' }],
  },
  {
    mechanism: 'bali-process', slug: '8th-ministerial-conference', ordinal: 8,
    title: '8th Bali Process Ministerial Conference', kind: 'ministerial',
    start: '2023-02-10', city: 'Adelaide', country: 'AUS',
    quotes: [{ in: SN, text: '8th Ministerial Conference, 10 Feb 2023 (Adelaide) endorsed the 2023 Adelaide Strategy for Cooperation.' }],
    documents: [{ ko: 4, kind: 'outcome' }],
  },
  // Budapest Process
  {
    mechanism: 'budapest-process', slug: '5th-ministerial-conference', ordinal: 5,
    title: '5th Ministerial Conference of the Budapest Process', kind: 'ministerial',
    start: '2013-04-19',
    quotes: [{ in: KO(0), text: 'Istanbul Ministerial Declaration on A Silk Routes Partnership for Migration (5th Ministerial Conference, 19 Apr 2013)' }],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: NOT_PLACE('declaration'),
  },
  // EU-CELAC: High-Level Meetings I-IX
  ...(
    [
      [1, 'I', 'I Brussels 25 Sep 2009', '2009-09-25', null, 'Brussels', 'BEL'],
      [2, 'II', 'II Madrid 17-18 Feb 2010', '2010-02-17', '2010-02-18', 'Madrid', 'ESP'],
      [3, 'III', 'III Madrid 15-16 Mar 2010', '2010-03-15', '2010-03-16', 'Madrid', 'ESP'],
      [4, 'IV', 'IV 17 Dec 2010', '2010-12-17', null, null, null],
      [5, 'V', 'V Brussels 24-25 May 2011', '2011-05-24', '2011-05-25', 'Brussels', 'BEL'],
      [6, 'VI', 'VI 25 May 2012', '2012-05-25', null, null, null],
      [7, 'VII', 'VII 28 Nov 2012', '2012-11-28', null, null, null],
      [8, 'VIII', 'VIII Brussels 26-27 Nov 2013', '2013-11-26', '2013-11-27', 'Brussels', 'BEL'],
      [9, 'IX', 'IX Brussels 13 Nov 2014', '2014-11-13', null, 'Brussels', 'BEL'],
    ] as const
  ).map(
    ([n, roman, quote, start, end, city, country]): MechMeetingSpec => ({
      mechanism: 'eu-celac-migration-dialogue', slug: `hlm-${roman.toLowerCase()}`, ordinal: n,
      title: `${roman} High-Level Meeting of the EU-CELAC (EU-LAC) Dialogue on Migration`, kind: 'other',
      start, ...(end !== null ? { end } : {}), ...(city !== null ? { city } : {}), ...(country !== null ? { country } : {}),
      quotes: [
        { in: 'notes', text: quote },
        ...(n === 9 ? [{ in: SN, text: 'Latest High-Level Meeting found in sources: IX HLM, Brussels, 13 Nov 2014.' }] : []),
      ],
      note:
        'From the list of High-Level Meetings (HLMs) in the record\'s notes. Their level (ministers or officials) is not stated: ' +
        `kind "other".${city === null ? ' Place not stated.' : ''}`,
    }),
  ),
  // 5+5 Dialogue
  {
    mechanism: 'five-plus-five-dialogue-migration-western-mediterranean', slug: 'ministerial-conference-tunis', ordinal: null,
    title: '5+5 Ministerial conference on migration (Tunis)', kind: 'ministerial',
    start: '2002-10', city: 'Tunis', country: 'TUN',
    quotes: [{ in: KO(0), text: 'Ministerial conference on migration, Tunis (Oct 2002)' }],
  },
  {
    mechanism: 'five-plus-five-dialogue-migration-western-mediterranean', slug: 'ministerial-conference-rabat', ordinal: null,
    title: '5+5 Ministerial conference on migration (Rabat)', kind: 'ministerial',
    start: '2003-10', city: 'Rabat', country: 'MAR',
    quotes: [{ in: KO(1), text: 'Ministerial conference on migration, Rabat (Oct 2003)' }],
  },
  {
    mechanism: 'five-plus-five-dialogue-migration-western-mediterranean', slug: '8th-ministerial-conference', ordinal: 8,
    title: '8th Ministerial Conference on Migration and Development of the 5+5 Dialogue', kind: 'ministerial',
    start: '2020-03-01', end: '2020-03-02', city: 'Marrakech', country: 'MAR',
    quotes: [
      { in: SN, text: '8th Ministerial Conference on Migration and Development held in Marrakech, 1-2 March 2020 (chaired by Morocco).' },
      { in: 'notes-irfs-global.md', text: '**5+5 at the 2020 Marrakech ministerial**: observers listed as EU, AU, UfM, AMU, ECOWAS, IOM, **UNCTAD** (south.euneighbours.eu) vs the same IOs with **OECD** (labass.net).' },
    ],
    documents: [{ ko: 2, kind: 'outcome' }],
    participants: [
      { name: 'Morocco', in: SN, role: 'chair', country: 'MAR' },
      ...(
        [
          ['EU', 'european-union'],
          ['AU', 'african-union'],
          ['UfM', 'ufm'],
          ['AMU', 'amu'],
          ['ECOWAS', 'ecowas'],
          ['IOM', 'iom'],
        ] as const
      ).map(
        ([name, organization]): PartSpec => ({
          name, in: 'notes-irfs-global.md', role: 'observer', organization,
          sources: [
            'https://south.euneighbours.eu/news/55-dialogue-ministers-foreign-affairs-link-migration-and-development',
            'https://labass.net/38609-dialogue-55-conference-ministerielle-a-marrakech.html',
          ],
        }),
      ),
      { name: 'UNCTAD', in: 'notes-irfs-global.md', role: 'observer', organization: 'unctad', sources: ['https://south.euneighbours.eu/news/55-dialogue-ministers-foreign-affairs-link-migration-and-development'] },
      { name: 'OECD', in: 'notes-irfs-global.md', role: 'observer', organization: 'oecd', sources: ['https://labass.net/38609-dialogue-55-conference-ministerielle-a-marrakech.html'] },
    ],
    note: 'The observer lists differ: UNCTAD per south.euneighbours.eu, OECD per labass.net; each is kept with its own source.',
  },
  // FIBEMYD
  {
    mechanism: 'ibero-american-forum-migration-development', slug: 'forum-cuenca', ordinal: null,
    title: 'Ibero-American Forum on Migration and Development (Cuenca)', kind: 'other',
    start: '2008-04', city: 'Cuenca', country: 'ECU',
    quotes: [
      { in: SN, text: 'Editions found: Cuenca (Ecuador) April 2008, San Salvador 22-23 July 2010' },
      { in: KO(1), text: 'Cuenca Programme of Action (1st FIBEMYD, Cuenca)' },
      { in: 'notes', text: "SEGIB numbering conflicts: one SEGIB page calls the Cuenca 2008 meeting the 'II Foro', another calls Cuenca (2008) and San Salvador (2010) 'the first two editions'." },
    ],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'Ordinal left null: the sources number this edition 1st or II.',
  },
  {
    mechanism: 'ibero-american-forum-migration-development', slug: 'forum-san-salvador', ordinal: null,
    title: 'Ibero-American Forum on Migration and Development (San Salvador)', kind: 'other',
    start: '2010-07-22', end: '2010-07-23', city: 'San Salvador', country: 'SLV',
    quotes: [
      { in: KO(2), text: '2nd FIBEMYD, San Salvador (22-23 July 2010)' },
      { in: 'notes', text: "SEGIB numbering conflicts: one SEGIB page calls the Cuenca 2008 meeting the 'II Foro', another calls Cuenca (2008) and San Salvador (2010) 'the first two editions'." },
    ],
    note: 'Ordinal left null: the numbering of the editions conflicts between sources.',
  },
  // Khartoum Process
  {
    mechanism: 'khartoum-process', slug: 'exploratory-meeting', ordinal: null,
    title: 'Exploratory meeting of the Khartoum Process', kind: 'other',
    start: '2014-05',
    quotes: [{ in: 'notes', text: 'Exploratory meeting May 2014 (AUC, Egypt, Ethiopia, Eritrea, Sudan)' }],
    participants: [
      { name: 'AUC', in: 'notes', role: 'participant', organization: 'african-union-commission' },
      { name: 'Egypt', in: 'notes', role: 'participant', country: 'EGY' },
      { name: 'Ethiopia', in: 'notes', role: 'participant', country: 'ETH' },
      { name: 'Eritrea', in: 'notes', role: 'participant', country: 'ERI' },
      { name: 'Sudan', in: 'notes', role: 'participant', country: 'SDN' },
    ],
    note: 'Place not stated.',
  },
  {
    mechanism: 'khartoum-process', slug: 'senior-officials-meeting', ordinal: null,
    title: "Senior Officials' Meeting of the Khartoum Process", kind: 'senior-officials',
    start: '2014-10-15',
    quotes: [{ in: 'notes', text: 'SOM 15 Oct 2014.' }],
    note: 'Place not stated.',
  },
  {
    mechanism: 'khartoum-process', slug: 'ministerial-conference', ordinal: null,
    title: 'Ministerial Conference of the Khartoum Process', kind: 'ministerial',
    start: '2014-11-28',
    quotes: [{ in: KO(0), text: 'Declaration of the Ministerial Conference of the Khartoum Process (Rome Declaration), 28 Nov 2014' }],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: NOT_PLACE('declaration ("Rome Declaration")'),
  },
  {
    mechanism: 'khartoum-process', slug: 'steering-committee', ordinal: null,
    title: 'Steering Committee meeting of the Khartoum Process', kind: 'other',
    start: '2015-04-23', end: '2015-04-24',
    quotes: [{ in: KO(1), text: 'Sharm El Sheikh Plan of Action (Steering Committee, 23-24 Apr 2015)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: NOT_PLACE('plan of action'),
  },
  {
    mechanism: 'khartoum-process', slug: 'steering-committee', ordinal: null,
    title: 'Steering Committee meeting of the Khartoum Process', kind: 'other',
    start: '2024-04-16',
    quotes: [{ in: SN, text: "10th Senior Officials' Meeting held in Cairo, 17-18 April 2024 (after a Steering Committee meeting on 16 April)." }],
    note: 'Place not stated for the Steering Committee meeting itself.',
  },
  {
    mechanism: 'khartoum-process', slug: '10th-senior-officials-meeting', ordinal: 10,
    title: "10th Senior Officials' Meeting of the Khartoum Process", kind: 'senior-officials',
    start: '2024-04-17', end: '2024-04-18', city: 'Cairo', country: 'EGY',
    quotes: [{ in: SN, text: "10th Senior Officials' Meeting held in Cairo, 17-18 April 2024 (after a Steering Committee meeting on 16 April)." }],
  },
  // MTM
  {
    mechanism: 'mediterranean-transit-migration-dialogue', slug: 'copenhagen-conference', ordinal: null,
    title: 'MTM Copenhagen Conference', kind: 'other',
    start: '2005-01', city: 'Copenhagen', country: 'DNK',
    quotes: [{ in: KO(1), text: 'MTM Copenhagen Conference (Jan 2005)' }],
  },
  // PAFoM
  {
    mechanism: 'pan-african-forum-migration', slug: 'kigali-roundtable', ordinal: null,
    title: 'Kigali Roundtable on Intra-Regional Migration and Labour Mobility within Africa', kind: 'other',
    start: '2015-03', city: 'Kigali', country: 'RWA',
    quotes: [{ in: KO(0), text: 'Kigali Roundtable on Intra-Regional Migration and Labour Mobility within Africa (March 2015)' }],
  },
  {
    mechanism: 'pan-african-forum-migration', slug: 'pafom-iv', ordinal: 4,
    title: 'PAFoM IV', kind: 'other',
    start: '2018-11-19', end: '2018-11-21', city: 'Djibouti', country: 'DJI',
    theme: 'Harnessing the benefits of Free Movement of persons regime for sustainable development in Africa',
    quotes: [{ in: KO(1), text: "PAFoM IV, Djibouti (19-21 Nov 2018): 'Harnessing the benefits of Free Movement of persons regime for sustainable development in Africa'" }],
  },
  {
    mechanism: 'pan-african-forum-migration', slug: 'pafom-v', ordinal: 5,
    title: 'PAFoM V', kind: 'other',
    start: '2019-09-14', end: '2019-09-16', city: 'Cairo', country: 'EGY',
    theme: 'Strengthening Migration Data and Research for evidence-based policy development...',
    quotes: [
      { in: SN, text: 'Latest edition found: PAFoM V, Cairo, 14-16 Sep 2019 (incl. AU Ministerial Session).' },
      { in: KO(2), text: "PAFoM V, Cairo (14-16 Sep 2019): 'Strengthening Migration Data and Research for evidence-based policy development...'" },
      { in: 'structure', text: "senior officials' segment followed by ministerial session in 2019" },
    ],
    note: 'The theme is cut off in the input ("..."). A senior officials\' segment and a ministerial session: kind "other".',
  },
  // Rabat Process
  {
    mechanism: 'rabat-process', slug: 'euro-african-ministerial-meeting', ordinal: null,
    title: 'Euro-African ministerial meeting (launch of the Rabat Process)', kind: 'ministerial',
    start: '2006-07', city: 'Rabat', country: 'MAR',
    quotes: [{ in: KO(0), text: 'Launch at Euro-African ministerial meeting, Rabat (July 2006)' }],
  },
  {
    mechanism: 'rabat-process', slug: '3rd-ministerial-conference', ordinal: 3,
    title: '3rd Euro-African Ministerial Conference', kind: 'ministerial',
    start: '2011-11', city: 'Dakar', country: 'SEN',
    quotes: [{ in: KO(1), text: 'Dakar Strategy (3rd Euro-African Ministerial Conference, Dakar, Nov 2011)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'rabat-process', slug: '4th-ministerial-conference', ordinal: 4,
    title: '4th Ministerial Conference of the Rabat Process', kind: 'ministerial',
    start: '2014-11', city: 'Rome', country: 'ITA',
    quotes: [{ in: KO(2), text: '4th Ministerial Conference, Rome (Nov 2014) — declaration/programme (title not captured)' }],
    unverified: [{ field: 'start', recall: 'key_outputs (2014 Rome output title not captured' }],
    note: 'The outcome\'s title was not captured, so no document is listed.',
  },
  {
    mechanism: 'rabat-process', slug: '5th-ministerial-conference', ordinal: 5,
    title: '5th Ministerial Conference of the Rabat Process', kind: 'ministerial',
    start: '2018-05-02',
    quotes: [{ in: KO(3), text: 'Marrakesh Political Declaration and Action Plan 2018-2020 (5th Ministerial Conference, 2 May 2018)' }],
    documents: [{ ko: 3, kind: 'outcome' }],
    note: NOT_PLACE('declaration'),
  },
  {
    mechanism: 'rabat-process', slug: '6th-ministerial-conference', ordinal: 6,
    title: '6th Euro-African Ministerial Conference', kind: 'ministerial',
    start: '2022-12-13', end: '2022-12-14', city: 'Cádiz', country: 'ESP',
    quotes: [
      { in: SN, text: '6th Euro-African Ministerial Conference (Cádiz, 13-14 Dec 2022) adopted the Cadiz Political Declaration and Action Plan 2023-2027; chairmanship passed from Spain to Morocco at Cádiz.' },
    ],
    documents: [{ ko: 4, kind: 'outcome' }],
  },
  // Tripoli Process
  {
    mechanism: 'tripoli-process', slug: 'ministerial-conference', ordinal: null,
    title: 'EU-Africa Ministerial Conference on Migration and Development', kind: 'ministerial',
    start: '2006-11-22', end: '2006-11-23', city: 'Tripoli', country: 'LBY',
    quotes: [
      { in: 'aliases[1]', text: 'EU-Africa Ministerial Conference on Migration and Development (Tripoli, 2006)' },
      { in: 'notes', text: 'the founding Ministerial Conference and Declaration date from 22-23 Nov 2006' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  // Almaty Process
  {
    mechanism: 'almaty-process', slug: 'regional-conference', ordinal: null,
    title: 'Regional Conference on Refugee Protection and International Migration in Central Asia', kind: 'other',
    start: '2011-03-14', end: '2011-03-16', city: 'Almaty', country: 'KAZ',
    quotes: [{ in: KO(0), text: 'Almaty Declaration (Regional Conference on Refugee Protection and International Migration in Central Asia, Almaty, 14-16 March 2011)' }],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  {
    mechanism: 'almaty-process', slug: 'national-coordinators-meeting', ordinal: null,
    title: "National Coordinators' Meeting of the Almaty Process", kind: 'other',
    start: '2012-09-07',
    quotes: [{ in: KO(1), text: "Regional Cooperation Framework and Regional Action Plan (endorsed at National Coordinators' Meeting, 7 Sept 2012)" }],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'Place not stated.',
  },
  {
    mechanism: 'almaty-process', slug: 'ministerial-conference', ordinal: null,
    title: 'Ministerial Conference on Refugee Protection and International Migration: the Almaty Process', kind: 'ministerial',
    start: '2013-06-05', city: 'Almaty', country: 'KAZ',
    quotes: [{ in: KO(2), text: 'Ministerial Conference on Refugee Protection and International Migration: the Almaty Process (Almaty, 5 June 2013) - Communique and Operating Modalities; Kazakhstan elected first Chair' }],
    documents: [{ ko: 2, kind: 'outcome' }],
  },
  {
    mechanism: 'almaty-process', slug: 'ministerial-conference', ordinal: null,
    title: 'Ministerial Conference of the Almaty Process (Baku)', kind: 'ministerial', status: 'planned',
    start: '2025-04-24', city: 'Baku', country: 'AZE',
    quotes: [
      { in: SN, text: 'Ministerial Conference in Baku on 24 April 2025 at which Kazakhstan was to assume the chairmanship (qazinform, March 2025).' },
      { in: KO(3), text: 'Ministerial Conference, Baku (24 April 2025), handover of chairmanship to Kazakhstan (announced)' },
    ],
    note: 'Announced in March 2025; the input does not say whether it took place.',
  },
  // APC
  {
    mechanism: 'apc', slug: 'conference-regional-approaches', ordinal: null,
    title: 'Conference on Regional Approaches to Refugees and Displaced Persons', kind: 'other',
    start: '1996', host: 'Australia',
    quotes: [{ in: KO(0), text: 'Conference on Regional Approaches to Refugees and Displaced Persons (hosted by Australia; pre-APC)' }],
    participants: [{ name: 'Australia', in: KO(0), role: 'host', country: 'AUS' }],
    note: 'A precursor of the APC ("pre-APC"). Venue not stated (country left null; Australia is the host).',
  },
  {
    mechanism: 'apc', slug: '8th-plenary', ordinal: 8,
    title: '8th APC Plenary', kind: 'other',
    start: '2003-12-08', end: '2003-12-09', city: 'Sydney', country: 'AUS',
    quotes: [{ in: KO(1), text: 'Future directions of the APC adopted at 8th Plenary (Sydney, 8-9 Dec 2003)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  // ARCP
  {
    mechanism: 'arab-regional-consultative-process', slug: 'extraordinary-meeting-global-compact-on-refugees', ordinal: null,
    title: 'Extraordinary ARCP meeting on the Global Compact on Refugees', kind: 'other',
    start: '2017-07-25', end: '2017-07-26', city: 'Cairo', country: 'EGY',
    quotes: [{ in: KO(1), text: 'Extraordinary ARCP meeting on the Global Compact on Refugees (LAS HQ Cairo, 25-26 July 2017)' }],
    note: 'The ARCP\'s launch (key output, 2015) took place at GRCP 5 (meeting grcp-5), where the ARCP is listed as a participant.',
  },
  // AU-HoAI
  {
    mechanism: 'au-horn-of-africa-initiative', slug: 'regional-ministerial-conference', ordinal: null,
    title: 'AU Regional Ministerial Conference on Human Trafficking and Smuggling in the Horn of Africa', kind: 'ministerial',
    start: '2014-10-13', end: '2014-10-16', city: 'Khartoum', country: 'SDN',
    quotes: [
      { in: KO(0), text: 'Khartoum Declaration; strategy and action plan (AU Regional Ministerial Conference on Human Trafficking and Smuggling in the Horn of Africa, Khartoum, 13-16 Oct 2014)' },
      { in: SN, text: 'formally launched by the Khartoum Declaration, 16 Oct 2014' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  {
    mechanism: 'au-horn-of-africa-initiative', slug: '2nd-ministerial-conference', ordinal: 2,
    title: '2nd Ministerial Conference of the AU Horn of Africa Initiative', kind: 'ministerial',
    start: '2016-06', city: 'Sharm El Sheikh', country: 'EGY',
    quotes: [{ in: KO(1), text: '2nd Ministerial Conference (Sharm El Sheikh, June 2016): commitment to ratify/implement instruments on trafficking, smuggling and organized crime; activity matrix' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  // CMC
  {
    mechanism: 'caribbean-migration-consultations', slug: 'preparatory-meeting', ordinal: null,
    title: 'Preparatory Meeting for a Caribbean RCP', kind: 'other',
    start: '2016-01', country: 'BLZ',
    quotes: [{ in: KO(0), text: 'Preparatory Meeting for a Caribbean RCP (Belize, Jan 2016)' }],
    note: 'The source names the country (Belize), not a city.',
  },
  {
    mechanism: 'caribbean-migration-consultations', slug: 'first-technical-workshop', ordinal: 1,
    title: 'First Technical Workshop of Caribbean Countries', kind: 'workshop',
    start: '2016-12-05', end: '2016-12-08', city: 'Port of Spain', country: 'TTO',
    quotes: [{ in: KO(1), text: 'First Technical Workshop of Caribbean Countries (Port of Spain, 5-8 Dec 2016)' }],
  },
  {
    mechanism: 'caribbean-migration-consultations', slug: 'technical-meeting', ordinal: null,
    title: 'CMC technical meeting (December 2019)', kind: 'other',
    start: '2019-12-05', end: '2019-12-06',
    quotes: [
      { in: KO(2), text: 'Draft Statement of Ideals and Guiding Principles, Standard Operating Procedures and Regional Plan of Action (technical meeting 5-6 Dec 2019)' },
      { in: SN, text: 'Dec 2019 meeting to adopt Statement of Ideals/Guiding Principles, SOPs and Regional Plan of Action, with high-level adoption envisaged for 2020' },
    ],
    documents: [{ ko: 2, kind: 'other' }],
    note: 'Place not stated. The texts are drafts (high-level adoption was envisaged for 2020): document kind "other".',
  },
  // CIS Conference
  {
    mechanism: 'cis-conference', slug: 'regional-conference', ordinal: null,
    title:
      'Regional Conference to Address the Problems of Refugees, Displaced Persons, Other Forms of Involuntary Displacement and Returnees ' +
      'in the Countries of the Commonwealth of Independent States and Relevant Neighbouring States',
    kind: 'other',
    start: '1996-05-30', end: '1996-05-31', city: 'Geneva', country: 'CHE',
    quotes: [
      { in: 'structure', text: '1996 Regional Conference (Geneva, 30-31 May 1996; 87 States attended incl. all 12 CIS countries)' },
      { in: 'name', text: 'Regional Conference to Address the Problems of Refugees, Displaced Persons, Other Forms of Involuntary Displacement and Returnees in the Countries of the Commonwealth of Independent States and Relevant Neighbouring States' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: 'The count of 87 States is kept here only: reported_counts has no kind for States.',
  },
  // Colombo Process
  {
    mechanism: 'colombo-process', slug: '1st-ministerial-consultation', ordinal: 1,
    title: 'First Ministerial Consultation of the Colombo Process', kind: 'ministerial',
    start: '2003', city: 'Colombo', country: 'LKA',
    quotes: [
      { in: KO(0), text: 'Recommendations of the first Ministerial Consultation (Colombo, 2003)' },
      { in: 'structure', text: 'Ministerial Consultations (2003 Colombo, 2004 Manila, 2005 Bali, ... 5th Colombo 2016, 6th Kathmandu 2018)' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  {
    mechanism: 'colombo-process', slug: 'ministerial-consultation', ordinal: null,
    title: 'Ministerial Consultation of the Colombo Process (Manila)', kind: 'ministerial',
    start: '2004', city: 'Manila', country: 'PHL',
    quotes: [{ in: 'structure', text: 'Ministerial Consultations (2003 Colombo, 2004 Manila, 2005 Bali, ... 5th Colombo 2016, 6th Kathmandu 2018)' }],
    note: 'Ordinal not stated.',
  },
  {
    mechanism: 'colombo-process', slug: 'ministerial-consultation', ordinal: null,
    title: 'Ministerial Consultation of the Colombo Process (Bali)', kind: 'ministerial',
    start: '2005', city: 'Bali', country: 'IDN',
    quotes: [{ in: 'structure', text: 'Ministerial Consultations (2003 Colombo, 2004 Manila, 2005 Bali, ... 5th Colombo 2016, 6th Kathmandu 2018)' }],
    note: 'Ordinal not stated.',
  },
  {
    mechanism: 'colombo-process', slug: '5th-ministerial-consultation', ordinal: 5,
    title: '5th Ministerial Consultation of the Colombo Process', kind: 'ministerial',
    start: '2016-08-25', city: 'Colombo', country: 'LKA',
    quotes: [{ in: KO(1), text: 'CP Strategic Vision; Colombo Ministerial Declaration (5th Ministerial Consultation, Colombo, 25 Aug 2016)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'colombo-process', slug: '6th-ministerial-consultation', ordinal: 6,
    title: '6th Ministerial Consultation of the Colombo Process', kind: 'ministerial',
    start: '2018-11', city: 'Kathmandu', country: 'NPL',
    quotes: [{ in: KO(2), text: 'Kathmandu Declaration (6th Ministerial Consultation, Kathmandu, Nov 2018)' }],
    documents: [{ ko: 2, kind: 'outcome' }],
  },
  // COMMIT
  {
    mechanism: 'commit-process', slug: 'imm1', ordinal: 1,
    title: 'First COMMIT Inter-Ministerial Meeting (IMM1)', kind: 'ministerial',
    start: '2004', city: 'Yangon', country: 'MMR',
    quotes: [
      { in: 'structure', text: 'Inter-Ministerial Meetings (IMM1 Yangon 2004; IMM2 Beijing 2007; IMM3 Hanoi 2012)' },
      { in: SN, text: 'ministerial MOU signed 2004 (Yangon)' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
  },
  {
    mechanism: 'commit-process', slug: 'imm2', ordinal: 2,
    title: 'Second COMMIT Inter-Ministerial Meeting (IMM2)', kind: 'ministerial',
    start: '2007-12-14', city: 'Beijing', country: 'CHN',
    quotes: [{ in: KO(1), text: 'Joint Declaration and 2nd Sub-Regional Plan of Action 2008-2010 (IMM2, Beijing, 14 Dec 2007)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'commit-process', slug: 'imm3-som8', ordinal: 3,
    title: "Third COMMIT Inter-Ministerial Meeting and eighth Senior Officials' Meeting (IMM3/SOM8)", kind: 'ministerial',
    start: '2012-02', city: 'Hanoi', country: 'VNM',
    quotes: [
      { in: KO(2), text: 'Second Joint Declaration; 3rd Sub-Regional Plan of Action 2011-2013 (IMM3/SOM8, Hanoi, Feb 2012)' },
      { in: 'structure', text: "Senior Officials' Meetings (SOM8 Hanoi 2012)" },
    ],
    documents: [{ ko: 2, kind: 'outcome' }],
    note: 'The input gives IMM3 and SOM8 together ("IMM3/SOM8"); kept as one record. Ordinal: IMM3.',
  },
  // EAC-RCP
  {
    mechanism: 'eac-rcp', slug: 'establishment-conference', ordinal: null,
    title: 'Establishment conference of the EAC Regional Consultative Process on Migration', kind: 'other',
    start: '2022-02-14', end: '2022-02-16', city: 'Kigali', country: 'RWA',
    quotes: [
      { in: SN, text: 'Establishment conference Kigali 14-16 Feb 2022' },
      { in: KO(0), text: 'Concept Paper for the Establishment of the RCP, draft Operational Modalities and Terms of Reference (Kigali)' },
    ],
    documents: [{ ko: 0, kind: 'other' }],
  },
  {
    mechanism: 'eac-rcp', slug: '2nd-regional-conference', ordinal: 2,
    title: '2nd Regional Conference (EAC-RCP on Migration)', kind: 'ministerial',
    start: '2022', city: 'Nairobi', country: 'KEN',
    quotes: [
      { in: SN, text: 'establishment endorsed by Ministers at the 2nd Regional Conference (Nairobi, reported 1 April 2022)' },
      { in: KO(1), text: 'Ministerial endorsement of the establishment of the EAC-RCP on Migration (2nd Regional Conference, Nairobi)' },
    ],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'The meeting date is not given, only that it was reported on 1 April 2022: start is given at year precision.',
  },
  {
    mechanism: 'eac-rcp', slug: 'inaugural-high-level-conference', ordinal: null,
    title: 'Inaugural High-Level EAC RCP conference', kind: 'other', status: 'planned',
    start: '2024-11-18', end: '2024-11-22', city: 'Entebbe', country: 'UGA',
    quotes: [{ in: SN, text: 'inaugural High-Level EAC RCP conference scheduled 18-22 Nov 2024, Entebbe' }],
    note: 'Scheduled when the source was read; the input does not say whether it took place.',
  },
  // EaP Panel
  {
    mechanism: 'eastern-partnership-panel-migration-mobility-ibm', slug: 'soderkoping-process-high-level-meeting', ordinal: null,
    title: 'Söderköping Process High Level Meeting', kind: 'other',
    start: '2011-12-08',
    quotes: [{ in: KO(0), text: 'Transition of Söderköping Process into EaPPMA (Söderköping Process High Level Meeting 8 Dec 2011; first EaPPMA meeting 9 Dec 2011)' }],
    note: 'Place not stated.',
  },
  {
    mechanism: 'eastern-partnership-panel-migration-mobility-ibm', slug: 'first-eappma-meeting', ordinal: 1,
    title: 'First meeting of the Eastern Partnership Panel on Migration and Asylum (EaPPMA)', kind: 'other',
    start: '2011-12-09',
    quotes: [{ in: KO(0), text: 'Transition of Söderköping Process into EaPPMA (Söderköping Process High Level Meeting 8 Dec 2011; first EaPPMA meeting 9 Dec 2011)' }],
    note: 'Place not stated.',
  },
  // IGAD-RCP
  {
    mechanism: 'igad-rcp', slug: 'roll-out-meeting', ordinal: null,
    title: 'IGAD-RCP roll-out meeting', kind: 'other',
    start: '2010',
    quotes: [{ in: SN, text: 'roll-out meeting 2010 (IGAD migration site)' }],
    note: 'Place not stated.',
  },
  {
    mechanism: 'igad-rcp', slug: '7th-rcp-meeting', ordinal: 7,
    title: '7th IGAD-RCP meeting', kind: 'other',
    start: '2016-05', city: 'Khartoum', country: 'SDN',
    quotes: [{ in: SN, text: '7th RCP meeting Khartoum May 2016' }],
  },
  {
    mechanism: 'igad-rcp', slug: '8th-rcp-meeting', ordinal: 8,
    title: '8th IGAD-RCP meeting', kind: 'other',
    start: '2016-11', city: 'Kampala', country: 'UGA',
    quotes: [{ in: SN, text: '8th RCP meeting Kampala Nov 2016 ahead of 1st IGAD Sectoral Ministerial Meeting on Migration (10 Nov 2016)' }],
  },
  {
    mechanism: 'igad-rcp', slug: '1st-sectoral-ministerial-meeting', ordinal: 1,
    title: '1st IGAD Sectoral Ministerial Meeting on Migration', kind: 'ministerial',
    start: '2016-11-10', city: 'Kampala', country: 'UGA',
    quotes: [{ in: KO(2), text: '1st IGAD Sectoral Ministerial Meeting on Migration (Kampala, 10 Nov 2016) declaration / ToR of the IGAD Committee of Ministers on Migration' }],
    documents: [{ ko: 2, kind: 'outcome' }],
  },
  // MIDCAS
  {
    mechanism: 'midcas', slug: 'first-sub-regional-meeting', ordinal: 1,
    title: 'First sub-regional meeting on migration of the ECCAS States', kind: 'other',
    start: '2012-02-16', end: '2012-02-17', city: 'Brazzaville', country: 'COG',
    quotes: [
      { in: 'structure', text: 'first sub-regional meeting Brazzaville (16-17 Feb 2012) produced the Agreement on an Informal and Non-Binding Initiative on Migration Dialogue for ECCAS Member States and a Temporary Secretariat' },
      { in: 'notes', text: 'Xinhua (Feb 2012) lists the ECCAS States at the Brazzaville meeting: Angola, Burundi, Cameroon, Congo, Gabon, Equatorial Guinea, CAR, DRC, Chad.' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
    participants: (
      [
        ['Angola', 'AGO'], ['Burundi', 'BDI'], ['Cameroon', 'CMR'], ['Congo', 'COG'], ['Gabon', 'GAB'],
        ['Equatorial Guinea', 'GNQ'], ['CAR', 'CAF'], ['DRC', 'COD'], ['Chad', 'TCD'],
      ] as const
    ).map(([name, country]): PartSpec => ({ name, in: 'notes', role: 'participant', country, sources: ['http://afran.ir/francais/modules/news/article.php?storyid=4327'] })),
    note: 'Participants: the Xinhua report (copy on afran.ir, the source of snapshot midcas/member/2012-02-16).',
  },
  // MIDCOM
  {
    mechanism: 'midcom', slug: 'launch-meeting', ordinal: null,
    title: 'Launch of the COMESA Regional Consultative Process on Migration', kind: 'other',
    start: '2013-09-26', end: '2013-09-27', city: 'Lusaka', country: 'ZMB',
    quotes: [
      { in: SN, text: 'Launch meeting of the COMESA RCP on Migration, Lusaka, 26-27 Sept 2013' },
      { in: 'notes', text: 'Botswana attended the 2013 launch (in an observer-like capacity; text cut)' },
    ],
    documents: [{ ko: 0, kind: 'other' }],
    participants: [{ name: 'Botswana', in: 'notes', role: 'participant', country: 'BWA', sources: ['https://vdocuments.mx/common-and-sou-meeting-o-regional-c-lusakaza-26th-to-27t-.html'] }],
    note: 'Botswana\'s capacity is cut off in the source ("observer-like"): role "participant". The key output includes draft Operating Modalities: document kind "other".',
  },
  {
    mechanism: 'midcom', slug: 'first-midcom-meeting', ordinal: 1,
    title: 'First MIDCOM meeting', kind: 'other',
    start: '2017-07', city: 'Lusaka', country: 'ZMB',
    theme: 'Enhancing Regional Cooperation and Mobility through Effective Governance Mechanisms, Data and Dialogue',
    quotes: [{ in: KO(1), text: "First MIDCOM meeting 'Enhancing Regional Cooperation and Mobility through Effective Governance Mechanisms, Data and Dialogue' (Lusaka, July 2017)" }],
  },
  // MiDIOCC
  {
    mechanism: 'midiocc', slug: 'first-consultative-meeting', ordinal: 1,
    title: 'First consultative inter-State Migration Dialogue for IOC Countries', kind: 'other',
    start: '2019-08-26', end: '2019-08-28', city: 'Mahé', country: 'SYC',
    quotes: [{ in: KO(0), text: 'First consultative inter-State Migration Dialogue for IOC Countries (Mahé, Seychelles, 26-28 Aug 2019)' }],
  },
  // MIDSA
  {
    mechanism: 'midsa', slug: 'first-ministerial-midsa', ordinal: 1,
    title: 'First ministerial-level MIDSA', kind: 'ministerial',
    start: '2010-11-15', end: '2010-11-17', city: 'Windhoek', country: 'NAM',
    quotes: [{ in: KO(0), text: 'MIDSA 2010 Recommendations, first ministerial-level MIDSA (Windhoek, 15-17 Nov 2010)' }],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: 'Ordinal counts the ministerial-level meetings only.',
  },
  {
    mechanism: 'midsa', slug: 'ministerial-midsa', ordinal: null,
    title: 'Ministerial-level MIDSA (2013)', kind: 'ministerial',
    start: '2013',
    quotes: [{ in: 'structure', text: 'periodic ministerial-level meetings (first 2010 Windhoek, 2013, third 2015 Victoria Falls)' }],
    note: 'Only the year is given; place and ordinal not stated.',
  },
  {
    mechanism: 'midsa', slug: '3rd-ministerial-midsa', ordinal: 3,
    title: '3rd ministerial MIDSA', kind: 'ministerial',
    start: '2015-07-07', end: '2015-07-09', city: 'Victoria Falls', country: 'ZWE',
    quotes: [{ in: KO(1), text: 'Ministerial statement endorsing the Regional Action Plan on mixed and irregular migration, with focus on unaccompanied migrant children (3rd ministerial MIDSA, Victoria Falls, 7-9 July 2015)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'Ordinal counts the ministerial-level meetings only.',
  },
  {
    mechanism: 'midsa', slug: '21st-technical-conference', ordinal: 21,
    title: '21st MIDSA technical conference', kind: 'senior-officials',
    start: '2022-11', city: 'Lilongwe', country: 'MWI',
    quotes: [
      { in: SN, text: '21st MIDSA technical conference Lilongwe, Nov 2022' },
      { in: 'structure', text: 'Annual technical conferences of senior officials (21st in 2022)' },
    ],
  },
  // MIDWA
  {
    mechanism: 'midwa', slug: 'ministerial-meeting', ordinal: null,
    title: 'MIDWA Ministerial Meeting', kind: 'ministerial',
    start: '2014-05', city: 'Accra', country: 'GHA',
    quotes: [{ in: KO(1), text: 'MIDWA operational modalities approved at MIDWA Ministerial Meeting (Accra, May 2014)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  // OCAM
  {
    mechanism: 'ocam', slug: '45th-ordinary-meeting', ordinal: 45,
    title: '45th ordinary meeting of OCAM', kind: 'senior-officials',
    start: '2017-11', city: 'Guatemala City', country: 'GTM',
    quotes: [
      { in: SN, text: '45th ordinary meeting Guatemala City, Nov 2017 (9 countries)' },
      { in: 'structure', text: 'Ordinary meetings of migration directors (45th in 2017)' },
    ],
    note: 'The count of 9 countries is kept here only: reported_counts has no kind for countries.',
  },
  // PIDC
  {
    mechanism: 'pidc', slug: '2nd-annual-conference', ordinal: 2,
    title: '2nd annual PIDC conference', kind: 'senior-officials',
    start: '1997',
    quotes: [
      { in: KO(0), text: 'PIDC Charter (2nd annual conference)' },
      { in: 'structure', text: 'Annual conference of heads of immigration agencies' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: 'The year is the key output\'s year (1997). Place not stated.',
  },
  // Prague Process
  {
    mechanism: 'prague-process', slug: 'bmp-ministerial-conference', ordinal: null,
    title: 'Building Migration Partnerships Ministerial Conference', kind: 'ministerial',
    start: '2009-04-28', city: 'Prague', country: 'CZE',
    quotes: [
      { in: KO(0), text: 'Building Migration Partnerships Joint Declaration (BMP Ministerial Conference, Prague, 28 April 2009)' },
      { in: 'notes', text: 'A Dutch government page dates the first conference to 2008 (others: April 2009).' },
    ],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: 'Ordinal left null: a Dutch government page dates the first conference to 2008.',
  },
  {
    mechanism: 'prague-process', slug: '2nd-ministerial-conference', ordinal: 2,
    title: '2nd Ministerial Conference of the Prague Process', kind: 'ministerial',
    start: '2011-11', city: 'Poznan', country: 'POL',
    quotes: [{ in: KO(1), text: 'Prague Process Action Plan 2012-2016 (endorsed at 2nd Ministerial Conference, Poznan, Nov 2011)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  {
    mechanism: 'prague-process', slug: '3rd-ministerial-conference', ordinal: 3,
    title: '3rd Ministerial Conference of the Prague Process', kind: 'ministerial',
    start: '2016-09-20',
    quotes: [{ in: KO(2), text: 'Bratislava Joint Declaration (3rd Ministerial Conference, 20 Sept 2016), mandate 2017-2021' }],
    documents: [{ ko: 2, kind: 'outcome' }],
    note: NOT_PLACE('declaration'),
  },
  {
    mechanism: 'prague-process', slug: '4th-ministerial-conference', ordinal: 4,
    title: '4th Ministerial Conference of the Prague Process', kind: 'ministerial',
    start: '2022-10-24', end: '2022-10-25', city: 'Prague', country: 'CZE',
    quotes: [{ in: SN, text: '4th Ministerial Conference (Prague, 24-25 Oct 2022) endorsed a Joint Declaration and Action Plan 2023-2027' }],
    documents: [{ ko: 3, kind: 'outcome' }],
  },
  // Quito Process
  ...(
    [
      [1, 'I', '2018-09-03', '2018-09-04', 0, 'Declaration of Quito on Human Mobility of Venezuelan Citizens in the Region (Quito I, 3-4 Sept 2018)'],
      [2, 'II', '2018-11-22', '2018-11-23', 1, 'Quito Plan of Action (Quito II, 22-23 Nov 2018)'],
      [3, 'III', '2019-04-08', '2019-04-09', 2, 'Joint Declaration (Quito III, 8-9 April 2019)'],
    ] as const
  ).map(
    ([n, roman, start, end, ko, quote]): MechMeetingSpec => ({
      mechanism: 'quito-process', slug: `round-${roman.toLowerCase()}`, ordinal: n,
      title: `International Technical Meeting on Human Mobility of Venezuelan Citizens in the Region, round ${roman} (Quito ${roman})`, kind: 'other',
      start, end,
      quotes: [
        { in: KO(ko), text: quote },
        { in: SN, text: 'rounds held roughly twice a year since Sept 2018 (Quito I-III 2018-2019, Buenos Aires IV July 2019, Bogotá V Nov 2019, ...)' },
      ],
      documents: [{ ko, kind: 'outcome' }],
      note: '"Quito I" to "Quito III" are the names of the rounds; the input does not state their venue: city left null.',
    }),
  ),
  {
    mechanism: 'quito-process', slug: 'round-iv', ordinal: 4,
    title: 'International Technical Meeting on Human Mobility of Venezuelan Citizens in the Region, round IV (Quito IV)', kind: 'other',
    start: '2019-07-04', end: '2019-07-05', city: 'Buenos Aires', country: 'ARG',
    quotes: [
      { in: KO(3), text: 'Buenos Aires Road Map for the integration of Venezuelan refugees and migrants (Quito IV, 4-5 July 2019)' },
      { in: SN, text: 'rounds held roughly twice a year since Sept 2018 (Quito I-III 2018-2019, Buenos Aires IV July 2019, Bogotá V Nov 2019, ...)' },
    ],
    documents: [{ ko: 3, kind: 'outcome' }],
  },
  {
    mechanism: 'quito-process', slug: 'round-v', ordinal: 5,
    title: 'International Technical Meeting on Human Mobility of Venezuelan Citizens in the Region, round V', kind: 'other',
    start: '2019-11', city: 'Bogotá', country: 'COL',
    quotes: [{ in: SN, text: 'rounds held roughly twice a year since Sept 2018 (Quito I-III 2018-2019, Buenos Aires IV July 2019, Bogotá V Nov 2019, ...)' }],
  },
  // RCM
  {
    mechanism: 'regional-conference-on-migration', slug: 'first-meeting', ordinal: 1,
    title: 'First meeting of the Regional Conference on Migration (Puebla)', kind: 'other',
    start: '1996-03', city: 'Puebla', country: 'MEX',
    quotes: [{ in: KO(0), text: 'First meeting, Puebla, Mexico (March 1996), following the Tuxtla II Presidential Summit (Feb 1996)' }],
  },
  {
    mechanism: 'regional-conference-on-migration', slug: '24th-rcm', ordinal: 24,
    title: '24th Regional Conference on Migration', kind: 'other',
    start: '2019-11-12', end: '2019-11-14', city: 'Guatemala City', country: 'GTM',
    quotes: [{ in: KO(1), text: "RCM Charter and Strategic Plan 2019-2022 (24th RCM, Guatemala City, 12-14 Nov 2019, 'relaunch' declaration)" }],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'The annual RCM combines a Vice-Ministerial Meeting with the Regional Consultation Group on Migration: kind "other".',
  },
  // RMFM
  {
    mechanism: 'rmfm', slug: 'launch-regional-ministerial-forum', ordinal: null,
    title:
      "Regional Ministerial Forum 'Harmonizing Labour Migration Policies in East and Horn of Africa - A United Approach on Safe, " +
      "Regular and Humane Labour Migration'",
    kind: 'ministerial',
    start: '2020-01', city: 'Nairobi', country: 'KEN',
    quotes: [
      { in: SN, text: 'Launched Nairobi, Jan 2020' },
      { in: KO(0), text: "Launch at Regional Ministerial Forum 'Harmonizing Labour Migration Policies in East and Horn of Africa - A United Approach on Safe, Regular and Humane Labour Migration' (Nairobi)" },
    ],
  },
  {
    mechanism: 'rmfm', slug: '3rd-rmfm', ordinal: 3,
    title: '3rd Regional Ministerial Forum on Migration', kind: 'ministerial',
    start: '2022-03-28', end: '2022-04-01', city: 'Nairobi', country: 'KEN',
    quotes: [
      { in: SN, text: '3rd RMFM Nairobi 28 Mar-1 Apr 2022 (chair passed from Kenya to Ethiopia)' },
      { in: KO(1), text: 'Two agreements signed by Ministers of 11 States at the 3rd RMFM (Nairobi)' },
    ],
    documents: [{ ko: 1, kind: 'outcome' }],
    note: 'The count of 11 States is kept here only: reported_counts has no kind for States.',
  },
  {
    mechanism: 'rmfm', slug: '4th-rmfm', ordinal: 4,
    title: '4th Regional Ministerial Forum on Migration', kind: 'ministerial',
    start: '2023-03-13', end: '2023-03-17', city: 'Addis Ababa', country: 'ETH',
    quotes: [{ in: SN, text: '4th RMFM Addis Ababa 13-17 March 2023' }],
  },
  // SACM
  {
    mechanism: 'south-american-conference-on-migration', slug: 'lima-meeting', ordinal: null,
    title: 'South American Meeting on Migration, Integration and Development', kind: 'other',
    start: '1999', city: 'Lima', country: 'PER',
    quotes: [{ in: 'notes', text: "an IOM 2016 press release says the RCP was 'created in 1999' (Lima South American Meeting on Migration, Integration and Development, 1999)" }],
    note: 'A precursor meeting (the SACM\'s former name); IOM dates the SACM itself from 2000.',
  },
  {
    mechanism: 'south-american-conference-on-migration', slug: 'i-sacm', ordinal: 1,
    title: 'I South American Conference on Migration', kind: 'other',
    start: '2000-05', city: 'Buenos Aires', country: 'ARG',
    quotes: [{ in: 'notes', text: 'IOM page says 2000 (I SACM Buenos Aires, May 2000)' }],
  },
  {
    mechanism: 'south-american-conference-on-migration', slug: 'v-sacm', ordinal: 5,
    title: 'V South American Conference on Migration', kind: 'other',
    start: '2004-11-25', end: '2004-11-26',
    quotes: [{ in: KO(0), text: 'Declaración de La Paz (V SACM, 25-26 Nov 2004)' }],
    documents: [{ ko: 0, kind: 'outcome' }],
    note: NOT_PLACE('declaration'),
  },
  {
    mechanism: 'south-american-conference-on-migration', slug: 'x-sacm', ordinal: 10,
    title: 'X South American Conference on Migration', kind: 'other',
    start: '2010-10', city: 'Cochabamba', country: 'BOL',
    quotes: [{ in: KO(1), text: 'Declaration of Principles and General Guidelines; South American Plan for Human Development of Migration (PSDHM) (X SACM, Cochabamba, Oct 2010)' }],
    documents: [{ ko: 1, kind: 'outcome' }],
  },
  ...(
    [
      [11, 'XI', 2011],
      [12, 'XII', 2012],
      [16, 'XVI', 2016],
      [17, 'XVII', 2017],
    ] as const
  ).map(
    ([n, roman, y]): MechMeetingSpec => ({
      mechanism: 'south-american-conference-on-migration', slug: `${roman.toLowerCase()}-sacm`, ordinal: n,
      title: `${roman} South American Conference on Migration`, kind: 'other',
      start: String(y),
      quotes: [{ in: 'notes', text: 'XIV/XV declaration years (2014/2015) are inferred from the annual sequence (XI 2011, XII 2012, XVI 2016, XVII 2017, XVIII 2018), not read directly.' }],
      note: 'Known from the annual sequence the input states (year only; place not stated).',
    }),
  ),
  {
    mechanism: 'south-american-conference-on-migration', slug: 'xviii-sacm', ordinal: 18,
    title: 'XVIII South American Conference on Migration', kind: 'other',
    start: '2018-11-22', end: '2018-11-23', city: 'Sucre', country: 'BOL',
    quotes: [
      { in: KO(5), text: "Sucre Declaration 'South American Citizenship: new culture of free human mobility towards Universal Citizenship' (XVIII SACM, 22-23 Nov 2018)" },
      { in: SN, text: 'XVIII SACM Sucre 2018' },
    ],
    documents: [{ ko: 5, kind: 'outcome' }],
  },
  {
    mechanism: 'south-american-conference-on-migration', slug: 'xiv-intersessional-meeting', ordinal: 14,
    title: 'XIV intersessional meeting of the South American Conference on Migration', kind: 'other',
    start: '2020-09', online: true,
    quotes: [{ in: SN, text: 'XIV intersessional meeting (virtual) Sept 2020' }],
    note: 'Ordinal counts the intersessional meetings.',
  },
];

function normName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Resolves a mechanism as a source names it ("Name (ACR / other name)") through names, aliases and acronyms. */
function mechanismMatcher(mechanisms: Mechanism[]): (wording: string) => string | null {
  const index = new Map<string, Set<string>>();
  const put = (key: string, id: string): void => {
    const k = normName(key);
    const set = index.get(k) ?? new Set<string>();
    set.add(id);
    index.set(k, set);
  };
  for (const m of mechanisms) {
    put(m.name, m.id);
    if (m.acronym !== null) put(m.acronym, m.id);
    for (const n of m.names) put(n.name, m.id);
  }
  return (wording: string): string | null => {
    const full = wording.split(' - ')[0] as string;
    const candidates = [wording, full];
    const paren = /^(.*\S)\s*\(([^()]*)\)$/.exec(full);
    if (paren !== null) {
      candidates.push(paren[1] as string, ...(paren[2] as string).split(' / '));
    }
    const hits = new Set<string>();
    for (const c of candidates) for (const id of index.get(normName(c)) ?? []) hits.add(id);
    return hits.size === 1 ? ([...hits][0] as string) : null;
  };
}

interface MeetingsBuild {
  file: MeetingsFile;
  globalCount: number;
  nameMatches: string[];
}

function buildMeetings(inputDir: string, sources: SourceRegistry, rawMechanisms: RawMechanism[], mechanismsOut: Mechanism[]): MeetingsBuild {
  const rawGlobal = readJson<RawGlobalMeeting[]>(join(inputDir, 'global-meetings.json'));
  if (!Array.isArray(rawGlobal)) fail('unexpected shape of global-meetings.json');
  const notesFiles: Record<string, string> = {};
  for (const f of ['notes-irfs-global.md', 'notes-rcps.md']) notesFiles[f] = readFileSync(join(inputDir, f), 'utf8');
  const matchMechanism = mechanismMatcher(mechanismsOut);
  const meetings: Meeting[] = [];
  const nameMatches: string[] = [];

  /** Source ids for URLs that must be among the URLs the fact's record cites. */
  const idsWithin = (where: string, urls: string[], allowed: string[]): string[] => {
    for (const u of urls) if (!allowed.includes(u)) fail(`${where}: ${u} is not among the record's sources`);
    return sources.ids(urls);
  };
  const mustContain = (where: string, text: string | null | undefined, part: string): void => {
    if (text === null || text === undefined || !text.includes(part)) fail(`${where}: "${part}" does not occur in the input`);
  };

  // ------------------------------------------------------------------ the global meetings
  const seriesSourceUrls = new Set<string>();
  const usedSpecs = new Set<string>();
  for (const r of rawGlobal) {
    const spec = GLOBAL_SPECS[r.id] ?? fail(`global meeting ${r.id}: no entry in GLOBAL_SPECS`);
    usedSpecs.add(r.id);
    const expectedKind: Record<RawGlobalMeeting['kind'], MeetingKind> = {
      precursor: 'other',
      grcp: 'global-meeting',
      global_iscm_event: 'webinar',
      side_event: 'side-event',
    };
    if (expectedKind[r.kind] !== spec.kind) fail(`${r.id}: input kind ${r.kind} but kind ${spec.kind}`);
    if (spec.inSeries !== (r.kind === 'grcp')) fail(`${r.id}: only the numbered GRCPs are in the series`);
    if (spec.online && (r.city !== null || r.country_iso3 !== null)) fail(`${r.id}: online meeting with a place`);
    if (spec.online && !/online|virtual/i.test(`${r.host ?? ''} ${r.title} ${r.notes ?? ''}`)) fail(`${r.id}: not said to be online`);
    if (spec.inSeries) for (const u of GLOBAL_SERIES.sourceUrls) if (r.sources.includes(u)) seriesSourceUrls.add(u);

    const field = (name: string): string | null => {
      switch (name) {
        case 'host':
          return r.host;
        case 'notes':
          return r.notes;
        case 'title':
          return r.title;
        case 'participants':
          return r.participants;
        case 'iscms_represented.note':
          return r.iscms_represented.note;
        case 'outcome_documents':
          return r.outcome_documents.join('\n');
        default:
          return fail(`${r.id}: unknown field ${name}`);
      }
    };
    const meetingSources = sources.ids(r.sources);
    const partSources = (where: string, urls: string[] | undefined): string[] =>
      urls === undefined ? meetingSources : idsWithin(where, urls, r.sources);

    const participants: MeetingParticipant[] = [];
    for (const p of spec.participants) {
      mustContain(`${r.id} participant`, field(p.in), p.name);
      participants.push({
        mechanism: p.mechanism ?? null,
        country: p.country ?? null,
        organization: p.organization ?? null,
        name_in_source: p.name,
        role: p.role,
        sources: partSources(`${r.id} participant ${p.name}`, p.sources),
      });
    }
    if (r.iscms_represented.names.length > 0 && spec.namesRole === undefined) fail(`${r.id}: named ISCMs without a role`);
    for (const name of r.iscms_represented.names) {
      const id = matchMechanism(name);
      nameMatches.push(`${r.id}: "${name}" -> ${id ?? 'UNMATCHED (ids left null)'}`);
      participants.push({
        mechanism: id,
        country: null,
        organization: null,
        name_in_source: name,
        role: spec.namesRole as MeetingRole,
        sources: partSources(`${r.id} named ISCMs`, spec.namesSources),
      });
    }

    const counts: ReportedCount[] = [];
    for (const c of spec.counts) {
      let note: string | null;
      if (c.in === 'iscms_represented.count') {
        if (r.iscms_represented.count !== c.count) fail(`${r.id}: count ${c.count} is not the input's ${r.iscms_represented.count}`);
        note = joinNotes([r.iscms_represented.note, c.note]);
      } else {
        const quote = c.quote ?? fail(`${r.id}: count without a quote`);
        mustContain(`${r.id} count`, field(c.in), quote);
        if (!quote.includes(String(c.count))) fail(`${r.id}: quote "${quote}" does not state ${c.count}`);
        note = joinNotes([`"${quote}"`, c.note]);
      }
      counts.push({ what: c.what, count: c.count, note, sources: partSources(`${r.id} count`, c.sources) });
    }
    if (r.iscms_represented.count !== null && !spec.counts.some((c) => c.in === 'iscms_represented.count')) fail(`${r.id}: ISCM count dropped`);
    if (r.participants !== null && !spec.counts.some((c) => c.in === 'participants')) fail(`${r.id}: participant figures dropped`);

    const agenda: AgendaItem[] = (spec.agenda?.items ?? []).map((title, i) => {
      mustContain(`${r.id} agenda`, field(spec.agenda?.in ?? ''), title);
      return { order: i + 1, title, time: null, speakers: [] };
    });

    if (spec.documents.length !== r.outcome_documents.length) fail(`${r.id}: ${r.outcome_documents.length} outcome documents, ${spec.documents.length} specs`);
    const documents: MeetingDocument[] = r.outcome_documents.map((title, i) => {
      const d = spec.documents[i] as GlobalDocSpec;
      return {
        title,
        kind: d.kind,
        date: d.date ?? null,
        language: d.language ?? null,
        url: null,
        sources: partSources(`${r.id} document ${i}`, d.sources),
      };
    });

    const unverifiedSpecs = spec.unverified ?? [];
    if (unverifiedSpecs.length !== r.from_recall.length) fail(`${r.id}: from_recall entries and unverified specs differ`);
    const unverified = r.from_recall.map((entry, i) => {
      const u = unverifiedSpecs[i] as { field: string; note?: string };
      return { field: u.field, note: joinNotes([entry, u.note]) as string };
    });

    meetings.push({
      id: r.id,
      series: spec.inSeries ? GLOBAL_SERIES_ID : null,
      mechanism: spec.mechanism,
      ordinal: r.ordinal,
      title: r.title,
      kind: spec.kind,
      start: r.date,
      end: r.date_end,
      city: r.city,
      country: r.country_iso3,
      online: spec.online,
      host: r.host,
      theme: r.theme,
      status: 'held',
      participants,
      reported_counts: counts,
      agenda,
      documents,
      sources: meetingSources,
      unverified_fields: unverified,
      notes: joinNotes([
        r.notes,
        r.iscms_represented.count === null ? `ISCMs represented: ${r.iscms_represented.note}` : null,
        spec.note,
      ]),
    });
  }
  for (const id of Object.keys(GLOBAL_SPECS)) if (!usedSpecs.has(id)) fail(`GLOBAL_SPECS entry ${id} matches no input record`);
  for (const u of GLOBAL_SERIES.sourceUrls) if (!seriesSourceUrls.has(u)) fail(`series source ${u} is cited by no GRCP record`);

  // ------------------------------------------------------------------ the mechanisms' own meetings
  const rawById = new Map(rawMechanisms.map((m) => [m.id, m]));
  for (const s of MECHANISM_MEETINGS) {
    const m = rawById.get(s.mechanism) ?? fail(`meeting for unknown mechanism ${s.mechanism}`);
    const id = `${s.mechanism}-${s.start.slice(0, 4)}-${s.slug}`;
    const field = (name: string): string | null => {
      const ko = /^key_outputs\[(\d+)\]$/.exec(name);
      if (ko !== null) return m.key_outputs[Number(ko[1])]?.title ?? fail(`${id}: no ${name}`);
      const al = /^aliases\[(\d+)\]$/.exec(name);
      if (al !== null) return m.aliases[Number(al[1])] ?? fail(`${id}: no ${name}`);
      if (name === 'status_note') return m.status_note;
      if (name === 'notes') return m.notes;
      if (name === 'structure') return m.structure;
      if (name === 'name') return m.name;
      return notesFiles[name] ?? fail(`${id}: unknown field ${name}`);
    };
    if (s.quotes.length === 0) fail(`${id}: no quote`);
    for (const q of s.quotes) mustContain(`${id} quote`, field(q.in), q.text);
    const quoted = s.quotes.map((q) => q.text).join('\n');
    if (s.city !== undefined) mustContain(`${id} city`, quoted, s.city);
    if (s.theme !== undefined) mustContain(`${id} theme`, quoted, s.theme);
    if (s.host !== undefined) mustContain(`${id} host`, quoted, s.host);
    const mechSources = sources.ids(m.sources);
    const partSources = (where: string, urls: string[] | undefined): string[] =>
      urls === undefined ? mechSources : idsWithin(where, urls, m.sources);

    const participants: MeetingParticipant[] = (s.participants ?? []).map((p) => {
      mustContain(`${id} participant`, field(p.in), p.name);
      return {
        mechanism: p.mechanism ?? null,
        country: p.country ?? null,
        organization: p.organization ?? null,
        name_in_source: p.name,
        role: p.role,
        sources: partSources(`${id} participant ${p.name}`, p.sources),
      };
    });
    const counts: ReportedCount[] = (s.counts ?? []).map((c) => {
      const quote = c.quote ?? fail(`${id}: count without a quote`);
      mustContain(`${id} count`, field(c.in), quote);
      if (!quote.includes(String(c.count))) fail(`${id}: quote "${quote}" does not state ${c.count}`);
      return { what: c.what, count: c.count, note: joinNotes([`"${quote}"`, c.note]), sources: partSources(`${id} count`, c.sources) };
    });
    const documents: MeetingDocument[] = (s.documents ?? []).map((d) => {
      const ko = m.key_outputs[d.ko] ?? fail(`${id}: no key_outputs[${d.ko}]`);
      if (ko.year !== null && ko.year !== yearOf(s.start)) fail(`${id}: key output of ${ko.year} attached to a meeting of ${s.start}`);
      return { title: ko.title, kind: d.kind, date: d.date ?? null, language: null, url: null, sources: mechSources };
    });
    const unverified = (s.unverified ?? []).map((u) => {
      const entry = m.from_recall.find((e) => e.startsWith(u.recall)) ?? fail(`${id}: no from_recall entry "${u.recall}"`);
      return { field: u.field, note: joinNotes([entry, u.note]) as string };
    });
    meetings.push({
      id,
      series: null,
      mechanism: m.id,
      ordinal: s.ordinal,
      title: s.title,
      kind: s.kind,
      start: s.start,
      end: s.end ?? null,
      city: s.city ?? null,
      country: s.country ?? null,
      online: s.online ?? false,
      host: s.host ?? null,
      theme: s.theme ?? null,
      status: s.status ?? 'held',
      participants,
      reported_counts: counts,
      agenda: [],
      documents,
      sources: mechSources,
      unverified_fields: unverified,
      notes: joinNotes([...s.quotes.map((q) => `${q.in}: "${q.text}"`), s.note]),
    });
  }

  meetings.sort((a, b) => cmpStr(lo(a.start), lo(b.start)) || cmpStr(a.id, b.id));
  const series: MeetingSeries[] = [
    { id: GLOBAL_SERIES.id, name: GLOBAL_SERIES.name, note: GLOBAL_SERIES.note, sources: sources.ids(GLOBAL_SERIES.sourceUrls) },
  ];
  return { file: { series, meetings }, globalCount: rawGlobal.length, nameMatches };
}

function validateMeetings(f: MeetingsFile, srcIds: Set<string>, orgIds: Set<string>, mechIds: Set<string>): string[] {
  const problems: string[] = [];
  const checkSources = (where: string, ids: string[]): void => {
    if (ids.length === 0) problems.push(`${where}: no sources`);
    for (const id of ids) if (!srcIds.has(id)) problems.push(`${where}: unknown source ${id}`);
  };
  const seriesIds = new Set<string>();
  for (const s of f.series) {
    seriesIds.add(s.id);
    checkSources(`series ${s.id}`, s.sources);
  }
  const ids = new Set<string>();
  for (const m of f.meetings) {
    const w = `meeting ${m.id}`;
    if (ids.has(m.id)) problems.push(`${w}: duplicate id`);
    ids.add(m.id);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) problems.push(`${w}: id not kebab-case`);
    if (m.series !== null && !seriesIds.has(m.series)) problems.push(`${w}: unknown series`);
    if (m.mechanism !== null && !mechIds.has(m.mechanism)) problems.push(`${w}: unknown mechanism ${m.mechanism}`);
    if (!isDate(m.start)) problems.push(`${w}: bad start ${m.start}`);
    if (m.end !== null && (!isDate(m.end) || !(lo(m.end) > lo(m.start)))) problems.push(`${w}: end ${m.end} not after start ${m.start}`);
    if (m.country !== null && !/^[A-Z]{3}$/.test(m.country)) problems.push(`${w}: bad country ${m.country}`);
    if (m.online && (m.city !== null || m.country !== null)) problems.push(`${w}: online meeting with a place`);
    if (m.status === 'held' && lo(m.start) > `${ACCESSED}-31`) problems.push(`${w}: held after the sources were read`);
    checkSources(w, m.sources);
    m.participants.forEach((p, i) => {
      if ([p.mechanism, p.country, p.organization].filter((x) => x !== null).length > 1) problems.push(`${w}.participants[${i}]: more than one id`);
      if (p.mechanism !== null && !mechIds.has(p.mechanism)) problems.push(`${w}.participants[${i}]: unknown mechanism ${p.mechanism}`);
      if (p.organization !== null && !orgIds.has(p.organization)) problems.push(`${w}.participants[${i}]: unknown organization ${p.organization}`);
      if (p.country !== null && !/^[A-Z]{3}$/.test(p.country)) problems.push(`${w}.participants[${i}]: bad country ${p.country}`);
      if (p.name_in_source.trim() === '') problems.push(`${w}.participants[${i}]: no name`);
      checkSources(`${w}.participants[${i}]`, p.sources);
    });
    m.reported_counts.forEach((c, i) => {
      if (!Number.isInteger(c.count) || c.count <= 0) problems.push(`${w}.reported_counts[${i}]: bad count`);
      checkSources(`${w}.reported_counts[${i}]`, c.sources);
    });
    m.agenda.forEach((a, i) => {
      if (a.order !== i + 1) problems.push(`${w}.agenda[${i}]: order`);
    });
    m.documents.forEach((d, i) => {
      if (d.date !== null && !isDate(d.date)) problems.push(`${w}.documents[${i}]: bad date`);
      checkSources(`${w}.documents[${i}]`, d.sources);
    });
  }
  return problems;
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
  const citations = new Citations(inputDir, sources, resolveOrg);
  citations.registerSources(new Set(mechById.keys()));

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
      ...citations.names(m.id),
    });
  }
  mechanismsOut.sort((a, b) => cmpStr(a.id, b.id));
  const statusesCited = citations.citeStatuses(mechanismsOut);

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
        if (row !== null) urls.push(...row.extraSourceUrls);
        const attested = snapshotsFor(k, iv.role).find((s) => inInterval(s.asOf, iv.start, iv.end));
        if (attested !== undefined && !urls.includes(attested.url)) urls.push(attested.url);
        const org = party.organization === null ? undefined : orgById.get(party.organization);
        const cited = citations.cite({
          mechanism: m.id, role: iv.role, country: party.country, organization: party.organization, label: party.label,
          orgLabels: [org?.name, org?.acronym, row?.nameInSource].filter((x): x is string => typeof x === 'string'),
          start: iv.start, end: iv.end,
        }, uniq(urls));
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
          verification: (row !== null && row.unverified) || cited.urls.length === 0 ? 'unverified' : 'sourced',
          attestation: cited.attestation,
          via_bloc: cited.via_bloc,
          sources: sources.ids(cited.urls),
          note: joinNotes([row?.note, ...iv.notes, recallNote]),
        });
        if (party.organization !== null) usedOrgs.add(party.organization);
      }
    }
  }
  participationOut.sort((a, b) => cmpStr(a.mechanism, b.mechanism) || cmpStr(a.id, b.id));

  const expectedBounds = START_BOUNDS.reduce((n, b) => n + b.parties.length, 0);
  if (appliedBounds !== expectedBounds) fail(`applied ${appliedBounds} of ${expectedBounds} start bounds`);

  // ------------------------------------------------------------------ December 2026: two new mechanisms (scripts/reference/)
  const addSource = (url: string, title: string | null, accessed?: string): string => sources.add(url, title, accessed ?? null);
  const added = newMechanisms(addSource);
  mechanismsOut.push(...added.mechanisms);
  mechanismsOut.sort((a, b) => cmpStr(a.id, b.id));
  participationOut.push(...added.participation);
  snapshotsOut.push(...added.snapshots);
  snapshotsOut.sort((a, b) => cmpStr(a.id, b.id));
  for (const o of added.organizations) {
    if (!orgById.has(o)) fail(`new mechanisms: unknown organization ${o}`);
    usedOrgs.add(o);
  }

  // ------------------------------------------------------------------ organizations, themes, sources
  const unusedOrgs = ORGS.filter((o) => !usedOrgs.has(o.id)).map((o) => o.id);
  const organizationsOut: Organization[] = ORGS.filter((o) => usedOrgs.has(o.id))
    .map((o) => ({ id: o.id, name: o.name, acronym: o.acronym, kind: o.kind, note: o.note }))
    .sort((a, b) => cmpStr(a.id, b.id));
  const themesOut: Theme[] = THEMES.map((t) => ({ id: t.id, name: t.name, description: t.description }));

  // ------------------------------------------------------------------ meetings (may add sources)
  const sourcesBeforeMeetings = sources.size();
  const meetingsBuild = buildMeetings(inputDir, sources, rawMechanisms, mechanismsOut);
  const meetingsOut = meetingsBuild.file;
  // December 2026 (scripts/reference/): the meetings research, then the corrections.
  meetingsOut.meetings.push(...added.meetings);
  const meetingsBefore = meetingsOut.meetings.length;
  const additions = importMeetingAdditions(join(inputDir, 'meetings', 'meetings-additions.json'), meetingsOut.meetings, mechanismsOut, addSource);
  const sourcesAddedByMeetings = sources.size() - sourcesBeforeMeetings;
  const correctionsLog = applyCorrections(
    { mechanisms: mechanismsOut, participation: participationOut, snapshots: snapshotsOut, meetings: meetingsOut.meetings },
    addSource,
  );
  correctionsLog.splice(correctionsLog.findIndex((l) => l.startsWith('correction 11 ')), 0, added.log);
  const reported = buildReported(inputDir, sources, {
    mechanisms: new Set(mechanismsOut.map((m) => m.id)), meetings: new Set(meetingsOut.meetings.map((m) => m.id)),
  });

  const sourcesOut = sources.output().map((src) => ({ ...src, ...citations.describe(src.url, ACCESSED) }));

  // ------------------------------------------------------------------ public and compilation notes (scripts/reference/notes.ts)
  const noteCounts = splitDatasetNotes({ mechanisms: mechanismsOut, participation: participationOut, meetings: meetingsOut });

  // ------------------------------------------------------------------ validation
  const problems = validate({
    sources: sourcesOut,
    themes: themesOut,
    organizations: organizationsOut,
    mechanisms: mechanismsOut,
    participation: participationOut,
    snapshots: snapshotsOut,
  });
  problems.push(
    ...validateMeetings(
      meetingsOut,
      new Set(sourcesOut.map((x) => x.id)),
      new Set(organizationsOut.map((o) => o.id)),
      new Set(mechanismsOut.map((m) => m.id)),
    ),
  );
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
  write('meetings.json', { ...meetingsOut, coverage: additions.coverage });
  write('reported-figures.json', reported.figures);
  write('reported-lists.json', reported.lists);

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
  for (const line of Citations.report(Citations.coverage(participationOut))) console.log(line);
  console.log(`  status periods citing the sources that state them (not the mechanism's whole list): ${statusesCited}`);
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
  const ms = meetingsOut.meetings;
  const tally = (key: (m: Meeting) => string): string => {
    const t = new Map<string, number>();
    for (const m of ms) t.set(key(m), (t.get(key(m)) ?? 0) + 1);
    return [...t].sort((a, b) => cmpStr(a[0], b[0])).map(([k, n]) => `${k} ${n}`).join(', ');
  };
  const withMechanism = ms.filter((m) => m.mechanism !== null);
  console.log(
    `meetings: ${ms.length} (${meetingsBuild.globalCount} from global-meetings.json); ` +
      `by kind: ${tally((m) => m.kind)}; by status: ${tally((m) => m.status)}`,
  );
  console.log(
    `  with participants: ${ms.filter((m) => m.participants.length > 0).length}; with reported counts: ${ms.filter((m) => m.reported_counts.length > 0).length}; ` +
      `organising mechanisms: ${new Set(withMechanism.map((m) => m.mechanism)).size}; sources added by meetings: ${sourcesAddedByMeetings}`,
  );
  for (const line of meetingsBuild.nameMatches) console.log(`  named ISCM ${line}`);
  console.log(
    `meetings research (Dec 2026): ${meetingsBefore} meetings before, ${additions.added} added, ${additions.checked} checks ` +
      `(${additions.changed.length} changed a record), ${ms.length} after; records known incomplete: ${additions.coverage.length}`,
  );
  for (const c of additions.changed) console.log(`  check ${c}`);
  console.log(`corrections applied: ${correctionsLog.length}`);
  for (const c of correctionsLog) console.log(`  ${c}`);
  for (const line of formatNoteCounts(noteCounts)) console.log(line);
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
    if (p.sources.length > 0 || p.attestation !== 'none') checkSources(p.id, p.sources);
    if (p.sources.length === 0 && p.verification !== 'unverified') problems.push(`${p.id}: no source but not unverified`);
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
