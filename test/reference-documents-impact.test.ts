/**
 * The documents and impact research (December 2026) in the generated reference data: documents.json,
 * achievements.json, structures.json and partnerships.json. Counts against the research files, sources on
 * every record, references that resolve, the meeting-link rule, and bad input rows that stop the
 * converter with an error naming the file, the row and the field (nothing written).
 *
 * The research folder is data/research/ in the repository (or REFERENCE_RESEARCH). Without it the tests
 * that read it are skipped, visibly; with CI=true they fail instead.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestContext } from 'node:test';
import { convertDocuments, type DocumentOut, linkMeeting } from '../scripts/reference/documents.js';
import {
  type AchievementOut,
  convertAchievements,
  convertPartnerships,
  convertStructures,
  type PartnershipOut,
  type StructureOut,
} from '../scripts/reference/impact.js';
import type { Meeting } from '../scripts/reference/model.js';

const dataDir = new URL('../data/reference/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dataDir), 'utf8')) as T;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESEARCH = process.env.REFERENCE_RESEARCH ?? join(ROOT, 'data', 'research');
const hasResearch = existsSync(join(RESEARCH, 'documents', 'documents.json'));
const research = <T>(file: string): T => JSON.parse(readFileSync(join(RESEARCH, file), 'utf8')) as T;
const needResearch = (t: TestContext): boolean => {
  if (hasResearch) return true;
  if (process.env.CI === 'true') assert.fail(`research folder not found at ${RESEARCH}`);
  t.skip(`research folder not found at ${RESEARCH} (set REFERENCE_RESEARCH)`);
  return false;
};

const documents = read<DocumentOut[]>('documents.json');
const achievements = read<AchievementOut[]>('achievements.json');
const structures = read<StructureOut[]>('structures.json');
const partnerships = read<PartnershipOut[]>('partnerships.json');
const sourceIds = new Set(read<{ id: string }[]>('sources.json').map((s) => s.id));
const mechanismIds = new Set(read<{ id: string }[]>('mechanisms.json').map((m) => m.id));
const orgIds = new Set(read<{ id: string }[]>('organizations.json').map((o) => o.id));
const meetings = read<{ meetings: Meeting[] }>('meetings.json').meetings;
const meetingById = new Map(meetings.map((m) => [m.id, m]));

describe('documents and impact: counts against the research files', () => {
  it('one document per research record, same ids', (t) => {
    if (!needResearch(t)) return;
    const raw = research<{ id: string }[]>('documents/documents.json');
    assert.equal(documents.length, raw.length);
    assert.deepEqual(documents.map((d) => d.id).sort(), raw.map((d) => d.id).sort());
  });
  it('one achievement per research record (ids lower-cased), one structure per mechanism, one partnership per link', (t) => {
    if (!needResearch(t)) return;
    const a = research<{ id: string; mechanism: string }[]>('impact/achievements.json');
    assert.equal(achievements.length, a.length);
    assert.deepEqual(achievements.map((x) => x.id).sort(), a.map((x) => x.id.toLowerCase()).sort());
    assert.equal(new Set(achievements.map((x) => x.mechanism)).size, new Set(a.map((x) => x.mechanism)).size);
    const s = research<{ mechanism: string }[]>('impact/structures.json');
    assert.deepEqual(structures.map((x) => x.mechanism).sort(), s.map((x) => x.mechanism).sort());
    const p = research<{ id: string; organization?: string }[]>('impact/partnerships.json');
    assert.deepEqual(partnerships.map((x) => x.id).sort(), p.map((x) => x.id.toLowerCase()).sort());
    // Every organization wording is kept, resolved or not.
    const wordings = new Map(partnerships.map((x) => [x.id, x.organization_wording]));
    for (const x of p) assert.equal(wordings.get(x.id.toLowerCase()), x.organization ?? null, x.id);
  });
});

describe('documents and impact: sources and references', () => {
  it('every document, achievement and partnership cites at least one source of sources.json', () => {
    for (const [what, rows] of [
      ['document', documents],
      ['achievement', achievements],
      ['partnership', partnerships],
    ] as const) {
      for (const r of rows) {
        assert.ok(r.sources.length >= 1, `${what} ${r.id} has no source`);
        for (const s of r.sources) assert.ok(sourceIds.has(s), `${what} ${r.id}: unknown source ${s}`);
      }
    }
  });
  it('every structure value has a source of sources.json, or says where it was taken from (basis)', () => {
    for (const s of structures) {
      for (const [field, v] of Object.entries(s)) {
        if (v === null || typeof v !== 'object' || !('value' in v)) continue;
        const f = v as { sources: string[]; basis: string | null };
        assert.ok(f.sources.length > 0 || f.basis !== null, `${s.id}.${field}: neither a source nor a basis`);
        for (const id of f.sources) assert.ok(sourceIds.has(id), `${s.id}.${field}: unknown source ${id}`);
      }
    }
  });
  it('mechanisms, organizations, countries and meetings resolve in the dataset', () => {
    const iso3 = /^[A-Z]{3}$/;
    for (const d of documents) {
      for (const m of d.mechanisms) assert.ok(mechanismIds.has(m), `${d.id}: ${m}`);
      for (const m of [d.meeting.id, ...d.meeting.candidates])
        if (m !== null) assert.ok(meetingById.has(m), `${d.id}: meeting ${m}`);
    }
    for (const a of achievements) {
      assert.ok(mechanismIds.has(a.mechanism), `${a.id}: ${a.mechanism}`);
      for (const c of a.countries) assert.match(c, iso3, a.id);
    }
    for (const s of structures) assert.ok(mechanismIds.has(s.mechanism), s.id);
    for (const p of partnerships) {
      for (const m of [p.mechanism, p.mechanism_a, p.mechanism_b, ...p.other_parties])
        if (m !== null) assert.ok(mechanismIds.has(m), `${p.id}: ${m}`);
      for (const o of p.organizations) assert.ok(orgIds.has(o), `${p.id}: organization ${o}`);
      if (p.kind === 'organization-mechanism') assert.ok(p.mechanism !== null && p.organization_wording !== null, p.id);
      else assert.ok(p.mechanism_a !== null && p.mechanism_b !== null && p.mechanism_a !== p.mechanism_b, p.id);
    }
  });
});

describe('documents: links to meetings', () => {
  it('each link is one the rule makes: the named global meeting, the same day, or the same period and city', (t) => {
    const raw = hasResearch
      ? new Map(research<{ id: string; global_meeting?: string }[]>('documents/documents.json').map((d) => [d.id, d]))
      : null;
    const linked = documents.filter((d) => d.meeting.id !== null);
    assert.ok(linked.length > 0);
    for (const d of linked) {
      const m = meetingById.get(d.meeting.id as string) as Meeting;
      assert.deepEqual(d.meeting.candidates, [], d.id);
      if (d.meeting.match === 'global_meeting') {
        if (raw !== null) assert.equal(raw.get(d.id)?.global_meeting, m.id, d.id);
        continue;
      }
      assert.ok(d.date !== null && d.mechanisms.includes(m.mechanism as string), d.id);
      if (d.meeting.match === 'date') {
        assert.ok(
          d.date.length === 10 && m.start <= d.date && d.date <= (m.end ?? m.start),
          `${d.id}: ${d.date} vs ${m.id}`,
        );
      } else {
        assert.equal(d.meeting.match, 'date+place', d.id);
        assert.ok(d.date.length >= 7, d.id);
        const fold = (s: string): string =>
          s
            .normalize('NFKD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase();
        assert.ok(
          m.city !== null &&
            fold(`${d.meeting.text ?? ''} ${d.meeting.place ?? ''}`).includes(fold(m.city).split(' (')[0]!),
          `${d.id}: city ${m.city}`,
        );
      }
    }
    if (raw === null) t.diagnostic('research folder not found: global_meeting links not compared with the research');
  });
  it('an unlinked document keeps the research wording and the reason, with its candidates', () => {
    const unlinked = documents.filter((d) => d.meeting.id === null);
    assert.ok(unlinked.length > 0);
    for (const d of unlinked) {
      assert.equal(d.meeting.match, null);
      assert.match(d.meeting.compilation_note ?? '', /^Not linked: /, d.id);
    }
    assert.ok(
      unlinked.some((d) => d.meeting.candidates.length > 1),
      'some stay unlinked because several meetings fit',
    );
  });

  const meeting = (over: Partial<Meeting>): Meeting =>
    ({ id: 'x', mechanism: 'm', kind: 'ministerial', start: '2016', end: null, city: null, ...over }) as Meeting;
  const doc = {
    date: '2016-08-25',
    mechanisms: ['m'],
    globalMeeting: null,
    text: '5th Ministerial Consultation, Colombo, 2016',
    place: null,
  };
  it('two meetings that fit equally stay unlinked, both kept as candidates', () => {
    const r = linkMeeting(doc, [meeting({ id: 'a' }), meeting({ id: 'b' })]);
    assert.equal(r.id, null);
    assert.deepEqual(r.candidates, ['a', 'b']);
  });
  it('the city singles one out only when every other candidate has a known, different city', () => {
    const ms = [meeting({ id: 'a', city: 'Colombo' }), meeting({ id: 'b', city: 'Dhaka' })];
    assert.equal(linkMeeting(doc, ms).id, 'a');
    assert.equal(linkMeeting(doc, [ms[0]!, meeting({ id: 'b', city: null })]).id, null);
  });
  it('a year-only date is not confirmed by a city, and a senior officials meeting is not a ministerial one', () => {
    assert.equal(linkMeeting({ ...doc, date: '2016' }, [meeting({ city: 'Colombo' })]).id, null);
    const som = { ...doc, text: "Senior Officials' Meeting, Colombo, Aug 2016" };
    assert.equal(linkMeeting(som, [meeting({ city: 'Colombo', start: '2016-08-25' })]).id, null);
    assert.equal(linkMeeting(doc, [meeting({ city: null, start: '2016-08-25' })]).match, 'date');
  });
});

describe('bad input rows stop the conversion, naming the file, row and field', () => {
  const ctx = {
    addSource: (url: string): string => `src-${url.length}`,
    mechanisms: new Set(['colombo-process']),
    meetings: [] as Meeting[],
  };
  const goodDoc = {
    id: 'colombo-process-x',
    title: 'X',
    kind: 'declaration',
    date: '2016-08-25',
    mechanisms: ['colombo-process'],
    meeting: null,
    meeting_place: null,
    adopted_by: null,
    languages: ['en'],
    url: null,
    sources: ['https://example.org/a'],
    summary_facts: ['A fact.'],
    structure_hint: null,
    confidence: 'high',
    note: null,
  };
  it('a good row converts', () => {
    const out = convertDocuments([goodDoc], ctx).documents;
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.sources, ['src-21']);
  });
  it('documents: unknown kind, bad date, unknown mechanism, no source', () => {
    const bad = [
      goodDoc,
      { ...goodDoc, id: 'colombo-process-y', kind: 'memo', date: '2016-13', mechanisms: ['nope'], sources: [] },
    ];
    assert.throws(
      () => convertDocuments(bad, ctx),
      (e: Error) => {
        assert.match(
          e.message,
          /documents\/documents\.json row 1 \(id "colombo-process-y"\), field "kind": unknown value "memo"/,
        );
        assert.match(e.message, /row 1 \(id "colombo-process-y"\), field "date": expected a date/);
        assert.match(e.message, /field "mechanisms": unknown mechanism "nope"/);
        assert.match(e.message, /field "sources": expected at least 1 item/);
        assert.doesNotMatch(e.message, /row 0/);
        return true;
      },
    );
  });
  it('impact: unknown mechanism and country in achievements, a duplicate id in partnerships, a bad structure value', () => {
    const a = {
      id: 'a-1',
      mechanism: 'colombo-process',
      title: 'T',
      type: 'policy',
      level: 'regional',
      year: '2016',
      countries: ['QQQ'],
      lens: 'policy-impact',
      evidence: 'E',
      sources: ['https://example.org/a'],
      confidence: 'high',
      note: null,
    };
    assert.throws(
      () => convertAchievements([{ ...a, mechanism: 'nope' }], ctx),
      /impact\/achievements\.json row 0 \(id "a-1"\), field "mechanism": unknown mechanism "nope"[\s\S]*field "countries": unknown country code "QQQ"/,
    );
    const p = {
      id: 'iom--colombo-process',
      kind: 'organization-mechanism',
      organization: 'IOM',
      mechanism: 'colombo-process',
      role: 'secretariat',
      years: '2003-',
      sources: ['https://example.org/p'],
      note: null,
    };
    assert.throws(
      () => convertPartnerships([p, p], ctx),
      /partnerships\.json row 1 \(id "iom--colombo-process"\), field "id": duplicate id/,
    );
    const ok = convertPartnerships([p, { ...p, id: 'x--colombo-process', organization: 'Nobody We Know' }], ctx);
    assert.deepEqual(
      ok.partnerships.map((x) => x.organizations),
      [['iom'], []],
    );
    assert.deepEqual(ok.unresolved, ['x--colombo-process: "Nobody We Know"']);
    assert.equal(ok.partnerships[0]!.first_year, 2003);
    assert.equal(ok.partnerships[0]!.ongoing, true);
    const s = { mechanism: 'colombo-process', note: null, secretariat: null, funding: null, chair_rotation: null };
    const rest = { written_rules: null, strategies_workplans: null, meeting_cadence: null, working_groups: null };
    assert.throws(
      () =>
        convertStructures(
          [{ ...s, ...rest, secretariat_model: { value: 'imaginary', sources: ['https://example.org/s'] } }],
          ctx,
        ),
      /structures\.json row 0, field "secretariat_model\.value": unknown secretariat model "imaginary"/,
    );
  });

  it('the converter run on a research copy with one broken row exits non-zero, names it, and writes nothing', (t) => {
    if (!needResearch(t)) return;
    const tmp = mkdtempSync(join(tmpdir(), 'conv-'));
    try {
      const input = join(tmp, 'in');
      const out = join(tmp, 'out');
      cpSync(RESEARCH, input, { recursive: true });
      const file = join(input, 'impact', 'achievements.json');
      const rows = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
      rows[7] = { ...rows[7], lens: 'vibes' };
      writeFileSync(file, JSON.stringify(rows));
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/convert-reference.ts', input, out], {
        encoding: 'utf8',
        cwd: ROOT,
      });
      assert.notEqual(run.status, 0);
      assert.match(
        run.stderr,
        new RegExp(
          `impact/achievements\\.json row 7 \\(id "${String(rows[7].id)}"\\), field "lens": unknown value "vibes"`,
        ),
      );
      assert.ok(!existsSync(out) || readdirSync(out).length === 0, 'nothing written');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('the converter run on the research writes exactly the committed files (deterministic, up to date)', (t) => {
    if (!needResearch(t)) return;
    const out = mkdtempSync(join(tmpdir(), 'conv-out-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/convert-reference.ts', RESEARCH, out], {
        encoding: 'utf8',
        cwd: ROOT,
      });
      assert.equal(run.status, 0, run.stderr);
      for (const f of readdirSync(out))
        assert.ok(
          readFileSync(join(out, f)).equals(readFileSync(new URL(f, dataDir))),
          `${f} differs from data/reference/${f}`,
        );
      for (const f of ['documents.json', 'achievements.json', 'structures.json', 'partnerships.json'])
        assert.ok(existsSync(join(out, f)), f);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
