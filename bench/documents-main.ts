/** `npm run bench:documents`: the documents benchmark alone (bench/documents.ts); BENCH_DOCUMENTS sets N. */
import { benchDocuments } from './documents.js';

process.exitCode = (await benchDocuments()) ? 0 : 1;
