/** The pure rules of follow: matching, the signed unsubscribe link, the sentence keys, the Atom text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  atomFeed,
  entryId,
  matches,
  matching,
  sentenceOf,
  unsubscribeSignature,
  validUnsubscribe,
  type PublishedChange,
} from './model.js';

const change = (o: Partial<PublishedChange>): PublishedChange => ({
  id: 'c1',
  kind: 'participation.end',
  recordType: 'participation',
  recordId: 'alpha-process/MLI/member/1',
  mechanism: 'alpha-process',
  country: 'MLI',
  organization: null,
  series: null,
  title: null,
  effect: 'changed',
  revertOf: null,
  publishedAt: '2026-12-01T10:00:00.000Z',
  ...o,
});

describe('follow model', () => {
  it('a follow matches the changes of its mechanism, country, series or document kind, and nothing else', () => {
    const c = change({});
    assert.equal(matches({ kind: 'mechanism', target: 'alpha-process' }, c), true);
    assert.equal(matches({ kind: 'mechanism', target: 'beta-forum' }, c), false);
    assert.equal(matches({ kind: 'country', target: 'MLI' }, c), true);
    assert.equal(matches({ kind: 'country', target: 'SEN' }, c), false);
    assert.equal(matches({ kind: 'series', target: 'global-meetings' }, c), false);
    const m = change({ recordType: 'meeting', country: null, series: 'global-meetings', mechanism: null });
    assert.equal(matches({ kind: 'series', target: 'global-meetings' }, m), true);
    assert.equal(matches({ kind: 'document-kind', target: 'report' }, c), false);
    assert.equal(matches({ kind: 'query', target: 'alpha-process' }, c), false, 'an unknown kind matches nothing');
    const both = matching(
      [
        { kind: 'mechanism', target: 'alpha-process' },
        { kind: 'country', target: 'MLI' },
      ],
      [c, change({ id: 'c2', mechanism: 'beta-forum', country: 'SEN' })],
    );
    assert.deepEqual(
      both.map((x) => x.id),
      ['c1'],
      'a change matched twice is listed once',
    );
  });

  it('the unsubscribe signature is the account’s under the secret only', () => {
    const s = unsubscribeSignature('secret one, long enough', 'user-1');
    assert.equal(validUnsubscribe('secret one, long enough', 'user-1', s), true);
    assert.equal(validUnsubscribe('secret two, long enough', 'user-1', s), false);
    assert.equal(validUnsubscribe('secret one, long enough', 'user-2', s), false);
    assert.equal(validUnsubscribe('secret one, long enough', 'user-1', s.slice(1)), false);
    assert.equal(validUnsubscribe(null, 'user-1', s), false, 'no secret: no link is valid');
    assert.equal(validUnsubscribe('secret one, long enough', 'user-1', ''), false);
  });

  it('each record type and effect has its sentence key', () => {
    const names = { mechanism: (id: string) => `M:${id}`, party: (c: PublishedChange) => `P:${c.country}` };
    assert.deepEqual(sentenceOf(change({ effect: 'created' }), names), {
      key: 'follow.sentence.participation.created',
      scope: { party: 'P:MLI', mechanism: 'M:alpha-process' },
    });
    assert.equal(
      sentenceOf(change({ recordType: 'mechanism', effect: 'removed' }), names).key,
      'follow.sentence.mechanism.removed',
    );
    assert.deepEqual(sentenceOf(change({ recordType: 'meeting', title: 'Ninth meeting' }), names), {
      key: 'follow.sentence.meeting.changed',
      scope: { title: 'Ninth meeting' },
    });
  });

  it('the Atom text escapes what it holds and is the same for the same entries', () => {
    const feed = () =>
      atomFeed({
        id: 'https://hub.example/feeds/changes.atom',
        title: 'A & B <feed>',
        subtitle: 'Sub',
        self: 'https://hub.example/feeds/changes.atom?lang=en',
        alternate: 'https://hub.example/en/',
        lang: 'en',
        emptyUpdated: '2026-01-01T00:00:00.000Z',
        entries: [
          {
            id: entryId('c1'),
            title: 'The meeting “<b>x</b>” was updated.',
            updated: '2026-12-01T10:00:00.000Z',
            link: 'https://hub.example/en/history/meeting/x?a=1&b=2',
            summary: 'S',
          },
        ],
      });
    const text = feed();
    assert.equal(text, feed());
    assert.match(text, /<title>A &amp; B &lt;feed&gt;<\/title>/);
    assert.match(text, /<title>The meeting “&lt;b&gt;x&lt;\/b&gt;” was updated\.<\/title>/);
    assert.match(text, /href="https:\/\/hub\.example\/en\/history\/meeting\/x\?a=1&amp;b=2"/);
    assert.match(text, /<updated>2026-12-01T10:00:00.000Z<\/updated>\n {2}<link rel="self"/);
    assert.match(text, /<id>tag:iscm-hub,2026:change\/c1<\/id>/);
  });
});
