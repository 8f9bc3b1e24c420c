/**
 * Record fields in words and the mark of a field that is unverified, for the registry's and the meetings' pages and
 * for the editing and history pages.
 */
import type { JSX } from 'preact';
import { En, type PageContext } from '../web/layout.js';

/** The fields that have a name in words (`fieldName.*` in the catalogues); any other reads "another detail". */
export const FIELD_NAMES = [
  'aliases',
  'status',
  'secretariat',
  'supporting_organizations',
  'thematic_focus',
  'members',
  'key_outputs',
  'chair_model',
  'website',
  'established',
  'structure',
  'start',
  'documents',
  'participants',
  'host',
  'region',
  'level',
] as const;

export function fieldName(ctx: PageContext, field: string): string {
  return ctx.t(`fieldName.${(FIELD_NAMES as readonly string[]).includes(field) ? field : 'other'}`);
}

export function Unverified(props: { ctx: PageContext }): JSX.Element {
  return (
    <span class="badge unverified" title={props.ctx.t('common.unverified_help')}>
      {props.ctx.t('common.unverified')}
    </span>
  );
}

/** "Unverified — Key outputs": the field named in the reader's language, then the public note if there is one. */
export function UnverifiedField(props: {
  ctx: PageContext;
  field: { field: string; note: string | null };
}): JSX.Element {
  const { ctx, field } = props;
  return (
    <li>
      <Unverified ctx={ctx} /> {fieldName(ctx, field.field)}
      {field.note ? (
        <>
          : <En ctx={ctx}>{field.note}</En>
        </>
      ) : null}
    </li>
  );
}
