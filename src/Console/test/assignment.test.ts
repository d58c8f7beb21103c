// Unit tests of how the console applies conversation.* feed items (node:test; bundled by esbuild, see package.json "test").
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyAssignmentItem, assigneeLabel, heldByOther, queue } from "../src/assignment";
import type { ConsoleItem, ConversationView } from "../src/types";

const conv = (over: Partial<ConversationView> = {}): ConversationView => ({
  customerId: "c1",
  assignedAgentId: "a1",
  lastMessageAt: "2026-06-01T12:00:00Z",
  lastText: "hi",
  unread: 1,
  status: "open",
  ...over,
});
const item = (kind: string, agentId: string | null, at = "2026-06-01T12:01:00Z"): ConsoleItem => ({ sequence: 1, kind, at, customerId: "c1", agentId, text: "" });

test("claim, transfer and assignment make the item's agent the assignee", () => {
  for (const kind of ["conversation.assigned", "conversation.claimed", "conversation.transferred"]) {
    const c = conv({ assignedAgentId: null, status: "waiting", waitingSince: "2026-06-01T11:00:00Z" });
    assert.equal(applyAssignmentItem(c, item(kind, "a2")), true);
    assert.deepEqual([c.assignedAgentId, c.status, c.waitingSince], ["a2", "open", null]);
  }
});

test("queued conversations wait and the queue is oldest first", () => {
  const a = conv({ customerId: "a" });
  const b = conv({ customerId: "b" });
  applyAssignmentItem(b, item("conversation.queued", null, "2026-06-01T12:05:00Z"));
  applyAssignmentItem(a, item("conversation.queued", null, "2026-06-01T12:09:00Z"));
  assert.deepEqual(queue([a, conv({ customerId: "x" }), b]).map((c) => c.customerId), ["b", "a"]);
  assert.equal(assigneeLabel(a, "a1"), "waiting");
});

test("resolve clears unread and a new message reopens it", () => {
  const c = conv();
  applyAssignmentItem(c, item("conversation.resolved", "a1"));
  assert.deepEqual([c.status, c.unread, assigneeLabel(c, "a1")], ["resolved", 0, "you · resolved"]);
  applyAssignmentItem(c, item("message.direct", null));
  assert.equal(c.status, "open");
});

test("a hold shows for colleagues only and only its holder's release ends it", () => {
  const c = conv();
  applyAssignmentItem(c, item("conversation.held", "a2"));
  assert.equal(heldByOther(c, "a1"), "a2");
  assert.equal(heldByOther(c, "a2"), null);
  assert.equal(applyAssignmentItem(c, item("conversation.released", "a3")), false);
  assert.equal(heldByOther(c, "a1"), "a2");
  applyAssignmentItem(c, item("conversation.released", "a2"));
  assert.equal(heldByOther(c, "a1"), null);
});
