// Unit tests of the feed ordering / gap repair logic (node:test; bundled by esbuild, see package.json "test").
import { test } from "node:test";
import assert from "node:assert/strict";
import { FeedStore, parseOwnerKind, type Feed } from "../src/feeds";
import type { ConsoleFeedPage, ConsoleItem, FeedOwnerKind } from "../src/types";

const item = (sequence: number, text = `m${sequence}`): ConsoleItem => ({
  sequence,
  kind: "message.direct",
  at: new Date(0).toISOString(),
  customerId: "c1",
  text,
});

/** A server feed with items 1..head (minus `missing`), answering pages of `pageSize`. */
function server(head: number, pageSize = 100, missing: number[] = []) {
  const calls: { kind: FeedOwnerKind; id: string; after: number }[] = [];
  const state = { head, hold: null as Promise<void> | null };
  const fetch = async (kind: FeedOwnerKind, id: string, after: number): Promise<ConsoleFeedPage> => {
    calls.push({ kind, id, after });
    if (state.hold) await state.hold;
    const items: ConsoleItem[] = [];
    for (let s = after + 1; s <= state.head && items.length < pageSize; s++) if (!missing.includes(s)) items.push(item(s));
    const last = items[items.length - 1];
    return { items, headSequence: state.head, truncated: !!last && last.sequence < state.head };
  };
  return { fetch, calls, state };
}

function store(fetch: ConstructorParameters<typeof FeedStore>[0]) {
  const appended: { seqs: number[]; live: boolean }[] = [];
  const skipped: [number, number][] = [];
  const s = new FeedStore(fetch, {
    appended: (_f: Feed, items, live) => appended.push({ seqs: items.map((i) => i.sequence), live }),
    skipped: (_f, from, to) => skipped.push([from, to]),
  });
  const seqs = (kind: FeedOwnerKind, id: string) => s.get(kind, id)?.items.map((i) => i.sequence) ?? [];
  return { s, appended, skipped, seqs };
}

test("initial sync pages through to the head, not live", async () => {
  const srv = server(7, 3);
  const { s, appended, seqs } = store(srv.fetch);
  await s.sync(s.ensure("persona", "p1"));
  assert.deepEqual(seqs("persona", "p1"), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(srv.calls.map((c) => c.after), [0, 3, 6]);
  assert.ok(appended.every((a) => !a.live));
  assert.equal(s.get("persona", "p1")?.synced, true);
});

test("in-order push appends live; duplicates are ignored", async () => {
  const srv = server(2);
  const { s, appended, seqs } = store(srv.fetch);
  await s.sync(s.ensure("persona", "p1"));
  assert.equal(s.push("persona", "p1", item(3)), "appended");
  assert.equal(s.push("persona", "p1", item(3)), "duplicate");
  assert.equal(s.push("persona", "p1", item(1)), "duplicate");
  assert.deepEqual(seqs("persona", "p1"), [1, 2, 3]);
  assert.deepEqual(appended[appended.length - 1], { seqs: [3], live: true });
  assert.equal(srv.calls.length, 1);
});

test("a gap triggers Sync(after=last) and fills it exactly once", async () => {
  const srv = server(2);
  const { s, seqs } = store(srv.fetch);
  const f = s.ensure("agent", "a1");
  await s.sync(f);
  srv.state.head = 6;
  assert.equal(s.push("agent", "a1", item(6)), "gap");
  await f.syncing;
  assert.deepEqual(seqs("agent", "a1"), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(srv.calls.map((c) => c.after), [0, 2]);
  // the late pushes of 4..6 are duplicates now
  assert.equal(s.push("agent", "a1", item(5)), "duplicate");
});

test("gaps seen while a sync runs fold into one follow-up round", async () => {
  const srv = server(3);
  const { s, seqs } = store(srv.fetch);
  const f = s.ensure("persona", "p1");
  let release!: () => void;
  srv.state.hold = new Promise((r) => (release = r));
  const first = s.sync(f);
  srv.state.head = 5;
  s.push("persona", "p1", item(5)); // gap while syncing
  s.push("persona", "p1", item(5));
  assert.equal(f.again, true);
  srv.state.hold = null;
  release();
  await first;
  assert.deepEqual(seqs("persona", "p1"), [1, 2, 3, 4, 5]);
  assert.deepEqual(srv.calls.map((c) => c.after), [0, 5]);
});

test("a sequence the server no longer has is skipped, not asked for again and again", async () => {
  const srv = server(5, 100, [1, 2]);
  const { s, skipped, seqs } = store(srv.fetch);
  await s.sync(s.ensure("persona", "p1"));
  assert.deepEqual(seqs("persona", "p1"), [3, 4, 5]);
  assert.deepEqual(skipped, [[1, 2]]);
  assert.equal(srv.calls.length, 1);
});

test("a feed removed during its sync gets nothing applied", async () => {
  const srv = server(3);
  const { s, appended } = store(srv.fetch);
  const f = s.ensure("persona", "gone");
  let release!: () => void;
  srv.state.hold = new Promise((r) => (release = r));
  const run = s.sync(f);
  s.remove("persona", "gone");
  release();
  await run;
  assert.equal(appended.length, 0);
});

test("sync errors are reported, and the next sync starts from the same place", async () => {
  let fail = true;
  const srv = server(2);
  const errors: unknown[] = [];
  const s = new FeedStore(
    (k, id, after) => (fail ? Promise.reject(new Error("offline")) : srv.fetch(k, id, after)),
    { appended: () => {}, error: (_f, e) => errors.push(e) },
  );
  const f = s.ensure("persona", "p1");
  await s.sync(f);
  assert.equal(errors.length, 1);
  assert.equal(f.last, 0);
  fail = false;
  await s.sync(f);
  assert.equal(f.last, 2);
});

test("owner kinds parse from strings of either case and from numbers", () => {
  assert.equal(parseOwnerKind("persona"), "persona");
  assert.equal(parseOwnerKind("Agent"), "agent");
  assert.equal(parseOwnerKind(1), "agent");
  assert.equal(parseOwnerKind("other"), null);
});
