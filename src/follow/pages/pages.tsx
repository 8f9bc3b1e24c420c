/**
 * Follow pages: the "Follow" section on the mechanism, country and series pages (the same for every reader, so
 * it is a plain GET form to the following page, where the signed-in reader confirms with a CSRF-protected form),
 * the following page itself (what you follow, the unseen changes, the digest's period and language), and the
 * answer of the unsubscribe link.
 */
import { ErrorAlert, StatusNotice } from '../../web/messages.js';
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { LANG_NAMES, LANGS } from '../../web/i18n.js';
import { href, Layout, type PageContext } from '../../web/layout.js';
import type { FollowKind } from '../model.js';
import type { ChangeView, FollowView, PreferenceView } from '../service.js';

/** The public feed of a scope (all, a mechanism, a country), with the page's language. */
export const feedHref = (ctx: PageContext, scope: { mechanism?: string; country?: string } = {}) =>
  scope.mechanism
    ? `/feeds/mechanisms/${encodeURIComponent(scope.mechanism)}.atom?lang=${ctx.lang}`
    : scope.country
      ? `/feeds/countries/${scope.country}.atom?lang=${ctx.lang}`
      : `/feeds/changes.atom?lang=${ctx.lang}`;

/**
 * The feed's <link rel="alternate"> in the page's head: called while the sections are gathered, before the page
 * (and its head) is rendered — a component's body runs only when it is rendered, after the head.
 */
export function announceFeed(ctx: PageContext, feed: string): string {
  ctx.alternates?.push({ href: feed, type: 'application/atom+xml', title: ctx.t('follow.feedTitle') });
  return feed;
}

/** The section on a profile page: follow it (signed in), and its public feed of changes. */
export function FollowSection(props: {
  ctx: PageContext;
  kind: FollowKind;
  target: string;
  feed?: string;
}): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  if (props.feed)
    ctx.alternates?.push({ href: props.feed, type: 'application/atom+xml', title: t('follow.feedTitle') });
  return (
    <section aria-labelledby="follow-h" class="follow">
      <h2 id="follow-h">{t('follow.sectionTitle')}</h2>
      <form method="get" action={href(lang, '/account/following')}>
        <input type="hidden" name="kind" value={props.kind} />
        <input type="hidden" name="target" value={props.target} />
        <button type="submit">{t(`follow.follow.${props.kind}`)}</button>
      </form>
      <p class="muted">{t('follow.sectionHint')}</p>
      {props.feed ? (
        <p>
          <a href={props.feed} type="application/atom+xml" rel="alternate">
            {t('follow.feedLink')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function ToggleForm(props: {
  ctx: PageContext;
  csrf: string;
  kind: string;
  target: string;
  following: boolean;
  label: string;
}): JSX.Element {
  const { lang } = props.ctx;
  return (
    <form
      method="post"
      action={href(lang, props.following ? '/account/following/remove' : '/account/following/add')}
      class="inline"
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="target" value={props.target} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

export function FollowingPage(props: {
  ctx: PageContext;
  csrf: string;
  items: FollowView[];
  preference: PreferenceView;
  unseen: ChangeView[];
  /** A thing asked for by a profile page's Follow button (?kind=&target=), with whether it is followed. */
  asked?: { kind: FollowKind; target: string; name: string; following: boolean } | undefined;
  notice?: string | undefined;
  error?: { field: string; message: string } | undefined;
}): JSX.Element {
  const { ctx, preference } = props;
  const { t, lang } = ctx;
  announceFeed(ctx, feedHref(ctx));
  return (
    <Layout ctx={ctx} title={t('follow.title')} description={t('follow.intro')}>
      <h1>{t('follow.title')}</h1>
      <p class="lead">{t('follow.intro')}</p>
      <StatusNotice text={props.notice} id="notice" />
      <ErrorAlert ctx={ctx} error={props.error} id="follow-error" />
      {props.asked ? (
        <section aria-labelledby="asked-h" id="asked">
          <h2 id="asked-h">{props.asked.name}</h2>
          <p>{t(props.asked.following ? 'follow.alreadyFollowing' : 'follow.confirm', { name: props.asked.name })}</p>
          <ToggleForm
            ctx={ctx}
            csrf={props.csrf}
            kind={props.asked.kind}
            target={props.asked.target}
            following={props.asked.following}
            label={props.asked.following ? t('follow.unfollow') : t(`follow.follow.${props.asked.kind}`)}
          />
        </section>
      ) : null}
      <section aria-labelledby="unseen-h">
        <h2 id="unseen-h">{t('follow.unseenTitle')}</h2>
        {props.unseen.length === 0 ? (
          <p id="unseen-none">{t('follow.unseenNone')}</p>
        ) : (
          <>
            <ul id="unseen">
              {props.unseen.map((c) => (
                <li>
                  <time dateTime={c.publishedAt}>{formatDate(c.publishedAt.slice(0, 10), lang)}</time>:{' '}
                  <a href={href(lang, c.path)}>{c.text}</a>
                </li>
              ))}
            </ul>
            <form method="post" action={href(lang, '/account/following/seen')}>
              <input type="hidden" name="_csrf" value={props.csrf} />
              <button type="submit">{t('follow.markSeen')}</button>
            </form>
          </>
        )}
      </section>
      <section aria-labelledby="followed-h">
        <h2 id="followed-h">{t('follow.followedTitle')}</h2>
        {props.items.length === 0 ? (
          <p id="followed-none">{t('follow.none')}</p>
        ) : (
          <table id="followed">
            <caption>{t('follow.followedTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('follow.what')}</th>
                <th scope="col">{t('follow.kindColumn')}</th>
                <th scope="col">{t('follow.since')}</th>
                <th scope="col">{t('follow.action')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((f) => (
                <tr>
                  <td>{f.name}</td>
                  <td>{t(`follow.kind.${f.kind}`)}</td>
                  <td>{formatDate(f.since.slice(0, 10), lang)}</td>
                  <td>
                    <ToggleForm
                      ctx={ctx}
                      csrf={props.csrf}
                      kind={f.kind}
                      target={f.target}
                      following
                      label={t('follow.unfollowNamed', { name: f.name })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="digest-h">
        <h2 id="digest-h">{t('follow.digestTitle')}</h2>
        <p id="digest-state">
          {preference.unsubscribed ? t('follow.unsubscribedState') : t(`follow.digestState.${preference.period}`)}
        </p>
        <form method="post" action={href(lang, '/account/following/digest')} class="filters">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <fieldset>
            <legend>{t('follow.period')}</legend>
            {(['daily', 'weekly'] as const).map((p) => (
              <label>
                <input type="radio" name="period" value={p} checked={preference.period === p} />{' '}
                {t(`follow.periods.${p}`)}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="digest-lang">{t('follow.language')}</label>
            <select id="digest-lang" name="lang">
              {LANGS.map((l) => (
                <option value={l} selected={preference.lang === l} lang={l}>
                  {LANG_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('follow.saveDigest')}</button>
        </form>
      </section>
      <p>
        <a href={feedHref(ctx)} type="application/atom+xml" rel="alternate">
          {t('follow.feedAll')}
        </a>
      </p>
    </Layout>
  );
}

/** The answer of the one-click unsubscribe link. */
export function UnsubscribedPage(props: { ctx: PageContext; ok: boolean }): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  const title = props.ok ? t('follow.unsubscribedTitle') : t('follow.badLinkTitle');
  return (
    <Layout ctx={ctx} title={title} description={title}>
      <h1>{title}</h1>
      <p id="unsubscribe-result">{props.ok ? t('follow.unsubscribedText') : t('follow.badLinkText')}</p>
      <p>
        <a href={href(lang, '/account/following')}>{t('follow.title')}</a>
      </p>
    </Layout>
  );
}
