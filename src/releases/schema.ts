/** The releases API: the list of dated releases, each with its files. */
import { Type } from 'typebox';
import { pageFields } from '../http/paging.js';

export const ReleaseFile = Type.Object({
  name: Type.String(),
  bytes: Type.Integer(),
  url: Type.String({ description: 'where to download the file (a path on this server)' }),
});

export const Release = Type.Object({
  version: Type.String({ description: 'the release date, with .2, .3 … for later releases the same day' }),
  created: Type.String({ description: 'the release date (ISO 8601)' }),
  digest: Type.String({ description: 'sha256 over the tables of the release: the same data gives the same digest' }),
  url: Type.String({ description: "the release's data package (datapackage.json)" }),
  files: Type.Array(ReleaseFile),
});

export const ReleaseList = Type.Object({
  ...pageFields,
  items: Type.Array(Release, { description: 'newest first' }),
  latest: Type.Union([Type.String(), Type.Null()], { description: 'the stable URL of the latest data package' }),
});
