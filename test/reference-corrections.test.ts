/**
 * The corrections of December 2026 (corrections-2026-12.md, items 1-13) are in the generated reference
 * data: one assertion per item, each also checking that the correction cites its source, read 2026-12.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const dir = new URL('../data/reference/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;

interface Src {
  id: string;
  url: string;
  title: string | null;
  accessed: string | null;
}
interface Row {
  id: string;
  mechanism: string;
  country: string | null;
  organization: string | null;
  role: string;
  start: string | null;
  end: string | null;
  end_cause: string | null;
  first_attested: string | null;
  verification: string;
  sources: string[];
  note: string | null;
  compilation_note?: string | null;
  attestation?: string;
}
interface Mech {
  id: string;
  name: string;
  acronym: string | null;
  established: number | null;
  levels: {
    level: string;
    start: string | null;
    end: string | null;
    end_not_before: string | null;
    sources: string[];
  }[];
  statuses: { status: string; start: string | null }[];
  last_evidence_of_activity: string | null;
  members_complete: boolean | null;
  observers_complete?: boolean | null;
  sources: string[];
  notes: string | null;
}
interface Meeting {
  id: string;
  mechanism: string | null;
  reported_counts: { what: string; count: number; sources: string[] }[];
}

const sources = read<Src[]>('sources.json');
const participation = read<Row[]>('participation.json');
const mechanisms = read<Mech[]>('mechanisms.json');
const meetings = read<{ meetings: Meeting[] }>('meetings.json').meetings;
const snapshots = read<{ id: string; parties: { country: string | null }[]; source: string }[]>('snapshots.json');

const src = (url: string): Src => {
  const s = sources.find((x) => x.url === url);
  assert.ok(s, `no source ${url}`);
  assert.equal(s.accessed, '2026-12', `${url} read 2026-12`);
  assert.ok(s.title, `${url} has a title`);
  return s;
};
const row = (mech: string, party: string, role = 'member'): Row => {
  const rows = participation.filter(
    (p) => p.mechanism === mech && p.role === role && (p.country === party || p.organization === party),
  );
  assert.equal(rows.length, 1, `${mech}/${party}/${role}`);
  return rows[0]!;
};
const mech = (id: string): Mech => mechanisms.find((m) => m.id === id) ?? assert.fail(`no mechanism ${id}`);

describe('corrections of December 2026 in data/reference', () => {
  it('1. Colombo Process / Afghanistan: start unknown, a member by 21 Jan 2008', () => {
    const r = row('colombo-process', 'AFG');
    const s = src('http://www.colomboprocess.org/index.php?option=com_content&view=article&id=46&Itemid=29');
    assert.ok(r.start === null && r.first_attested === '2008-01-21' && r.sources.includes(s.id));
  });
  it('2. Colombo Process / Cambodia: start 25 Aug 2016', () => {
    const r = row('colombo-process', 'KHM');
    assert.ok(
      r.start === '2016-08-25' &&
        r.sources.includes(src('http://lankamission.org/index.php/migration.html?start=28').id),
    );
  });
  it('3. EU-CELAC / United Kingdom: [2009, 2020-02-01), left', () => {
    const r = row('eu-celac-migration-dialogue', 'GBR');
    const s = src(
      'https://emm.iom.int/index.php/handbooks/inter-state-policy-dialogue-migration/interregional-forums-migration-irf',
    );
    assert.deepEqual([r.start, r.end, r.end_cause, r.sources.includes(s.id)], ['2009', '2020-02-01', 'left', true]);
  });
  it('4. ACP-EU / United Kingdom: [2010, 2020-02-01), left', () => {
    const r = row('acp-eu-dialogue-migration-development', 'GBR');
    const s = src(
      'https://www.iom.int/african-caribbean-and-pacific-group-states-acp-european-union-eu-dialogue-migration',
    );
    // An inference no source names: not attested, citing nothing; the IOM page it rests on is in the note.
    assert.deepEqual(
      [r.start, r.end, r.end_cause, r.attestation, r.sources],
      ['2010', '2020-02-01', 'left', 'none', []],
    );
    assert.ok(`${r.note ?? ''} ${r.compilation_note ?? ''}`.includes(s.url));
  });
  it('5. ASEM DG conference: accession years instead of 2002', () => {
    const s = src('http://aseic.org/asem/about.do');
    const starts = Object.fromEntries(
      ['SVK', 'NZL', 'AUS', 'RUS', 'BGD', 'NOR', 'CHE', 'HRV', 'KAZ', 'MMR'].map((c) => {
        const r = row('asem-conference-directors-general-immigration', c);
        assert.ok(r.sources.includes(s.id));
        return [c, r.start];
      }),
    );
    assert.deepEqual(starts, {
      SVK: '2004',
      NZL: '2010',
      AUS: '2010',
      RUS: '2010',
      BGD: '2012',
      NOR: '2012',
      CHE: '2012',
      HRV: '2014',
      KAZ: '2014',
      MMR: '2004',
    });
  });
  it('6. AU-HoAI: last evidence of activity May 2019; IGAD a member organisation from 2018', () => {
    const s = src('https://ethiopia.iom.int/news/building-synergy-counter-trafficking-and-smuggling-horn-africa');
    const m = mech('au-horn-of-africa-initiative');
    const igad = row('au-horn-of-africa-initiative', 'igad');
    assert.ok(
      m.last_evidence_of_activity === '2019-05' &&
        m.sources.includes(s.id) &&
        igad.start === '2018' &&
        igad.sources.includes(s.id),
    );
  });
  it('7. Budapest Process: the rcp → irf transition is bounded by 2020, not 2026-11', () => {
    const [rcp, irf] = mech('budapest-process').levels;
    const s = src('https://www.iom.int/budapest-process');
    assert.deepEqual(
      [rcp?.level, rcp?.end_not_before, rcp?.end, irf?.level, irf?.start, irf?.sources.includes(s.id)],
      ['rcp', '2017', '2020', 'irf', '2020', true],
    );
  });
  it('8. Bali Process: the observer list is marked incomplete', () => {
    const m = mech('bali-process');
    assert.ok(
      m.observers_complete === false &&
        m.sources.includes(src('https://baliprocess.dev.juicebox.com.au/about/about-the-bali-process').id),
    );
  });
  it('9. Tripoli Process: members_complete false', () => {
    const m = mech('tripoli-process');
    const s = src('https://www.iom.int/tripoli-process-joint-africa-eu-declaration-migration-and-development');
    assert.ok(m.members_complete === false && m.sources.includes(s.id));
  });
  it("10. AFML and EUROMED Migration are mechanisms with their sources; AFML's members are the ten ASEAN Member States", () => {
    const afml = mech('asean-forum-migrant-labour');
    const emm = mech('euromed-migration');
    const unnm = src('https://migrationnetwork.un.org/practice/asean-forum-migrant-labour');
    const icmpd = src('https://www.icmpd.org/our-work/migration-dialogues/euromed-migration-iv/');
    const afmlMembers = participation.filter((p) => p.mechanism === afml.id && p.role === 'member');
    assert.ok(
      afml.established === 2008 &&
        afml.sources.includes(unnm.id) &&
        afml.notes !== null &&
        afmlMembers.length === 10 &&
        emm.established === 2004 &&
        emm.sources.includes(icmpd.id) &&
        emm.notes !== null &&
        emm.members_complete === false,
    );
  });
  it('11. Rabat Process / Iceland: a member, period unknown, with a conflict note', () => {
    const r = row('rabat-process', 'ISL');
    const s = src('http://www.icmpd.org/our-work/migration-dialogues/rabat-process/participants/');
    assert.ok(
      r.start === null && r.end === null && /Conflict/.test(r.compilation_note ?? '') && r.sources.includes(s.id),
    );
  });
  it('12. GRCP 6: the count of 19 cites its one source', () => {
    const count = meetings.find((m) => m.id === 'grcp-6')?.reported_counts.find((c) => c.what === 'mechanisms');
    const s = sources.find((x) => x.url.includes('thedailyripple.org'));
    assert.deepEqual([count?.count, count?.sources], [19, [s?.id]]);
  });
  it('13. Prague Process: first attested 20 Nov 2012 for the States the dated list names', () => {
    const s = src('https://www.pragueprocess.eu/en/news-events/news/12-');
    const snap = snapshots.find((x) => x.id === 'prague-process/member/2012-11-20');
    assert.ok(snap && snap.source === s.id && snap.parties.length === 17);
    for (const c of ['ARM', 'AZE', 'SWE', 'XKX'])
      assert.equal(row('prague-process', c).first_attested, '2012-11-20', c);
    assert.equal(row('prague-process', 'ALB').first_attested, '2018', 'a State the 2012 list does not name keeps 2018');
  });
});
