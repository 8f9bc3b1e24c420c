/** `npm run bench:scale`: the scale benchmark alone (bench/scale.ts); BENCH_SCALE sets N (default 100). */
import { benchScale } from './scale.js';

process.exitCode = (await benchScale()) ? 0 : 1;
