// Unit tests of the Campaigns view's rules (node:test; bundled by esbuild, see package.json "test").
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  campaignOf,
  type CampaignCounts,
  type CampaignRow,
  type CampaignTask,
  progress,
  renderSample,
  Throttle,
  toConfirm,
  totalToConfirm,
} from "../src/view/campaignsModel";
import type { ConsoleItem } from "../src/types";

const counts = (over: Partial<CampaignCounts> = {}): CampaignCounts => ({
  deliveries: 0, recipients: 0, skippedQuota: 0, skippedDuplicate: 0, held: 0, queued: 0, paused: 0, sent: 0, failed: 0, cancelled: 0,
  reached: 0, read: 0, clicked: 0, converted: 0, revenue: 0, ...over,
});

const task = (taskId: string, over: Partial<CampaignTask> = {}): CampaignTask => ({
  taskId, agentId: "a1", deliveries: 10, state: "open", remindersSent: 0, confirmedAt: null, confirmedBy: null, mine: true, ...over,
});

const item = (kind: string, eventId: string | null): ConsoleItem => ({ sequence: 1, kind, at: "2026-06-01T12:00:00Z", text: "", eventId });

test("progress: parts are shares of the planned deliveries in drawing order; done counts sent, failed and cancelled", () => {
  const p = progress(counts({ deliveries: 200, held: 100, queued: 40, sent: 50, failed: 6, cancelled: 4 }));
  assert.equal(p.total, 200);
  assert.equal(p.done, 60);
  assert.equal(p.percent, 30);
  assert.deepEqual(p.parts.map((x) => [x.segment, x.count, x.percent]), [["sent", 50, 25], ["failed", 6, 3], ["cancelled", 4, 2], ["queued", 40, 20], ["held", 100, 50]]);
});

test("progress: 100% only when every delivery is done; nothing planned is 0% with no parts", () => {
  assert.equal(progress(counts({ deliveries: 1000, sent: 999, queued: 1 })).percent, 99);
  assert.equal(progress(counts({ deliveries: 1000, sent: 990, failed: 10 })).percent, 100);
  const none = progress(counts());
  assert.deepEqual([none.total, none.done, none.percent, none.parts.length], [0, 0, 0, 0]);
});

test("progress: counts ahead of the planned total widen the total rather than overflow the bar", () => {
  const p = progress(counts({ deliveries: 10, sent: 8, queued: 4 }));
  assert.equal(p.total, 12);
  assert.ok(Math.abs(p.parts.reduce((a, x) => a + x.percent, 0) - 100) < 1e-9);
});

test("to confirm: only open tasks this agent may confirm, with the messages they hold", () => {
  const tasks = [task("t1"), task("t2", { deliveries: 5, agentId: null }), task("t3", { mine: false, agentId: "a2" }), task("t4", { state: "confirmed" }), task("t5", { state: "expired" })];
  assert.deepEqual(toConfirm(tasks), { tasks: 2, deliveries: 15 });
  assert.deepEqual(toConfirm([]), { tasks: 0, deliveries: 0 });
});

test("the tab's badge sums the rows' badges", () => {
  const row = (id: string, n: number): CampaignRow => ({ campaignId: id, name: id, state: "sending", createdAt: "2026-06-01T12:00:00Z", counts: counts(), toConfirm: n });
  assert.equal(totalToConfirm([row("c1", 2), row("c2", 0), row("c3", 1)]), 3);
  assert.equal(totalToConfirm([]), 0);
});

test("the sample fills persona, customer and group names and shows unknown variables", () => {
  const out = renderSample("{{customer.name}}您好，我是{{ persona.name }}，{{group.name}}今晚开抢 {{customer.property.city}} {{x.y}}", { personaName: "小丸子", customerName: "李雷" });
  assert.equal(out, "李雷您好，我是小丸子，福利群今晚开抢 «city» «x.y»");
});

test("a campaign item names its campaign; a task item's event id carries the task after a slash; other kinds none", () => {
  assert.equal(campaignOf(item("campaign.progress", "spring")), "spring");
  assert.equal(campaignOf(item("campaign.task", "spring/p1-a1")), "spring");
  assert.equal(campaignOf(item("campaign.task", null)), null);
  assert.equal(campaignOf(item("message.direct", "spring")), null);
});

test("re-reads: at most one per key per second; a burst coalesces into one trailing read; keys are independent", () => {
  let now = 0;
  const timers: { at: number; fn: () => void; gone: boolean }[] = [];
  const t = new Throttle(1000, () => now, (fn, ms) => {
    const x = { at: now + ms, fn, gone: false };
    timers.push(x);
    return x;
  }, (x) => {
    (x as { gone: boolean }).gone = true;
  });
  const runs: string[] = [];
  const advance = (to: number) => {
    now = to;
    for (const x of timers.filter((x) => !x.gone && x.at <= now)) {
      x.gone = true;
      x.fn();
    }
  };
  t.request("c1", () => runs.push(`c1@${now}`));
  for (let i = 0; i < 50; i++) t.request("c1", () => runs.push(`c1@${now}`));
  t.request("c2", () => runs.push(`c2@${now}`));
  advance(400);
  t.request("c1", () => runs.push(`c1@${now}`));
  assert.deepEqual(runs, ["c1@0", "c2@0"]);
  advance(1000);
  assert.deepEqual(runs, ["c1@0", "c2@0", "c1@1000"]);
  advance(1500);
  t.request("c1", () => runs.push(`c1@${now}`));
  advance(2000);
  assert.deepEqual(runs, ["c1@0", "c2@0", "c1@1000", "c1@2000"]);
  advance(5000);
  t.request("c1", () => runs.push(`c1@${now}`));
  assert.equal(runs.at(-1), "c1@5000");
  t.request("c1", () => runs.push("late"));
  t.clear();
  advance(9000);
  assert.ok(!runs.includes("late"));
});
