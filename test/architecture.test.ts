import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { folderImports, INFRASTRUCTURE } from '../scripts/feature-imports.js';

const SRC = join(import.meta.dirname, '..', 'src');

describe('architecture: imports between folders of src/', () => {
  const imports = folderImports(SRC);

  it('finds the imports it checks (the composition root imports every feature)', () => {
    const root = new Set(imports.filter((i) => i.file === 'app.ts').map((i) => i.to));
    for (const f of ['registry', 'meetings', 'editing', 'accounts', 'http']) assert.ok(root.has(f), `app.ts → ${f}`);
  });

  it('the infrastructure (http, web, db) imports no feature and not the root', () => {
    const rootOnly = /\/(app|feature)\.js$/; // src/config.ts and src/main.ts's helpers are shared; the root is not
    const wrong = imports.filter(
      (i) =>
        INFRASTRUCTURE.includes(i.from) &&
        !INFRASTRUCTURE.includes(i.to) &&
        (i.to !== '(root)' || rootOnly.test(i.specifier)),
    );
    assert.deepEqual(
      wrong.map((i) => `${i.file} → ${i.specifier}`),
      [],
    );
  });

  it('the registry, the core domain, imports no other feature (reference data reaches it through src/reference/)', () => {
    const features = new Set(imports.map((i) => i.from).filter((f) => f !== '(root)' && !INFRASTRUCTURE.includes(f)));
    assert.ok(features.has('meetings') && features.has('documents'), 'the check sees the feature folders');
    const wrong = imports.filter((i) => i.from === 'registry' && features.has(i.to));
    assert.deepEqual(
      wrong.map((i) => `${i.file} → ${i.specifier}`),
      [],
    );
  });

  it("a feature's reference part is loaded by the root, not by another feature", () => {
    const loader = imports.filter((i) => i.from === 'reference');
    assert.deepEqual(
      loader.filter((i) => !INFRASTRUCTURE.includes(i.to)).map((i) => `${i.file} → ${i.specifier}`),
      [],
    );
    // The root keeps the list of parts in its own module, src/reference-parts.ts (commands that only load the
    // dataset import it without every feature's routes), and src/app.ts re-exports it.
    const parts = imports.filter(
      (i) => i.from === '(root)' && /\/reference\.js$/.test(i.specifier) && i.to !== 'reference',
    );
    assert.deepEqual([...new Set(parts.map((i) => i.file))], ['reference-parts.ts']);
    for (const f of ['registry', 'meetings', 'documents'])
      assert.ok(parts.map((i) => i.to).includes(f), `reference-parts.ts → ${f}/reference.js`);
    assert.ok(
      readFileSync(join(SRC, 'app.ts'), 'utf8').includes("from './reference-parts.js'"),
      'app.ts re-exports the reference parts',
    );
  });

  it("no feature imports another feature's pages: shared page parts are in web/, a feature's own in its folder", () => {
    const wrong = imports.filter(
      (i) =>
        i.from !== '(root)' &&
        i.from !== i.to &&
        !INFRASTRUCTURE.includes(i.from) &&
        !INFRASTRUCTURE.includes(i.to) &&
        /\/pages(\/|\.js$)/.test(i.specifier),
    );
    assert.ok(
      imports.some((i) => i.from === 'meetings' && i.to === 'registry'),
      'the check sees the imports of meetings',
    );
    assert.deepEqual(
      wrong.map((i) => `${i.file} → ${i.specifier}`),
      [],
    );
  });

  it('accounts import no other feature but the registry (the audit log links records through the root)', () => {
    const wrong = imports.filter(
      (i) => i.from === 'accounts' && !INFRASTRUCTURE.includes(i.to) && !['registry', '(root)'].includes(i.to),
    );
    assert.deepEqual(
      wrong.map((i) => `${i.file} → ${i.specifier}`),
      [],
    );
  });
});
