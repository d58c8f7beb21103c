// Unit tests of the Handover view's pure helpers (node:test; bundled by esbuild, see package.json "test").
import { test } from "node:test";
import assert from "node:assert/strict";
import { isOpen, parseCustomerIds, summarize } from "../src/handover";

test("customer ids split on commas, spaces and new lines, distinct, in order", () => {
  assert.deepEqual(parseCustomerIds(" c1, c2\nc3，c1  ;c4 "), ["c1", "c2", "c3", "c4"]);
  assert.deepEqual(parseCustomerIds("  \n "), []);
});

test("the summary lists non-zero counts in a fixed order", () => {
  const counts = { waiting: 1, completed: 2, refused: 0, limit: 3, cancelled: 0, failed: 0 };
  assert.equal(summarize({ counts }), "2 completed · 1 waiting · 3 limit");
  assert.equal(summarize({ counts: { ...counts, waiting: 0, completed: 0, limit: 0 } }), "no customers");
});

test("a handover is open until it has a finish time", () => {
  assert.equal(isOpen({ finishedAt: null }), true);
  assert.equal(isOpen({ finishedAt: "2026-06-01T12:00:00Z" }), false);
});
