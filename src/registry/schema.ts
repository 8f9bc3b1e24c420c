/** Route schemas: they validate requests, serialise responses and generate the OpenAPI document. */
import Type from 'typebox';
import { LEVELS, ROLES, STATUSES } from './model.js';

const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NS = N(Type.String());
/** Every note comes as two fields: the public one (`note`, `notes`, `membershipNote`) and how the fact was compiled. */
export const PublicNote = N(Type.String({ description: 'The public note: a plain sentence for readers (the note shown on pages)' }));
export const CompilationNote = N(Type.String({
  description: 'How the fact was compiled — sources, inference, recall, conflicts between sources, what was not found. '
    + 'For editors and the record\'s history page; never shown on a public page',
}));
export const UnverifiedFieldOut = Type.Object({
  field: Type.String({ description: 'The field no source backs (e.g. website, key_outputs, members)' }),
  note: PublicNote, compilationNote: CompilationNote,
});

export const AsOf = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'The date the answer is computed for (YYYY-MM-DD). Default: today.',
  examples: ['2019-04-05'],
});
const Iso3 = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 code (XKX for Kosovo)', examples: ['SEN'] });
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 });
const strict = { additionalProperties: false } as const;

export const Problem = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), instance: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ name: Type.String(), in: Type.String(), message: Type.String() }))),
}, { $id: 'Problem', description: 'RFC 9457 problem details' });

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));

export const ResolvedValue = N(Type.Object({
  value: Type.String(),
  certainty: Type.Enum(['known', 'uncertain'], { description: 'uncertain: the date falls where a change of undated timing may already have happened' }),
  next: NS,
}));

const Party = Type.Object({
  type: Type.Enum(['country', 'organization', 'unresolved']), id: NS, name: Type.String(),
});

export const Participation = Type.Object({
  id: Type.String(), mechanism: Type.String(), party: Party, nameInSource: NS, role: Type.Enum(ROLES),
  since: N(Type.String({ description: 'Start of the interval, at the precision of its source (YYYY, YYYY-MM or YYYY-MM-DD); null: unknown' })),
  sinceNotBefore: NS, sinceBasis: NS,
  until: N(Type.String({ description: 'First date the participation no longer holds; null: still holds' })),
  untilNotBefore: NS, endCause: NS, firstAttested: N(Type.String({ description: 'Earliest dated list that shows this participation' })),
  viaGroup: NS,
  certainty: N(Type.Enum(['stated', 'attested', 'assumed'], { description: 'How sure the registry is that this holds at asOf; null: it does not' })),
  verification: Type.Enum(['sourced', 'unverified', 'confirmed', 'disputed'], { description: 'confirmed / disputed: by the country\'s focal point' }),
  sources: Type.Array(Type.String()), note: PublicNote, compilationNote: CompilationNote, recordedAt: Type.String(),
  version: Type.Integer({ description: 'Send it back in If-Match when editing this record' }),
}, { $id: 'Participation' });

const PeriodOut = (key: string, values: readonly string[]) => Type.Object({
  [key]: Type.Enum(values), start: NS, end: NS, end_not_before: NS, confidence: NS, note: PublicNote, compilationNote: CompilationNote,
  sources: Type.Array(Type.String()),
});

const SourceOut = Type.Object({ id: Type.String(), url: Type.String(), title: NS, publisher: NS, accessed: NS });

export const MechanismSummary = Type.Object({
  id: Type.String(), name: Type.String(), acronym: NS, established: N(Type.Integer()), region: NS,
  level: ResolvedValue, status: ResolvedValue, themes: Type.Array(Type.String()),
  members: Type.Integer(), observers: Type.Integer(),
});

export const MechanismDetail = Type.Object({
  id: Type.String(), name: Type.String(), acronym: NS,
  names: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), slug: Type.String(), note: NS })),
  asOf: Type.String(), level: ResolvedValue, status: ResolvedValue,
  levelHistory: Type.Array(PeriodOut('level', LEVELS)), statusHistory: Type.Array(PeriodOut('status', STATUSES)),
  established: N(Type.Integer()), region: NS, objectives: NS, structure: NS, chairModel: NS,
  currentChair: N(Type.Object({ name: Type.String(), since: NS }, { description: 'the current chair, as an editor of the mechanism recorded it' })),
  secretariat: N(Type.Object({ text: Type.String(), organization: N(Type.Object({ id: Type.String(), name: Type.String() })) })),
  supportingOrganizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  website: NS,
  themes: Type.Array(Type.Object({ theme: Type.String(), wording: Type.String() })),
  membershipNote: PublicNote, membershipCompilationNote: CompilationNote, membersComplete: N(Type.Boolean()),
  memberGroups: Type.Array(Type.Object({ name: Type.String(), note: NS })),
  keyOutputs: Type.Array(Type.Object({ title: Type.String(), year: N(Type.Integer()) })),
  unverifiedFields: Type.Array(UnverifiedFieldOut, { description: 'Fields not backed by a source: shown as unverified' }),
  lastEvidenceOfActivity: NS, notes: PublicNote, compilationNote: CompilationNote,
  members: Type.Array(Type.Ref('Participation')), observers: Type.Array(Type.Ref('Participation')),
  partners: Type.Array(Type.Ref('Participation')), otherRoles: Type.Array(Type.Ref('Participation')),
  notHoldingAtAsOf: Type.Integer({ description: 'Participation records that do not hold at asOf (earlier or later)' }),
  snapshots: Type.Array(Type.Object({
    id: Type.String(), asOf: Type.String(), role: Type.String(), listType: Type.String(), complete: Type.Boolean(),
    statedCount: N(Type.Integer()), listed: Type.Integer(), source: Type.String(), note: NS,
  })),
  sources: Type.Array(SourceOut), version: Type.Integer(), lastChanged: Type.String(),
});

const CountryBase = {
  code: Type.String(), alpha2: Type.String(), numeric: NS, kind: Type.Enum(['state', 'territory']),
  region: N(Type.Object({ code: Type.String(), name: Type.String() })),
  subregion: N(Type.Object({ code: Type.String(), name: Type.String() })),
  name: Type.Object({ en: Type.String(), fr: Type.String(), es: Type.String() }), note: NS,
};

const Figure = (extra: Record<string, Parameters<typeof Type.Object>[0][string]>) => Type.Object({ value: Type.Integer(), definition: Type.String(), ...extra });

export const routes = {
  listMechanisms: {
    querystring: Type.Object({
      level: Type.Optional(Type.Enum(LEVELS)), status: Type.Optional(Type.Enum([...STATUSES, 'not-established'])),
      region: Type.Optional(Type.String({ description: 'UN M49 region or sub-region code or name: mechanisms with a member there' })),
      theme: Type.Optional(Slug), country: Type.Optional(Iso3), asOf: Type.Optional(AsOf),
      q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the name, acronym, aliases or region' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
      cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'Opaque cursor from nextCursor' })),
    }, strict),
    response: { 200: Type.Object({ asOf: Type.String(), total: Type.Integer(), items: Type.Array(MechanismSummary), nextCursor: NS }), ...problems(400) },
  },
  getMechanism: {
    params: Type.Object({ id: Type.String({ maxLength: 120 }) }),
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: { 200: MechanismDetail, ...problems(400, 404) },
  },
  listCountries: {
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: { 200: Type.Object({ asOf: Type.String(), items: Type.Array(Type.Object({ ...CountryBase, memberOf: Type.Integer(), engagedIn: Type.Integer() })) }), ...problems(400) },
  },
  getCountry: {
    params: Type.Object({ iso3: Type.String({ maxLength: 8 }) }),
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: {
      200: Type.Object({ ...CountryBase, asOf: Type.String(),
        participation: Type.Array(Type.Intersect([Type.Ref('Participation'), Type.Object({ mechanismName: Type.String() })])) }),
      ...problems(400, 404),
    },
  },
  listOrganizations: {
    querystring: Type.Object({}, strict),
    response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), acronym: NS, kind: Type.String(), note: NS })) }), ...problems(400) },
  },
  listThemes: {
    querystring: Type.Object({}, strict),
    response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.Object({ en: Type.String(), fr: Type.String(), es: Type.String() }), description: NS, mechanisms: Type.Array(Type.String()) })) }), ...problems(400) },
  },
  getSource: {
    params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
    querystring: Type.Object({}, strict),
    response: { 200: Type.Object({ ...SourceOut.properties, backs: Type.Object({ mechanisms: Type.Array(Type.String()), participation: Type.Array(Type.String()) }) }), ...problems(400, 404) },
  },
  listParticipation: {
    querystring: Type.Object({
      mechanism: Type.Optional(Slug), country: Type.Optional(Iso3), role: Type.Optional(Type.Enum(ROLES)), asOf: Type.Optional(AsOf),
      knownAt: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?Z?)?$', description: 'Record time: what the registry said at that instant (bitemporal). Default: now.' })),
    }, strict),
    response: { 200: Type.Object({ asOf: Type.String(), knownAt: NS, total: Type.Integer(), items: Type.Array(Type.Ref('Participation')) }), ...problems(400) },
  },
  stats: {
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: {
      200: Type.Object({
        asOf: Type.String(),
        activeMechanisms: Figure({
          byLevel: Type.Object({ rcp: Type.Integer(), irf: Type.Integer(), global: Type.Integer() }),
          mechanisms: Type.Array(Type.String()), levelUncertain: Type.Array(Type.String()), statusUncertain: Type.Array(Type.String()),
          byLevelDefinition: Type.String(),
        }),
        countriesMembers: Figure({ known: Type.Integer(), assumed: Type.Integer() }),
        countriesEngaged: Figure({}),
        maxMechanismsPerCountry: Figure({
          countries: Type.Array(Type.Object({ code: Type.String(), mechanisms: Type.Array(Type.String()), known: Type.Array(Type.String()) })),
          knownOnly: Type.Integer(),
          top: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer(), known: Type.Integer() })),
        }),
      }),
      ...problems(400),
    },
  },
  overlaps: {
    querystring: Type.Object({ asOf: Type.Optional(AsOf), role: Type.Optional(Type.Enum(ROLES)) }, strict),
    response: {
      200: Type.Object({
        asOf: Type.String(), role: Type.String(), total: Type.Integer(), definition: Type.String(),
        items: Type.Array(Type.Object({ a: Type.String(), b: Type.String(), shared: Type.Integer(), jaccard: Type.Number(), parties: Type.Array(Type.String()) })),
      }),
      ...problems(400),
    },
  },
} as const;

export const sharedSchemas = [Problem, Participation];
