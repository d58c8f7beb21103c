// Unit tests of the scripts drawer's pure rules: filtering the library and building the rich reply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { filterScripts, replyContent } from "../src/view/scripts";
import type { Script } from "../src/types";

const script = (scriptId: string, category: string, name: string, text: string): Script => ({
  scriptId, category, name, text, version: 1, updatedBy: "a1", updatedAt: "2026-06-01T12:00:00Z",
});

const lib = [
  script("welcome", "Greeting", "欢迎语", "{{customer.name}}你好"),
  script("hours", "Store", "Store hours", "10:00–22:00"),
  script("promo", "Promotion", "会员日", "全场 8 折"),
];

test("search matches name, text and category; the category narrows it", () => {
  assert.deepEqual(filterScripts(lib, "", "All").map((s) => s.scriptId), ["welcome", "hours", "promo"]);
  assert.deepEqual(filterScripts(lib, "8 折", "All").map((s) => s.scriptId), ["promo"]);
  assert.deepEqual(filterScripts(lib, "STORE", "All").map((s) => s.scriptId), ["hours"]);
  assert.deepEqual(filterScripts(lib, "", "Greeting").map((s) => s.scriptId), ["welcome"]);
  assert.deepEqual(filterScripts(lib, "8 折", "Greeting"), []);
});

test("plain text without a script is not a rich reply", () => {
  assert.equal(replyContent("hi", null, null), null);
  assert.deepEqual(replyContent(" hi ", null, "welcome"), { kind: "text", text: "hi", scriptId: "welcome" });
});

test("attachments become image, link and material replies", () => {
  const a = (kind: "image" | "link" | "material", url = "", title = "", materialId = "") => ({ kind, url, title, materialId });
  assert.deepEqual(replyContent("", a("image", " https://x.test/a.jpg "), null), { kind: "image", mediaUrl: "https://x.test/a.jpg", text: null, scriptId: null });
  assert.deepEqual(replyContent("see", a("link", "https://x.test", "Guide"), "s1"), { kind: "link", url: "https://x.test", title: "Guide", text: "see", scriptId: "s1" });
  assert.deepEqual(replyContent("", a("material", "", "", "serum-guide"), null),
    { kind: "material", materialId: "serum-guide", url: null, title: null, text: null, scriptId: null });
});
