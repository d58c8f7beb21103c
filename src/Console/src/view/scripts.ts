// The persona's script library (话术) beside the reply box, and the attachment control for rich replies
// (image, link, material). Scripts are filled for the open customer on the server and inserted into the reply box.
import type { AppState } from "../state";
import type { OutboxMessage, RenderedScript, ReplyContent, ReplyKind, Script, ScriptDraft, ScriptLibraryView } from "../types";
import { errorText, newId } from "../util";
import { byId, el, replaceChildren } from "./dom";

/** What the drawer asks the controller to do (the controller owns the hub). */
export interface ScriptActions {
  listScripts(personaId: string): Promise<ScriptLibraryView>;
  saveScript(personaId: string, scriptId: string, draft: ScriptDraft, expectedVersion: number | null): Promise<Script>;
  deleteScript(personaId: string, scriptId: string, expectedVersion: number | null): Promise<void>;
  renderScript(personaId: string, customerId: string, scriptId: string): Promise<RenderedScript>;
  sendRich(personaId: string, customerId: string, content: ReplyContent, clientMessageId: string): Promise<OutboxMessage>;
}

interface Attachment {
  kind: Exclude<ReplyKind, "text">;
  url: string;
  title: string;
  materialId: string;
}

const ALL = "All";

/** Scripts matching a search and a category, by category then name. Pure, for the view and its tests. */
export function filterScripts(scripts: readonly Script[], query: string, category: string): Script[] {
  const q = query.trim().toLowerCase();
  return scripts.filter(
    (s) =>
      (category === ALL || s.category === category) &&
      (!q || s.name.toLowerCase().includes(q) || s.text.toLowerCase().includes(q) || s.category.toLowerCase().includes(q)),
  );
}

/** The reply the composer sends: null when it is plain text with no script (the ordinary Reply path). Pure. */
export function replyContent(text: string, attachment: Attachment | null, scriptId: string | null): ReplyContent | null {
  const t = text.trim() || null;
  if (!attachment) return scriptId && t ? { kind: "text", text: t, scriptId } : null;
  const base = { text: t, scriptId };
  switch (attachment.kind) {
    case "image":
      return { kind: "image", mediaUrl: attachment.url.trim(), ...base };
    case "link":
      return { kind: "link", url: attachment.url.trim(), title: attachment.title.trim(), ...base };
    case "material":
      return {
        kind: "material",
        materialId: attachment.materialId.trim(),
        url: attachment.url.trim() || null,
        title: attachment.title.trim() || null,
        ...base,
      };
  }
}

export class ScriptsDrawer {
  private readonly composer = byId<HTMLFormElement>("composer");
  private readonly input = byId<HTMLTextAreaElement>("reply-input");
  private readonly drawer = el("aside", { class: "scripts-drawer", testid: "scripts-drawer", attrs: { hidden: true } });
  private readonly attachBar = el("div", { class: "attach-bar", testid: "attach-bar" });
  private readonly toggle = el("button", {
    class: "btn ghost",
    testid: "scripts-toggle",
    attrs: { type: "button", title: "Script library (话术)" },
    text: "话术",
    on: { click: () => this.setOpen(this.drawer.hidden !== false) },
  });
  private library: ScriptLibraryView | null = null;
  private libraryPersona: string | null = null;
  private query = "";
  private category = ALL;
  private editing: { scriptId: string; version: number | null } | null = null;
  private error: string | null = null;
  private attachment: Attachment | null = null;
  private scriptId: string | null = null;
  /** Kept until the send succeeds, so pressing Send again after a failure cannot send twice. */
  private clientMessageId: string | null = null;

  constructor(
    private readonly state: AppState,
    private readonly actions: ScriptActions,
  ) {
    this.composer.before(this.drawer);
    this.composer.before(this.attachBar);
    this.composer.insertBefore(this.toggle, this.composer.firstChild);
    state.on("selection", () => {
      if (this.state.selectedPersonaId !== this.libraryPersona) this.library = null;
      this.clearAttachment();
      if (!this.drawer.hidden) void this.load();
      this.renderAttach();
    });
    state.onFeed((a) => {
      if (a.ownerKind !== "persona" || a.ownerId !== this.libraryPersona) return;
      if (a.items.some((i) => i.kind === "scripts.changed") && !this.drawer.hidden) void this.load();
    });
    this.renderAttach();
  }

  hasAttachment(): boolean {
    return this.attachment !== null;
  }

  /** Sends the composer's content through Send when it has an attachment or came from a script; null otherwise. */
  sendIfRich(text: string): Promise<boolean> | null {
    const pid = this.state.selectedPersonaId;
    const cid = this.state.selectedCustomerId;
    const content = replyContent(text, this.attachment, this.scriptId);
    if (!pid || !cid || !content) return null;
    this.clientMessageId ??= newId();
    const id = this.clientMessageId;
    return this.actions.sendRich(pid, cid, content, id).then(
      () => {
        if (this.clientMessageId === id) this.clearAttachment();
        this.renderAttach();
        return true;
      },
      (e: unknown) => {
        if (!this.input.value) this.input.value = text;
        this.error = `Not sent: ${errorText(e)}`;
        this.renderAttach();
        return false;
      },
    );
  }

  private setOpen(open: boolean): void {
    this.drawer.hidden = !open;
    this.toggle.classList.toggle("active", open);
    if (open) void this.load();
  }

  private async load(): Promise<void> {
    const pid = this.state.selectedPersonaId;
    if (!pid) return;
    try {
      const lib = await this.actions.listScripts(pid);
      if (pid !== this.state.selectedPersonaId) return;
      this.library = lib;
      this.libraryPersona = pid;
      this.error = null;
    } catch (e) {
      this.error = `Could not load the scripts: ${errorText(e)}`;
    }
    this.render();
  }

  private render(): void {
    const scripts = this.library?.scripts ?? [];
    const categories = [ALL, ...new Set(scripts.map((s) => s.category))];
    if (!categories.includes(this.category)) this.category = ALL;
    const shown = filterScripts(scripts, this.query, this.category);
    const search = el("input", {
      class: "scripts-search",
      testid: "scripts-search",
      attrs: { type: "search", placeholder: "Search scripts…", value: this.query },
      on: {
        input: (e) => {
          this.query = (e.target as HTMLInputElement).value;
          this.renderList();
        },
      },
    });
    replaceChildren(
      this.drawer,
      el(
        "div",
        { class: "scripts-head" },
        search,
        el("button", { class: "btn ghost", testid: "script-new", attrs: { type: "button" }, text: "+ New", on: { click: () => this.edit(null) } }),
      ),
      el(
        "div",
        { class: "scripts-cats" },
        categories.map((c) =>
          el("button", {
            class: `chip${c === this.category ? " active" : ""}`,
            testid: "script-category",
            attrs: { type: "button" },
            data: { category: c },
            text: c,
            on: {
              click: () => {
                this.category = c;
                this.render();
              },
            },
          }),
        ),
      ),
      this.error ? el("div", { class: "scripts-error", testid: "scripts-error", text: this.error }) : null,
      this.editing && !scripts.some((s) => s.scriptId === this.editing?.scriptId) ? this.form(null) : null,
      el("div", { class: "scripts-list", testid: "scripts-list" }, shown.map((s) => this.row(s))),
      shown.length === 0 && !this.editing ? el("div", { class: "muted", text: this.library ? "No scripts match." : "Loading…" }) : null,
    );
  }

  private renderList(): void {
    const list = this.drawer.querySelector(".scripts-list");
    if (list) replaceChildren(list, filterScripts(this.library?.scripts ?? [], this.query, this.category).map((s) => this.row(s)));
  }

  private row(s: Script): HTMLElement {
    if (this.editing?.scriptId === s.scriptId) return this.form(s);
    const extra = s.imageUrl ? "🖼 image" : s.materialId ? `📎 ${s.materialId}` : s.linkUrl ? `🔗 ${s.linkTitle ?? s.linkUrl}` : null;
    return el(
      "div",
      { class: "script-row", testid: "script-row", data: { "script-id": s.scriptId, version: s.version } },
      el(
        "div",
        { class: "script-main" },
        el("div", { class: "script-name", text: s.name }, el("span", { class: "muted", text: ` · ${s.category}` })),
        el("div", { class: "script-text", text: s.text }),
        el("div", { class: "muted small", text: `${extra ? `${extra} · ` : ""}edited by @${s.updatedBy}` }),
      ),
      el(
        "div",
        { class: "script-actions" },
        el("button", { class: "btn primary", testid: "script-insert", attrs: { type: "button" }, text: "Insert", on: { click: () => void this.insert(s) } }),
        el("button", { class: "link", testid: "script-edit", attrs: { type: "button" }, text: "Edit", on: { click: () => this.edit(s) } }),
        el("button", { class: "link muted", testid: "script-delete", attrs: { type: "button" }, text: "Delete", on: { click: () => void this.remove(s) } }),
      ),
    );
  }

  private edit(s: Script | null): void {
    this.editing = s ? { scriptId: s.scriptId, version: s.version } : { scriptId: "", version: 0 };
    this.render();
  }

  private form(s: Script | null): HTMLElement {
    const field = (name: string, label: string, value: string | null | undefined, multiline = false) => {
      const attrs = { name, "aria-label": label, placeholder: label };
      const input = multiline
        ? el("textarea", { testid: `script-${name}`, attrs: { ...attrs, rows: 3, maxlength: 2000 } })
        : el("input", { testid: `script-${name}`, attrs: { ...attrs, type: "text" } });
      input.value = value ?? "";
      return input;
    };
    const form = el(
      "form",
      { class: "script-form", testid: "script-form" },
      s ? null : field("id", "Id (letters, digits, - _)", ""),
      field("name", "Name", s?.name),
      field("category", "Category", s?.category),
      field("text", "Text — {{customer.name}} {{persona.name}} {{agent.name}}", s?.text, true),
      field("imageUrl", "Image URL (optional)", s?.imageUrl),
      field("linkUrl", "Link URL (optional)", s?.linkUrl),
      field("linkTitle", "Link title (optional)", s?.linkTitle),
      field("materialId", "Material id (optional)", s?.materialId),
      el(
        "div",
        { class: "script-actions" },
        el("button", { class: "btn primary", testid: "script-save", attrs: { type: "submit" }, text: "Save" }),
        el("button", { class: "link muted", attrs: { type: "button" }, text: "Cancel", on: { click: () => { this.editing = null; this.render(); } } }),
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const v = (n: string) => ((form.elements.namedItem(n) as HTMLInputElement | null)?.value ?? "").trim();
      const opt = (n: string) => v(n) || null;
      const draft: ScriptDraft = {
        name: v("name"),
        category: opt("category"),
        text: v("text"),
        imageUrl: opt("imageUrl"),
        linkUrl: opt("linkUrl"),
        linkTitle: opt("linkTitle"),
        materialId: opt("materialId"),
      };
      void this.save(s ? s.scriptId : v("id"), draft, s ? s.version : 0);
    });
    return form;
  }

  private async save(scriptId: string, draft: ScriptDraft, version: number): Promise<void> {
    const pid = this.state.selectedPersonaId;
    if (!pid) return;
    try {
      await this.actions.saveScript(pid, scriptId, draft, version);
      this.editing = null;
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
    await this.load();
  }

  private async remove(s: Script): Promise<void> {
    const pid = this.state.selectedPersonaId;
    if (!pid || !confirm(`Delete the script “${s.name}”?`)) return;
    try {
      await this.actions.deleteScript(pid, s.scriptId, s.version);
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
    await this.load();
  }

  private async insert(s: Script): Promise<void> {
    const pid = this.state.selectedPersonaId;
    const cid = this.state.selectedCustomerId;
    if (!pid || !cid) return;
    try {
      const r = await this.actions.renderScript(pid, cid, s.scriptId);
      const at = this.input.selectionStart ?? this.input.value.length;
      const end = this.input.selectionEnd ?? at;
      this.input.value = this.input.value.slice(0, at) + r.text + this.input.value.slice(end);
      this.input.dispatchEvent(new Event("input"));
      this.scriptId = r.scriptId;
      this.clientMessageId = null;
      if (r.imageUrl) this.attachment = { kind: "image", url: r.imageUrl, title: "", materialId: "" };
      else if (r.materialId) this.attachment = { kind: "material", url: r.linkUrl ?? "", title: r.linkTitle ?? "", materialId: r.materialId };
      else if (r.linkUrl) this.attachment = { kind: "link", url: r.linkUrl, title: r.linkTitle ?? "", materialId: "" };
      this.renderAttach();
      this.input.focus();
    } catch (e) {
      this.error = `Could not insert: ${errorText(e)}`;
      this.render();
    }
  }

  private clearAttachment(): void {
    this.attachment = null;
    this.scriptId = null;
    this.clientMessageId = null;
    this.error = null;
  }

  private renderAttach(): void {
    const a = this.attachment;
    const kind = el("select", {
      testid: "attach-kind",
      attrs: { "aria-label": "Attachment" },
      on: {
        change: (e) => {
          const k = (e.target as HTMLSelectElement).value as Attachment["kind"] | "";
          this.attachment = k ? { kind: k, url: a?.url ?? "", title: a?.title ?? "", materialId: a?.materialId ?? "" } : null;
          this.clientMessageId = null;
          this.renderAttach();
        },
      },
    });
    for (const [value, label] of [["", "📎 Attach…"], ["image", "Image"], ["link", "Link"], ["material", "Material"]] as const) {
      const o = el("option", { attrs: { value }, text: label });
      o.selected = (a?.kind ?? "") === value;
      kind.appendChild(o);
    }
    const input = (key: "url" | "title" | "materialId", testid: string, placeholder: string) => {
      const i = el("input", {
        testid,
        attrs: { type: "text", placeholder, "aria-label": placeholder },
        on: {
          input: (e) => {
            if (this.attachment) this.attachment[key] = (e.target as HTMLInputElement).value;
            this.clientMessageId = null;
          },
        },
      });
      i.value = a?.[key] ?? "";
      return i;
    };
    replaceChildren(
      this.attachBar,
      kind,
      a?.kind === "image" ? input("url", "attach-url", "https://… image URL") : null,
      a?.kind === "link" ? [input("url", "attach-url", "https://… link"), input("title", "attach-title", "Title")] : null,
      a?.kind === "material" ? [input("materialId", "attach-material", "Material id"), input("url", "attach-url", "Link (optional)")] : null,
      this.scriptId ? el("span", { class: "chip", testid: "attach-script", text: `话术 ${this.scriptId}` }) : null,
      a || this.scriptId
        ? el("button", { class: "link muted", testid: "attach-clear", attrs: { type: "button" }, text: "✕", on: { click: () => { this.clearAttachment(); this.renderAttach(); } } })
        : null,
      this.error && !this.drawer.contains(document.activeElement) ? el("span", { class: "scripts-error", testid: "attach-error", text: this.error }) : null,
    );
    this.attachBar.hidden = this.state.selectedCustomerId === null;
    // The composer re-checks whether Send is enabled (an image needs no text).
    this.input.dispatchEvent(new Event("input"));
  }
}
