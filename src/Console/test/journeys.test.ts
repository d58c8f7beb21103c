// Unit tests of the Journeys view's figures (node:test; bundled by esbuild, see package.json "test").
import { test } from "node:test";
import assert from "node:assert/strict";
import { breakdown, describeStep, percent, pickVersion, summarize } from "../src/journeyStats";
import type { JourneyDefinition, JourneyStepStats, JourneyVersionStats } from "../src/types";

const step = (stepId: string, over: Partial<JourneyStepStats> = {}): JourneyStepStats => ({
  stepId, entered: 0, waiting: 0, converted: 0, exited: {}, sent: 0, deferred: {}, dropped: {}, skipped: {}, ...over,
});

const version = (v: number, entered: number, steps: JourneyStepStats[], over: Partial<JourneyVersionStats> = {}): JourneyVersionStats => ({
  version: v, entered, waiting: 0, converted: 0, exited: {}, steps, ...over,
});

const definition: JourneyDefinition = {
  id: "welcome",
  steps: [
    { id: "hello", type: "action", action: { type: "send_message", class: "service" }, next: "wait" },
    { id: "wait", type: "wait", duration: "3d", next: "never-reached" },
    { id: "never-reached", type: "exit" },
  ],
};

test("steps follow the definition's order, uncounted steps show as zeros, unknown counted steps come last", () => {
  const v = version(1, 4, [
    step("wait", { entered: 3, waiting: 2, converted: 1, exited: { goal: 1 } }),
    step("hello", { entered: 4, sent: 2, deferred: { quiet_hours: 2, cap_reached: 1 }, skipped: { cap_reached: 1 } }),
    step("gone", { entered: 1 }),
  ]);

  const s = summarize(v, definition);

  assert.deepEqual(s.steps.map((r) => r.stepId), ["hello", "wait", "never-reached", "gone"]);
  const [hello, wait, never, gone] = s.steps;
  assert.equal(hello?.deferred, 3);
  assert.equal(hello?.skipped, 1);
  assert.equal(hello?.summary, "send_message · service");
  assert.equal(wait?.summary, "wait 3d");
  assert.equal(wait?.exited, 1);
  assert.equal(wait?.conversionRate, 1 / 3);
  assert.equal(wait?.reach, 3 / 4);
  assert.equal(never?.entered, 0);
  assert.equal(never?.conversionRate, null);
  assert.equal(gone?.type, null);
  assert.equal(s.heldBack, 4);
});

test("without a definition the stats' own order is kept", () => {
  const s = summarize(version(2, 1, [step("b", { entered: 1 }), step("a", { entered: 1 })]), null);
  assert.deepEqual(s.steps.map((r) => r.stepId), ["b", "a"]);
  assert.equal(s.conversionRate, 0);
});

test("the shown version is the one picked, else the current one, else the newest", () => {
  const vs = [version(0, 0, []), version(1, 0, []), version(2, 0, [])];
  assert.equal(pickVersion(vs, 1, 2), 1);
  assert.equal(pickVersion(vs, 7, 2), 2);
  assert.equal(pickVersion(vs, null, null), 2);
  assert.equal(pickVersion([version(0, 0, [])], null, null), 0);
  assert.equal(pickVersion([], null, 1), null);
});

test("rates, breakdowns and step descriptions read well", () => {
  assert.equal(percent(null), "—");
  assert.equal(percent(0), "0%");
  assert.equal(percent(0.05), "5.0%");
  assert.equal(percent(0.125), "13%");
  assert.equal(breakdown({ cap_reached: 1, quiet_hours: 3, min_gap: 0 }), "quiet_hours 3 · cap_reached 1");
  assert.equal(describeStep({ id: "w", type: "wait", event: { event: "chat.message" }, timeout: "1d" }), "wait for chat.message (≤ 1d)");
  assert.equal(describeStep({ id: "t", type: "wait", until: { time: "10:00" } }), "wait until 10:00");
  assert.equal(describeStep({ id: "s", type: "split", variants: [{}, {}], holdoutPercent: 10 }), "A/B split · 2 variants + 10% holdout");
  assert.equal(describeStep({ id: "x", type: "teleport" }), "teleport");
});
