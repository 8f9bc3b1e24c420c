/** Route schemas: they validate requests, serialise responses and generate the OpenAPI document. */
import Type from 'typebox';
import { LEVELS, ROLES, STATUSES } from './model.js';
import { COMPARATORS, FIGURE_COUNTS } from './reported.js';
import { pageFields, pageQuery } from '../http/paging.js';
import { Problem } from '../http/problem.js';

const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NS = N(Type.String());
/** Every note comes as two fields: the public one (`note`, `notes`, `membershipNote`) and how the fact was compiled. */
export const PublicNote = N(
  Type.String({ description: 'The public note: a plain sentence for readers (the note shown on pages)' }),
);
export const CompilationNote = N(
  Type.String({
    description:
      'How the fact was compiled — sources, inference, recall, conflicts between sources, what was not found. ' +
      "For editors and the record's history page; never shown on a public page",
  }),
);
export const UnverifiedFieldOut = Type.Object({
  field: Type.String({ description: 'The field no source backs (e.g. website, key_outputs, members)' }),
  note: PublicNote,
  compilationNote: CompilationNote,
});

export const AsOf = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'The date the answer is computed for (YYYY-MM-DD). Default: today.',
  examples: ['2019-04-05'],
});
const Iso3 = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 3166-1 alpha-3 code (XKX for Kosovo)',
  examples: ['SEN'],
});
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 });
const strict = { additionalProperties: false } as const;

const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]));

export const ResolvedValue = N(
  Type.Object({
    value: Type.String(),
    certainty: Type.Enum(['known', 'uncertain'], {
      description: 'uncertain: the date falls where a change of undated timing may already have happened',
    }),
    next: NS,
  }),
);

const Party = Type.Object({
  type: Type.Enum(['country', 'organization', 'unresolved']),
  id: NS,
  name: Type.String(),
});

export const Participation = Type.Object(
  {
    id: Type.String(),
    mechanism: Type.String(),
    party: Party,
    nameInSource: NS,
    role: Type.Enum(ROLES),
    since: N(
      Type.String({
        description:
          'Start of the interval, at the precision of its source (YYYY, YYYY-MM or YYYY-MM-DD); null: unknown',
      }),
    ),
    sinceNotBefore: NS,
    sinceBasis: NS,
    until: N(Type.String({ description: 'First date the participation no longer holds; null: still holds' })),
    untilNotBefore: NS,
    endCause: NS,
    firstAttested: N(Type.String({ description: 'Earliest dated list that shows this participation' })),
    viaGroup: NS,
    certainty: N(
      Type.Enum(['stated', 'attested', 'assumed'], {
        description: 'How sure the registry is that this holds at asOf; null: it does not',
      }),
    ),
    verification: Type.Enum(['sourced', 'unverified', 'confirmed', 'disputed'], {
      description: "confirmed / disputed: by the country's focal point",
    }),
    attestation: N(
      Type.Enum(['list', 'bloc', 'participation', 'event', 'none'], {
        description:
          "How a source names this row: list = a membership list; bloc = only a bloc's composition list (see viaBloc); " +
          'participation = only attendance, founding or signatory lists; event = only a dated joining/leaving event; ' +
          'none = no source names it (not attested). null: entered in ISCM Hub from the source an editor gave.',
      }),
    ),
    viaBloc: N(
      Type.Object(
        { bloc: Type.String(), explanation: Type.String() },
        { description: 'Named only as a member of this bloc, and why that list counts' },
      ),
    ),
    sources: Type.Array(
      Type.String({
        description: 'Only the sources that back this row: the lists that name it, then those that date it',
      }),
    ),
    note: PublicNote,
    compilationNote: CompilationNote,
    recordedAt: Type.String(),
    version: Type.Integer({ description: 'Send it back in If-Match when editing this record' }),
  },
  { $id: 'Participation' },
);

const PeriodOut = (key: string, values: readonly string[]) =>
  Type.Object({
    [key]: Type.Enum(values),
    start: NS,
    end: NS,
    end_not_before: NS,
    confidence: NS,
    note: PublicNote,
    compilationNote: CompilationNote,
    sources: Type.Array(Type.String()),
  });

const SourceOut = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: NS,
  publisher: NS,
  accessed: NS,
  site: N(Type.String({ description: 'host name, without www.' })),
  date: N(Type.String({ description: "the source's date (see dateBasis)" })),
  dateBasis: N(
    Type.Enum(['stated', 'inferred', 'accessed'], {
      description: 'stated by the source, inferred from its content, or the date it was read',
    }),
  ),
  mirror: Type.Boolean({
    description:
      'a copy on a document-mirror site (docslib, lawsdocbox, fdocuments, vdocuments, pdfslide, docsbay, yumpu), not the original',
  }),
  lists: Type.Array(
    Type.Object({
      mechanism: Type.String(),
      lists: Type.String({ description: 'members, observers, partners or all' }),
      kind: Type.String({
        description: 'membership list, participation, bloc composition, membership basis (no list)',
      }),
      asOf: NS,
      asOfBasis: NS,
      statedCount: N(Type.Integer()),
      namedCount: Type.Integer(),
      cutOff: Type.Boolean(),
      viaBloc: NS,
    }),
    { description: 'the membership lists this source holds' },
  ),
});

const OfficialName = N(
  Type.Object({
    name: Type.String(),
    source: Type.String(),
    usage: Type.Optional(
      N(
        Type.Enum(['eu-terminology'], {
          description: "the EU glossary's form, not necessarily the mechanism's own name",
        }),
      ),
    ),
  }),
);

export const MechanismSummary = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'the official name' }),
  commonName: Type.String({
    description: 'the name people use (e.g. Colombo Process); the official name when none is recorded',
  }),
  acronym: NS,
  established: N(Type.Integer()),
  region: NS,
  level: ResolvedValue,
  status: ResolvedValue,
  themes: Type.Array(Type.String()),
  members: Type.Integer(),
  observers: Type.Integer(),
});

export const MechanismDetail = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'the official name' }),
  commonName: Type.String({ description: 'the name people use; the official name when none is recorded' }),
  commonNameSource: N(Type.String({ description: 'a source that uses the common name' })),
  acronym: NS,
  officialNames: Type.Object(
    {
      fr: Type.Optional(OfficialName),
      es: Type.Optional(OfficialName),
      ar: Type.Optional(OfficialName),
      ru: Type.Optional(OfficialName),
      zh: Type.Optional(OfficialName),
    },
    { description: 'official names in other languages as a source writes them (never translated here)' },
  ),
  membershipBasis: Type.Array(Type.Object({ quote: Type.String(), asOf: NS, source: Type.String() }), {
    description: 'who may take part, in the words of a source that gives no list (e.g. open to all UN Member States)',
  }),
  names: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), slug: Type.String(), note: NS })),
  asOf: Type.String(),
  level: ResolvedValue,
  status: ResolvedValue,
  levelHistory: Type.Array(PeriodOut('level', LEVELS)),
  statusHistory: Type.Array(PeriodOut('status', STATUSES)),
  established: N(Type.Integer()),
  region: NS,
  objectives: NS,
  structure: NS,
  chairModel: NS,
  currentChair: N(
    Type.Object(
      { name: Type.String(), since: NS },
      { description: 'the current chair, as an editor of the mechanism recorded it' },
    ),
  ),
  secretariat: N(
    Type.Object({ text: Type.String(), organization: N(Type.Object({ id: Type.String(), name: Type.String() })) }),
  ),
  supportingOrganizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  website: NS,
  themes: Type.Array(Type.Object({ theme: Type.String(), wording: Type.String() })),
  membershipNote: PublicNote,
  membershipCompilationNote: CompilationNote,
  membersComplete: N(Type.Boolean()),
  observersComplete: N(Type.Boolean()),
  memberGroups: Type.Array(Type.Object({ name: Type.String(), note: NS })),
  keyOutputs: Type.Array(Type.Object({ title: Type.String(), year: N(Type.Integer()) })),
  unverifiedFields: Type.Array(UnverifiedFieldOut, {
    description: 'Fields not backed by a source: shown as unverified',
  }),
  lastEvidenceOfActivity: NS,
  notes: PublicNote,
  compilationNote: CompilationNote,
  members: Type.Array(Type.Ref('Participation')),
  observers: Type.Array(Type.Ref('Participation')),
  partners: Type.Array(Type.Ref('Participation')),
  otherRoles: Type.Array(Type.Ref('Participation')),
  notHoldingAtAsOf: Type.Integer({ description: 'Participation records that do not hold at asOf (earlier or later)' }),
  snapshots: Type.Array(
    Type.Object({
      id: Type.String(),
      asOf: Type.String(),
      role: Type.String(),
      listType: Type.String(),
      complete: Type.Boolean(),
      statedCount: N(Type.Integer()),
      listed: Type.Integer(),
      source: Type.String(),
      note: NS,
    }),
  ),
  sources: Type.Array(SourceOut),
  version: Type.Integer(),
  lastChanged: Type.String(),
});

const CountryBase = {
  code: Type.String(),
  alpha2: Type.String(),
  numeric: NS,
  kind: Type.Enum(['state', 'territory']),
  region: N(Type.Object({ code: Type.String(), name: Type.String() })),
  subregion: N(Type.Object({ code: Type.String(), name: Type.String() })),
  name: Type.Object({ en: Type.String(), fr: Type.String(), es: Type.String() }),
  note: NS,
};

const EvidenceOut = Type.Object({ source: Type.String(), url: Type.Optional(NS), quote: NS });
const Difference = Type.Object({ mechanism: Type.String(), evidence: Type.Array(EvidenceOut), note: NS });
export const Reconciliation = Type.Object({
  list: Type.String(),
  title: Type.String(),
  dateNote: Type.String(),
  countedNotNamed: Type.Array(Difference, {
    description: 'Counted by ISCM Hub at the date; the list of the time does not name it',
  }),
  namedNotCounted: Type.Array(Difference, {
    description: 'Named by the list of the time; ISCM Hub does not count it at the date',
  }),
  namedInPart: Type.Array(Difference, { description: 'Counted by ISCM Hub; the list names only a related body' }),
  notInList: Type.Array(Difference, {
    description: 'Counted by ISCM Hub; the record of the list says nothing of it (unknown whether it names it)',
  }),
});
export const ReportedFigure = Type.Object({
  id: Type.String(),
  value: Type.Integer(),
  comparator: Type.Enum(COMPARATORS, {
    description: 'How the source put it: exact, at-least ("the 18th"), over ("over 200"), at-most ("as many as 10")',
  }),
  counts: Type.Enum(FIGURE_COUNTS),
  date: Type.String(),
  scope: N(Type.String({ description: 'The meeting counted, for mechanisms represented' })),
  reportedBy: Type.String(),
  source: Type.Object({ id: Type.String(), url: Type.String(), title: NS, publisher: NS }),
  quote: Type.String(),
  quoteKind: Type.Enum(['verbatim', 'as-recorded']),
  quotedIn: Type.String(),
  note: NS,
  list: N(Type.String({ description: 'The reported list behind the figure, when one is known' })),
});
export const ReportedListOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  reportedBy: Type.String(),
  figure: Type.String(),
  date: Type.String(),
  dateNote: Type.String(),
  entries: Type.Array(
    Type.Object({
      mechanism: Type.String(),
      named: Type.Enum(['yes', 'no', 'partly']),
      evidence: Type.Array(EvidenceOut),
      note: NS,
    }),
  ),
  note: NS,
});

const Figure = (extra: Record<string, Parameters<typeof Type.Object>[0][string]>) =>
  Type.Object({ value: Type.Integer(), definition: Type.String(), ...extra });

export const routes = {
  listMechanisms: {
    querystring: Type.Object(
      {
        level: Type.Optional(Type.Enum(LEVELS)),
        status: Type.Optional(Type.Enum([...STATUSES, 'not-established'])),
        region: Type.Optional(
          Type.String({
            maxLength: 100,
            description: 'UN M49 region or sub-region code or name: mechanisms with a member there',
          }),
        ),
        theme: Type.Optional(Slug),
        country: Type.Optional(Iso3),
        asOf: Type.Optional(AsOf),
        include: Type.Optional(
          Type.Enum(['existing', 'all'], {
            description:
              'existing (default): only mechanisms that existed on asOf; all: also those established later (status not-established)',
          }),
        ),
        q: Type.Optional(
          Type.String({
            maxLength: 200,
            description:
              'Text in any of its names (common, official, acronym, aliases, former, translated) or region; case and accents ignored',
          }),
        ),
        limit: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 500,
            multipleOf: 1,
            default: 50,
            description: 'Items per page, 1 to 500',
          }),
        ),
        cursor: Type.Optional(
          Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'Opaque cursor from nextCursor' }),
        ),
      },
      strict,
    ),
    response: {
      200: Type.Object({
        asOf: Type.String(),
        include: Type.Enum(['existing', 'all']),
        notYetEstablished: Type.Integer({
          description: 'Mechanisms left out because they were established after asOf (include=all lists them)',
        }),
        total: Type.Integer(),
        items: Type.Array(MechanismSummary),
        nextCursor: NS,
      }),
      ...problems(400),
    },
  },
  getMechanism: {
    params: Type.Object({ id: Type.String({ maxLength: 120 }) }),
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: { 200: MechanismDetail, ...problems(400, 404) },
  },
  listCountries: {
    querystring: Type.Object({ asOf: Type.Optional(AsOf), ...pageQuery(300) }, strict),
    response: {
      200: Type.Object({
        asOf: Type.String(),
        ...pageFields,
        items: Type.Array(Type.Object({ ...CountryBase, memberOf: Type.Integer(), engagedIn: Type.Integer() })),
      }),
      ...problems(400),
    },
  },
  getCountry: {
    params: Type.Object({ iso3: Type.String({ maxLength: 8 }) }),
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: {
      200: Type.Object({
        ...CountryBase,
        asOf: Type.String(),
        participation: Type.Array(
          Type.Intersect([Type.Ref('Participation'), Type.Object({ mechanismName: Type.String() })]),
        ),
      }),
      ...problems(400, 404),
    },
  },
  listOrganizations: {
    querystring: Type.Object({ ...pageQuery() }, strict),
    response: {
      200: Type.Object({
        ...pageFields,
        items: Type.Array(
          Type.Object({ id: Type.String(), name: Type.String(), acronym: NS, kind: Type.String(), note: NS }),
        ),
      }),
      ...problems(400),
    },
  },
  listThemes: {
    querystring: Type.Object({ ...pageQuery() }, strict),
    response: {
      200: Type.Object({
        ...pageFields,
        items: Type.Array(
          Type.Object({
            id: Type.String(),
            name: Type.Object({ en: Type.String(), fr: Type.String(), es: Type.String() }),
            description: NS,
            mechanisms: Type.Array(Type.String()),
          }),
        ),
      }),
      ...problems(400),
    },
  },
  listSources: {
    querystring: Type.Object(
      {
        id: Type.Optional(
          Type.Array(Type.String({ maxLength: 40 }), {
            maxItems: 500,
            description: 'Only these sources (repeat the parameter: ?id=a&id=b); default: every source',
          }),
        ),
        ...pageQuery(),
      },
      strict,
    ),
    response: {
      200: Type.Object({ ...pageFields, items: Type.Array(SourceOut) }),
      ...problems(400),
    },
  },
  getSource: {
    params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
    querystring: Type.Object({}, strict),
    response: {
      200: Type.Object({
        ...SourceOut.properties,
        backs: Type.Object({ mechanisms: Type.Array(Type.String()), participation: Type.Array(Type.String()) }),
      }),
      ...problems(400, 404),
    },
  },
  listParticipation: {
    querystring: Type.Object(
      {
        mechanism: Type.Optional(Slug),
        country: Type.Optional(Iso3),
        role: Type.Optional(Type.Enum(ROLES)),
        asOf: Type.Optional(AsOf),
        knownAt: Type.Optional(
          Type.String({
            pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?Z?)?$',
            description: 'Record time: what the registry said at that instant (bitemporal). Default: now.',
          }),
        ),
        ...pageQuery(),
      },
      strict,
    ),
    response: {
      200: Type.Object({
        asOf: Type.String(),
        knownAt: NS,
        ...pageFields,
        items: Type.Array(Type.Ref('Participation')),
      }),
      ...problems(400),
    },
  },
  stats: {
    querystring: Type.Object({ asOf: Type.Optional(AsOf) }, strict),
    response: {
      200: Type.Object({
        asOf: Type.String(),
        activeMechanisms: Figure({
          byLevel: Type.Object({ rcp: Type.Integer(), irf: Type.Integer(), global: Type.Integer() }),
          mechanisms: Type.Array(Type.String()),
          levelUncertain: Type.Array(Type.String()),
          statusUncertain: Type.Array(Type.String()),
          byLevelDefinition: Type.String(),
        }),
        countriesMembers: Figure({ known: Type.Integer(), assumed: Type.Integer() }),
        countriesEngaged: Figure({}),
        maxMechanismsPerCountry: Figure({
          basis: Type.Literal('sourced-rows', {
            description: 'The headline counts memberships backed by a source of their own',
          }),
          countries: Type.Array(
            Type.Object({
              code: Type.String(),
              mechanisms: Type.Array(Type.String()),
              known: Type.Array(Type.String()),
            }),
          ),
          variants: Type.Array(
            Type.Object({
              basis: Type.Enum(['all-rows', 'sourced-rows', 'dated-rows']),
              value: Type.Integer(),
              countries: Type.Array(Type.String()),
              definition: Type.String(),
            }),
            {
              description:
                'The same maximum counted three ways: every row; sourced rows only (no unverified, no bloc expansion); dated rows only',
            },
          ),
          knownOnly: Type.Integer({ description: 'The dated-rows variant (kept for older clients)' }),
          top: Type.Array(
            Type.Object({ code: Type.String(), count: Type.Integer(), known: Type.Integer(), sourced: Type.Integer() }),
          ),
        }),
        reported: Type.Array(
          Type.Intersect([
            ReportedFigure,
            Type.Object({
              hub: Type.Object({
                value: Type.Integer(),
                figure: Type.String({ description: 'The figure of this answer it is compared with' }),
              }),
              agrees: Type.Boolean({
                description: "Whether ISCM Hub's value agrees with the reported one, given its comparator",
              }),
              reconciliation: N(Reconciliation),
            }),
          ]),
          {
            description:
              'Figures a source published for this date; reconciliation null: no list of the mechanisms behind it is known',
          },
        ),
        reportedDefinition: Type.String(),
      }),
      ...problems(400),
    },
  },
  reportedFigures: {
    querystring: Type.Object(
      {
        counts: Type.Optional(Type.Enum(FIGURE_COUNTS)),
        date: Type.Optional(AsOf),
        scope: Type.Optional(Type.String({ maxLength: 140, description: 'A meeting id' })),
        ...pageQuery(),
      },
      strict,
    ),
    response: {
      200: Type.Object({
        ...pageFields,
        items: Type.Array(ReportedFigure),
        lists: Type.Array(ReportedListOut),
        definition: Type.String(),
      }),
      ...problems(400),
    },
  },
  overlaps: {
    querystring: Type.Object(
      { asOf: Type.Optional(AsOf), role: Type.Optional(Type.Enum(ROLES)), ...pageQuery() },
      strict,
    ),
    response: {
      200: Type.Object({
        asOf: Type.String(),
        role: Type.String(),
        ...pageFields,
        definition: Type.String(),
        items: Type.Array(
          Type.Object({
            a: Type.String(),
            b: Type.String(),
            shared: Type.Integer(),
            jaccard: Type.Number(),
            parties: Type.Array(Type.String()),
          }),
        ),
      }),
      ...problems(400),
    },
  },
} as const;

export const sharedSchemas = [Problem, Participation];
export { Problem };
