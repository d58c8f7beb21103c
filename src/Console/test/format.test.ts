import { test } from "node:test";
import assert from "node:assert/strict";
import { kindInfo } from "../src/view/format";

test("a dead-group alert is told apart from other group alerts by its event id", () => {
  assert.equal(kindInfo("alert.group", "dead:g1:638700000000000000").label, "Dead group");
  assert.equal(kindInfo("alert.group", "spam:g1:m7").label, "Group alert");
  assert.equal(kindInfo("alert.group", null).label, "Group alert");
  assert.equal(kindInfo("message.group", "dead:looks-alike").label, "Group");
});

test("an unknown kind shows its own name", () => {
  assert.equal(kindInfo("something.new").label, "something.new");
});
