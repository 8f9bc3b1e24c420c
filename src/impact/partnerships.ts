/**
 * Partnerships (issue 14 item 3): organization↔mechanism roles and mechanism↔mechanism links, each with its years
 * and sources — the service for the API, the profile sections and the network page. An organization wording the
 * converter could not resolve is kept as the research's words (no organization id, shown as text).
 */
import type { Kysely } from 'kysely';
import { groupBy } from '../db/group.js';
import type { DataVersion, Derived } from '../db/data-version.js';
import type { DB, PartnershipTable } from '../db/schema.js';
import { BadParameter } from '../http/errors.js';
import type { RegistryService } from '../registry/service.js';
import { PARTNERSHIP_KINDS, type PartnershipKind } from './model.js';
import * as store from './store.js';

export interface PartnershipFilter {
  mechanism?: string | undefined;
  organization?: string | undefined;
  kind?: string | undefined;
  year?: number | undefined;
}

export interface Named {
  id: string;
  name: string;
}
export interface OrganizationRef extends Named {
  acronym: string | null;
}

/** A partnership as the API, the sections and the network show it. */
export interface Partnership {
  id: string;
  kind: PartnershipKind;
  role: string;
  /** The research's wording ("2015-", "2009-2011", "-"); null: not given. */
  years: string | null;
  firstYear: number | null;
  lastYear: number | null;
  ongoing: boolean | null;
  /** organization-mechanism: the mechanism; null for a mechanism-mechanism link. */
  mechanism: Named | null;
  /** The organizations the wording resolves to (empty: none of the table; see organizationWording). */
  organizations: OrganizationRef[];
  organizationWording: string | null;
  /** mechanism-mechanism: its two ends, in the data's order; [] for an organization link. */
  mechanisms: Named[];
  /** Other mechanisms a link names beside its two ends. */
  otherParties: Named[];
  sources: string[];
}

interface Row {
  row: PartnershipTable;
  organizations: string[];
  parties: string[];
  sources: string[];
}

async function readRows(db: Kysely<DB>): Promise<Row[]> {
  const all = await store.allPartnerships(db);
  const by = <T extends { partnership_id: string }>(xs: T[], f: (x: T) => string) =>
    groupBy(xs, (x) => x.partnership_id, f);
  const orgs = by(all.organizations, (x) => x.organization_id);
  const parties = by(all.parties, (x) => x.mechanism_id);
  const sources = by(all.sources, (x) => x.source_id);
  return all.rows.map((row) => ({
    row,
    organizations: orgs.get(row.id) ?? [],
    parties: parties.get(row.id) ?? [],
    sources: sources.get(row.id) ?? [],
  }));
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Whether a partnership's stated years hold the year: undated ones hold none; an ongoing one every year from its first. */
export function holdsYear(p: Pick<Partnership, 'firstYear' | 'lastYear' | 'ongoing'>, year: number): boolean {
  if (p.firstYear === null || p.firstYear > year) return false;
  if (p.lastYear === null) return p.ongoing === true;
  return year <= p.lastYear;
}

/** The mechanisms a partnership involves (its mechanism, its two ends, its other parties). */
export const mechanismsOf = (p: Partnership): string[] =>
  [p.mechanism, ...p.mechanisms, ...p.otherParties].filter((x): x is Named => x !== null).map((x) => x.id);

/** Oldest first by first year (undated last), then by id. */
const order = (a: Partnership, b: Partnership) =>
  (a.firstYear ?? 1e9) - (b.firstYear ?? 1e9) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class PartnershipsService {
  private readonly state: Derived<Row[]>;

  constructor(
    readonly db: Kysely<DB>,
    private readonly registry: RegistryService,
    version: DataVersion,
  ) {
    this.state = version.derived(() => readRows(db));
  }

  /** When any partnership last changed (the network page shows them all), for the sitemap. */
  async lastChanged(): Promise<string | null> {
    return (await this.state.get()).reduce<string | null>(
      (a, r) => (a === null || r.row.updated_at > a ? r.row.updated_at : a),
      null,
    );
  }

  private async present(): Promise<Partnership[]> {
    const [rows, names, orgs] = await Promise.all([
      this.state.get(),
      this.registry.mechanismNames(),
      this.registry.organizations(),
    ]);
    const orgById = new Map(orgs.items.map((o) => [o.id, o]));
    const m = (id: string): Named => ({ id, name: names.get(id) ?? id });
    return rows.map(({ row, organizations, parties, sources }) => ({
      id: row.id,
      kind: row.kind,
      role: row.role,
      years: row.years,
      firstYear: num(row.first_year),
      lastYear: num(row.last_year),
      ongoing: row.ongoing === null ? null : Number(row.ongoing) === 1,
      mechanism: row.mechanism_id === null ? null : m(row.mechanism_id),
      organizations: organizations.map((id) => ({
        id,
        name: orgById.get(id)?.name ?? id,
        acronym: orgById.get(id)?.acronym ?? null,
      })),
      organizationWording: row.organization_wording,
      mechanisms: [row.mechanism_a, row.mechanism_b].filter((x): x is string => x !== null).map(m),
      otherParties: parties.map(m),
      sources,
    }));
  }

  /** Every partnership the filters select, oldest first (undated last); a bad filter is a 400 naming it. */
  async list(f: PartnershipFilter): Promise<{ items: Partnership[] }> {
    const [all, names, orgs] = await Promise.all([
      this.present(),
      this.registry.mechanismNames(),
      this.registry.organizations(),
    ]);
    if (f.kind !== undefined && !(PARTNERSHIP_KINDS as readonly string[]).includes(f.kind))
      throw new BadParameter('kind', `kind "${f.kind}" is not one of ${PARTNERSHIP_KINDS.join(', ')}`);
    if (f.mechanism !== undefined && !names.has(f.mechanism))
      throw new BadParameter('mechanism', `unknown mechanism "${f.mechanism}": see /api/v1/mechanisms`);
    if (f.organization !== undefined && !orgs.items.some((o) => o.id === f.organization))
      throw new BadParameter('organization', `unknown organization "${f.organization}": see /api/v1/organizations`);
    if (f.year !== undefined && !(Number.isSafeInteger(f.year) && f.year >= 1900 && f.year <= 2100))
      throw new BadParameter('year', `year "${String(f.year)}" is not a year from 1900 to 2100`);
    const items = all.filter(
      (p) =>
        (f.kind === undefined || p.kind === f.kind) &&
        (f.mechanism === undefined || mechanismsOf(p).includes(f.mechanism)) &&
        (f.organization === undefined || p.organizations.some((o) => o.id === f.organization)) &&
        (f.year === undefined || holdsYear(p, f.year)),
    );
    return { items: items.sort(order) };
  }

  /** A mechanism's partnerships: its organizations' roles, then its links with other mechanisms. */
  async ofMechanism(mechanism: string): Promise<Partnership[]> {
    return (await this.present())
      .filter((p) => mechanismsOf(p).includes(mechanism))
      .sort((a, b) => (a.kind === b.kind ? order(a, b) : a.kind === 'organization-mechanism' ? -1 : 1));
  }

  /** Everything, for the network page. */
  async all(): Promise<Partnership[]> {
    return (await this.present()).sort(order);
  }
}
