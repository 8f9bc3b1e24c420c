/**
 * An export "as of" a date: the participation valid that day (the current record of each, holding on
 * the date) and the headline figures at that date, with a note of what the export holds. Without a
 * date the export holds every row, and says so.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { holdsAt } from './model.js';
import { RegistryService } from './service.js';

type Tables = Record<string, Record<string, unknown>[]>;

export interface ExportInfo {
  asOf: string | null;
  participation: string;
  figures: string | null;
}

export async function exportAt(
  db: Kysely<DB>,
  tables: Tables,
  asOf: string | null,
): Promise<{ tables: Tables; info: ExportInfo; figures: object | null }> {
  if (asOf === null) {
    return {
      tables,
      info: {
        asOf: null,
        participation:
          'Every participation record, with its valid time (start, end) and record time (recorded_at, superseded_at).',
        figures: null,
      },
      figures: null,
    };
  }
  const established = new Map((tables.mechanism ?? []).map((m) => [m.id as string, m.established as number | null]));
  const participation = (tables.participation ?? []).filter(
    (p) =>
      p.superseded_at === null && holdsAt(p as never, asOf, established.get(p.mechanism_id as string) ?? null) !== null,
  );
  const figures = await new RegistryService(db).stats(asOf);
  return {
    tables: { ...tables, participation },
    info: {
      asOf,
      participation: `The participation valid on ${asOf}: the current record of each participation that holds on that day.`,
      figures: `figures.json: the headline figures at ${asOf}, each with its definition, and the figures sources reported for that date.`,
    },
    figures,
  };
}
