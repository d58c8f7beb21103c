// The Handover view (客户继承), for supervisors: pick a persona, the giving and receiving agent and the kind
// (在职继承 / 离职继承), optionally a list of customers, and follow each handover's per-customer states. WeCom's rules
// are applied by the server; this page only shows what it answers. Reuses the Journeys view's layout classes.
import { HandoverClient, parseCustomerIds, STATE_LABEL, summarize } from "../handover";
import type { AppState } from "../state";
import type { HandoverKind, HandoverView as Handover } from "../types";
import { byId, el, replaceChildren } from "./dom";
import { fullTime, shortTime } from "./format";

export class HandoverView {
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly persona = el("select", { testid: "handover-persona", attrs: { "aria-label": "Persona" } });
  private readonly from = el("select", { testid: "handover-from", attrs: { "aria-label": "From agent" } });
  private readonly to = el("select", { testid: "handover-to", attrs: { "aria-label": "To agent" } });
  private readonly kind = el(
    "select",
    { testid: "handover-kind", attrs: { "aria-label": "Kind" } },
    el("option", { attrs: { value: "onTheJob" }, text: "On the job · 在职继承" }),
    el("option", { attrs: { value: "resigned" }, text: "Resigned · 离职继承" }),
  );
  private readonly customers = el("textarea", {
    testid: "handover-customers",
    attrs: { rows: 3, "aria-label": "Customer ids", placeholder: "Customer ids (blank: all of the giving agent's customers)" },
  });
  private readonly submit = el("button", { class: "btn primary", testid: "handover-submit", attrs: { type: "submit" }, text: "Hand over" });

  constructor(
    private readonly state: AppState,
    private readonly client: HandoverClient,
  ) {
    // Existing layout classes only (the page's CSP allows no inline styles): a .fig box holding a .kv label/control grid.
    const form = el(
      "form",
      { class: "fig", testid: "handover-form" },
      el("div", { class: "kv" }, pair("Persona", this.persona), pair("From", this.from), pair("To", this.to), pair("Kind", this.kind), pair("Customers", this.customers)),
      el("p", { class: "muted", text: "WeCom rules: the takeover completes after the waiting period; on-the-job transfers may be refused and are capped at two per customer in 90 days." }),
      this.submit,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.create();
    });
    this.persona.addEventListener("change", () => this.selectPersona());
    this.list = el("div", { testid: "handover-list" });
    this.detail = el("section", { class: "j-detail-scroll", testid: "handover-detail", attrs: { "aria-label": "Handover" } });
    this.root = el(
      "main",
      { id: "handover", class: "journeys", testid: "handover-view", attrs: { "aria-label": "Handover", hidden: true } },
      el("nav", { class: "j-list" }, el("div", { class: "j-list-head" }, "Handover · 客户继承"), form, this.list),
      this.detail,
    );
    byId("app").appendChild(this.root);
    state.on("view", () => this.render());
    state.on("personas", () => this.fillPersonas());
  }

  /** Called by the client after every change. */
  render(): void {
    const on = this.state.view === "handover";
    this.root.hidden = !on;
    this.client.setVisible(on);
    if (!on) return;
    if (!this.state.agent?.supervisor) {
      replaceChildren(this.list, el("p", { class: "empty", testid: "handover-denied", text: "Only supervisors hand customers over." }));
      replaceChildren(this.detail);
      return;
    }
    if (this.persona.options.length === 0) this.fillPersonas();
    const page = this.client.page;
    this.submit.disabled = page.busy;
    replaceChildren(
      this.list,
      page.error ? el("p", { class: "center-error", testid: "handover-error", attrs: { role: "alert" }, text: page.error }) : null,
      page.list.length
        ? el("ul", { class: "j-items" }, page.list.map((h) => this.row(h, h.handoverId === page.open?.handoverId)))
        : el("p", { class: "empty", text: "No handover for this persona yet." }),
    );
    this.renderDetail(page.open);
  }

  private fillPersonas(): void {
    const keep = this.persona.value;
    replaceChildren(
      this.persona,
      [...this.state.personas.values()].map((p) => el("option", { attrs: { value: p.view.personaId, selected: p.view.personaId === keep }, text: p.view.name || p.view.personaId })),
    );
    this.selectPersona();
  }

  private selectPersona(): void {
    const p = this.state.personas.get(this.persona.value);
    const agents = p?.view.agentIds ?? [];
    for (const select of [this.from, this.to]) {
      const keep = select.value;
      replaceChildren(select, agents.map((a) => el("option", { attrs: { value: a, selected: a === keep }, text: a })));
    }
    if (agents.length > 1 && this.to.value === this.from.value) this.to.value = agents.find((a) => a !== this.from.value) ?? "";
    if (p && this.state.view === "handover" && this.state.agent?.supervisor) void this.client.load(p.view.personaId);
  }

  private async create(): Promise<void> {
    const ids = parseCustomerIds(this.customers.value);
    const ok = await this.client.create({
      personaId: this.persona.value,
      fromAgentId: this.from.value,
      toAgentId: this.to.value,
      kind: this.kind.value as HandoverKind,
      ...(ids.length ? { customerIds: ids } : {}),
    });
    if (ok) this.customers.value = "";
  }

  private row(h: Handover, active: boolean): HTMLElement {
    return el(
      "li",
      { class: active ? "j-item active" : "j-item", testid: `handover-row-${h.handoverId}`, on: { click: () => void this.client.open(h.handoverId) } },
      el("div", { class: "j-name", text: `${h.fromAgentId} → ${h.toAgentId}` }),
      el("div", { class: "muted", text: `${h.kind === "resigned" ? "离职继承" : "在职继承"} · ${shortTime(h.createdAt)} · ${summarize(h)}` }),
    );
  }

  private renderDetail(h: Handover | null): void {
    if (!h) return replaceChildren(this.detail, el("p", { class: "empty", text: "Pick a handover, or start one on the left." }));
    const cancel = !h.finishedAt
      ? el("button", { class: "btn ghost small", testid: "handover-cancel", attrs: { type: "button" }, on: { click: () => void this.client.cancel(h.handoverId) } }, "Cancel waiting customers")
      : null;
    replaceChildren(
      this.detail,
      el("h2", { text: `${h.fromAgentId} → ${h.toAgentId}` }),
      el(
        "p",
        { class: "muted", testid: "handover-status" },
        `${h.kind === "resigned" ? "Resigned · 离职继承" : "On the job · 在职继承"} · takeover ${h.finishedAt ? `finished ${fullTime(h.finishedAt)}` : `due ${fullTime(h.dueAt)}`} · ${summarize(h)}`,
      ),
      cancel,
      el(
        "table",
        { class: "j-table", testid: "handover-customers-table" },
        el("thead", null, el("tr", null, el("th", { text: "Customer" }), el("th", { text: "State" }), el("th", { text: "Why" }))),
        el(
          "tbody",
          null,
          h.customers.map((c) =>
            el("tr", { data: { state: c.state } }, el("td", { text: c.customerId }), el("td", { text: STATE_LABEL[c.state] ?? c.state }), el("td", { class: "muted", text: c.reason ?? "" })),
          ),
        ),
      ),
    );
  }
}

let fieldSeq = 0;

/** A label cell and its control cell for the .kv grid. */
function pair(text: string, control: HTMLElement): HTMLElement[] {
  control.id ||= `handover-field-${++fieldSeq}`;
  return [el("label", { class: "top-label", text, attrs: { for: control.id } }), control];
}
