// Unit tests of the Groups view's live rules (node:test; bundled by esbuild, see package.json "test").
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyToGroup, applyToSummary, silence, sortGroups } from "../src/groups";
import type { ConsoleItem, GroupSummary, GroupView } from "../src/types";

const row = (groupId: string, lastActivityAt: string | null, over: Partial<GroupSummary> = {}): GroupSummary => ({
  groupId, name: groupId, ownerPersonaId: "p1", memberCount: 3, sizeCap: 200, messagesLast24h: 0, lastActivityAt, alertCount: 0, appliedSequence: 1, ...over,
});

const item = (kind: string, groupId: string, at: string, over: Partial<ConsoleItem> = {}): ConsoleItem => ({
  sequence: 7, kind, at, groupId, customerId: "c1", text: "hi", eventId: `e-${at}`, ...over,
});

const view = (): GroupView => ({
  tenantId: "t1", groupId: "g1", name: "g1", ownerPersonaId: "p1", sizeCap: 200, memberCount: 1, members: [],
  activity: { messagesTotal: 0, messagesLast24h: 0, activeMembersLast7d: 0, lastActivityAt: null, joinsTotal: 1, leavesTotal: 0, refusedJoins: 0 },
  recentMessages: [], appliedSequence: 3,
});

test("groups sort by last activity, never-active ones last by id", () => {
  const sorted = sortGroups([row("b", null), row("old", "2026-06-01T10:00:00Z"), row("a", null), row("new", "2026-06-01T12:00:00Z")]);
  assert.deepEqual(sorted.map((g) => g.groupId), ["new", "old", "a", "b"]);
});

test("a group message bumps its row to the top; an alert bumps the badge; other groups are untouched", () => {
  const list = [row("g1", "2026-06-01T10:00:00Z"), row("g2", "2026-06-01T11:00:00Z")];
  const after = applyToSummary(applyToSummary(list, item("message.group", "g1", "2026-06-01T12:00:00Z")), item("alert.group", "g1", "2026-06-01T12:00:01Z"));
  assert.deepEqual(after.map((g) => [g.groupId, g.messagesLast24h, g.alertCount]), [["g1", 1, 1], ["g2", 0, 0]]);
  assert.equal(after[0]?.lastActivityAt, "2026-06-01T12:00:00Z");
  assert.equal(applyToSummary(list, item("message.group", "elsewhere", "2026-06-01T12:00:00Z")).length, 2);
});

test("messages and the persona's posts join the open group once; other kinds and groups do not", () => {
  const msg = item("message.group", "g1", "2026-06-01T12:00:00Z");
  const post = item("group.posted", "g1", "2026-06-01T12:00:05Z", { customerId: null, agentId: "a1", eventId: "group:g1:m1" });
  let g = applyToGroup(view(), msg);
  g = applyToGroup(g, msg);
  g = applyToGroup(g, post);
  g = applyToGroup(g, item("alert.group", "g1", "2026-06-01T12:00:06Z"));
  g = applyToGroup(g, item("message.group", "g2", "2026-06-01T12:00:07Z"));
  assert.deepEqual(g.recentMessages.map((m) => [m.eventId, m.customerId, m.agentId]), [[msg.eventId, "c1", null], ["group:g1:m1", null, "a1"]]);
});

test("silence reads in minutes, hours, then days", () => {
  const now = Date.parse("2026-06-10T12:00:00Z");
  assert.equal(silence(null, now), "never active");
  assert.equal(silence("2026-06-10T11:55:00Z", now), "5 min");
  assert.equal(silence("2026-06-09T12:00:00Z", now), "24 h");
  assert.equal(silence("2026-06-01T12:00:00Z", now), "9 d");
});
