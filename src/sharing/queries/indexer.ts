/** Published peer-query compilations in the one search: a record each (its title and questions), never a closed one. */
import type { SearchIndexer, SearchRecord } from '../../search/model.js';
import * as store from './store.js';

export const queryIndexer: SearchIndexer = {
  type: 'query',
  version: 1,
  async records(db) {
    return (await store.published(db)).map((q): SearchRecord => ({
      type: 'query',
      id: q.id,
      titles: [{ text: q.title, lang: 'und' }],
      bodies: q.questions.map((text) => ({ text, lang: 'und' as const })),
      lang: 'und',
      facets: { mechanism: q.mechanisms, year: q.published_at ? [Number(q.published_at.slice(0, 4))] : [] },
      path: `/queries/${q.id}`,
    }));
  },
};
