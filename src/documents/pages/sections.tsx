/** Documents on other features' pages: a mechanism profile, a meeting, a meeting series. Each renders nothing when empty. */
import type { JSX } from 'preact';
import { href, type PageContext } from '../../web/layout.js';
import { DocumentList, type DocumentItem } from './parts.js';

function Section(props: {
  ctx: PageContext;
  items: DocumentItem[];
  heading: string;
  all?: string | undefined;
  showMechanisms?: boolean;
}): JSX.Element | null {
  if (!props.items.length) return null;
  const { t, lang } = props.ctx;
  return (
    <section aria-labelledby="document-records">
      <h2 id="document-records">{props.heading}</h2>
      <DocumentList ctx={props.ctx} items={props.items} showMechanisms={props.showMechanisms ?? false} />
      {props.all ? (
        <p>
          <a href={href(lang, '/documents', props.all)}>{t('documents.seeAll', { count: props.items.length })}</a>
        </p>
      ) : null}
    </section>
  );
}

/** A mechanism's documents, on its profile. */
export function MechanismDocumentsSection(props: {
  ctx: PageContext;
  mechanismId: string;
  items: DocumentItem[];
}): JSX.Element | null {
  return (
    <Section
      ctx={props.ctx}
      items={props.items}
      heading={props.ctx.t('documents.ofMechanism')}
      all={`?mechanism=${encodeURIComponent(props.mechanismId)}`}
    />
  );
}

/** The documents linked to a meeting, on its page. */
export function MeetingDocumentsSection(props: {
  ctx: PageContext;
  meetingId: string;
  items: DocumentItem[];
}): JSX.Element | null {
  return (
    <Section
      ctx={props.ctx}
      items={props.items}
      heading={props.ctx.t('documents.ofMeeting')}
      all={`?meeting=${encodeURIComponent(props.meetingId)}`}
      showMechanisms
    />
  );
}

/** The documents linked to the editions of a series, on the series page. */
export function SeriesDocumentsSection(props: { ctx: PageContext; items: DocumentItem[] }): JSX.Element | null {
  return <Section ctx={props.ctx} items={props.items} heading={props.ctx.t('documents.ofSeries')} showMechanisms />;
}
