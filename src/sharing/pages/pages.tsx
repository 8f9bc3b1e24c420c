/** The member space of a mechanism (the posts the reader may see today) and one post. Never cached, never listed. */
import type { JSX } from 'preact';
import { formatDate } from '../../web/format.js';
import { href, Layout, SLOT, WithEnglish, type PageContext } from '../../web/layout.js';
import { spaceFileUrl, type Visibility } from '../model.js';
import { OpenQueries } from '../queries/pages.js';
import type { OpenQuery } from '../queries/service.js';
import type { PostView, SpaceDocument, SpaceRole } from '../service.js';

const VIS_KEY: Record<Visibility, string> = {
  members: 'spaces.visMembers',
  'members-and-observers': 'spaces.visObservers',
  public: 'spaces.visPublic',
};
const SEEN_KEY: Record<SpaceRole, string> = {
  manager: 'spaces.seenManager',
  member: 'spaces.seenMember',
  observer: 'spaces.seenObserver',
  public: 'spaces.seenPublic',
};

export const spaceHref = (ctx: PageContext, mechanism: string) =>
  href(ctx.lang, `/spaces/${encodeURIComponent(mechanism)}`);

function Byline(props: { ctx: PageContext; p: PostView; countries: ReadonlyMap<string, string> }): JSX.Element {
  const { ctx, p } = props;
  const { t } = ctx;
  const who =
    p.author.country === null ? t('spaces.secretariat') : (props.countries.get(p.author.country) ?? p.author.country);
  return (
    <p class="muted">
      {t('spaces.posted', { date: formatDate(p.createdAt.slice(0, 10), ctx.lang), who })}
      {p.author.name ? <> ({p.author.name})</> : null} · {t('spaces.visibility')}: {t(VIS_KEY[p.visibility])}
    </p>
  );
}

export function SpacePage(props: {
  ctx: PageContext;
  mechanism: { id: string; name: string };
  seenAs: SpaceRole;
  signedIn: boolean;
  posts: PostView[];
  documents: SpaceDocument[];
  countries: ReadonlyMap<string, string>;
  openQueries: OpenQuery[];
}): JSX.Element {
  const { ctx, mechanism } = props;
  const { t, lang } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('spaces.heading')} — ${mechanism.name}`} description={t('spaces.intro')}>
      <h1>
        <WithEnglish ctx={ctx} text={t('spaces.title', { name: SLOT })} english={mechanism.name} />
      </h1>
      <p class="lead">{t('spaces.intro')}</p>
      <p id="seen-as">{t(SEEN_KEY[props.seenAs])}</p>
      {props.signedIn ? null : (
        <p>
          <a href={href(lang, '/sign-in')}>{t('spaces.signIn')}</a>
        </p>
      )}
      <p>
        <a href={href(lang, `/mechanisms/${encodeURIComponent(mechanism.id)}`)}>{t('spaces.mechanism')}</a>
      </p>
      <OpenQueries ctx={ctx} items={props.openQueries} names={props.countries} />
      <section aria-labelledby="posts">
        <h2 id="posts">{t('spaces.posts')}</h2>
        {props.posts.length === 0 ? (
          <p>{t('spaces.none')}</p>
        ) : (
          <ul class="documents posts">
            {props.posts.map((p) => (
              <li>
                <a href={`${spaceHref(ctx, mechanism.id)}/posts/${encodeURIComponent(p.id)}`}>{p.title}</a>
                <Byline ctx={ctx} p={p} countries={props.countries} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <SpaceDocuments ctx={ctx} mechanism={mechanism.id} items={props.documents} />
    </Layout>
  );
}

/**
 * The repository's documents of the mechanism the reader may see: a public one links to its public page, a closed
 * one (with its badge) to its files through the space — it has no public page.
 */
function SpaceDocuments(props: { ctx: PageContext; mechanism: string; items: SpaceDocument[] }): JSX.Element {
  const { ctx } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="space-documents">
      <h2 id="space-documents">{t('documentVisibility.spaceTitle')}</h2>
      {props.items.length === 0 ? (
        <p>{t('documentVisibility.spaceNone')}</p>
      ) : (
        <ul class="documents space-documents">
          {props.items.map((d) => (
            <li>
              {d.visibility === 'public' ? (
                <a href={href(lang, `/documents/${encodeURIComponent(d.id)}`)}>{d.title}</a>
              ) : (
                <>
                  <span lang="en">{d.title}</span>{' '}
                  <span class="badge">
                    {d.visibility === 'members'
                      ? t('documentVisibility.closedMembers')
                      : t('documentVisibility.closedObservers')}
                  </span>
                  {d.files.length ? (
                    <ul>
                      {d.files.map((f) => (
                        <li>
                          <a href={spaceFileUrl(props.mechanism, d.id, f.version)} hreflang={f.language}>
                            {f.language.toUpperCase()}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              )}
              {d.date ? <span class="muted"> · {d.date}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PostPage(props: {
  ctx: PageContext;
  mechanism: { id: string; name: string };
  post: PostView;
  countries: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, post } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={post.title} description={`${t('spaces.heading')} — ${props.mechanism.name}`}>
      <p>
        <a href={spaceHref(ctx, props.mechanism.id)}>{t('spaces.back')}</a>
      </p>
      <h1>{post.title}</h1>
      <Byline ctx={ctx} p={post} countries={props.countries} />
      <div class="post-body">
        {post.body.split(/\n{2,}/).map((para) => (
          <p>{para}</p>
        ))}
      </div>
    </Layout>
  );
}
