import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, engines, type TestDatabase } from '../../test/helpers/db.js';
import { findRecord, MINI, mutatedCopy } from '../../test/helpers/reference.js';
import { loadReference } from '../app.js';
import { RegistryService } from './service.js';
import { dumpTables } from '../db/dump.js';
import * as store from './store.js';

for (const { engine, skip } of await engines()) {
  describe(`store on ${engine}`, { skip }, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => {
      await t.dispose();
    });

    it('loads the fixture: countries from the packages, mechanisms, participation', async () => {
      const s = await loadReference(t.db, MINI);
      assert.equal(s.changed, true);
      assert.equal(s.registry.mechanismsInserted, 4);
      assert.equal(s.registry.participationInserted, 10);
      assert.ok(s.registry.countries >= 249, `only ${s.registry.countries} countries`);
      const kosovo = await store.countryByCode(t.db, 'XKX');
      assert.ok(kosovo?.note?.includes('user-assigned'));
      const sen = await store.countryByCode(t.db, 'SEN');
      assert.deepEqual([sen?.name_fr, sen?.region, sen?.kind], ['Sénégal', 'Africa', 'state']);
    });

    it('loading twice changes nothing', async () => {
      const before = await dumpTables(t.db);
      const s = await loadReference(t.db, MINI);
      assert.equal(s.changed, false);
      assert.equal(s.registry.participationUnchanged, 10);
      assert.deepEqual(await dumpTables(t.db), before);
    });

    it('a corrected record supersedes the old one: both stay, each with its record time', async () => {
      const loadedAt = (await store.participation(t.db, { mechanism: 'alpha-process', country: 'NER' }))[0]!
        .recorded_at;
      const dir = mutatedCopy('participation.json', (rs) => {
        findRecord(rs, 'alpha-process/NER/member/1').end = '2017-03';
      });
      const s = await loadReference(t.db, dir);
      assert.equal(s.registry.participationSuperseded, 1);
      assert.equal(s.registry.participationInserted, 1);
      const history = await store.participationHistory(t.db, 'alpha-process/NER/member/1');
      assert.equal(history.length, 2);
      assert.deepEqual(
        history.map((h) => h.end),
        ['2016-10', '2017-03'],
      );
      assert.notEqual(history[0]!.superseded_at, null);
      assert.equal(history[1]!.superseded_at, null);
      // Record time: what the registry said before the correction.
      const then = await store.participation(t.db, { mechanism: 'alpha-process', country: 'NER', knownAt: loadedAt });
      assert.deepEqual(
        then.map((r) => r.end),
        ['2016-10'],
      );
      const now = await store.participation(t.db, { mechanism: 'alpha-process', country: 'NER' });
      assert.deepEqual(
        now.map((r) => r.end),
        ['2017-03'],
      );
    });

    it('a record dropped from the dataset is superseded, not deleted', async () => {
      const dir = mutatedCopy('participation.json', (rs) => {
        findRecord(rs, 'alpha-process/NER/member/1').end = '2017-03';
        rs.splice(
          rs.findIndex((r) => r.id === 'gamma-dialogue/FRA/member/1'),
          1,
        );
      });
      const s = await loadReference(t.db, dir);
      assert.equal(s.registry.participationSuperseded, 1);
      assert.equal((await store.participation(t.db, { mechanism: 'gamma-dialogue', country: 'FRA' })).length, 0);
      assert.equal((await store.participationHistory(t.db, 'gamma-dialogue/FRA/member/1')).length, 1);
    });

    it('an alias resolves to the canonical mechanism', async () => {
      assert.equal(await store.canonicalMechanismId(t.db, 'old-alpha-process'), 'alpha-process');
      assert.equal(await store.canonicalMechanismId(t.db, 'no-such-process'), null);
    });

    it('computes the same figures on this engine as the model says', async () => {
      await loadReference(t.db, MINI);
      const stats = await new RegistryService(t.db).stats('2014-06-01');
      // alpha active; beta active until 2015; gamma's change to dormant may have happened after 2012; delta active (global).
      assert.equal(stats.activeMechanisms.value, 3);
      assert.deepEqual(stats.activeMechanisms.statusUncertain, ['gamma-dialogue']);
      assert.deepEqual(stats.activeMechanisms.byLevel, { rcp: 2, irf: 0, global: 1 });
      assert.equal(stats.countriesMembers.value, 3); // SEN, MLI, NER
      assert.equal(stats.countriesMembers.known, 3); // MLI is attested by the 2013-10 list
      assert.equal(stats.maxMechanismsPerCountry.value, 2);
      assert.deepEqual(
        stats.maxMechanismsPerCountry.countries.map((c) => c.code),
        ['MLI', 'SEN'],
      );
      const later = await new RegistryService(t.db).stats('2016-06-01');
      assert.equal(later.activeMechanisms.value, 2);
      assert.deepEqual(later.activeMechanisms.byLevel, { rcp: 1, irf: 0, global: 1 });
    });
  });
}
