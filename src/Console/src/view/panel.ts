// Right column: the customer 360 (identities, tags, journeys, cadence record, properties, lifecycle, RFM, LTV,
// timeline) or a group's figures.
import type { AppState } from "../state";
import type { CadenceDecisionView, CustomerJourneyView, CustomerView, GroupView } from "../types";
import type { Actions } from "./actions";
import { byId, el, replaceChildren } from "./dom";
import { fullTime, money, shortTime } from "./format";

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  return el("section", { class: "p-section" }, el("h3", { text: title }), ...body);
}

function kv(rows: [string, string | null | undefined][], testid?: string): HTMLElement {
  const dl = el("dl", { class: "kv", testid });
  for (const [k, v] of rows) {
    dl.appendChild(el("dt", { text: k }));
    dl.appendChild(el("dd", { text: v === null || v === undefined || v === "" ? "—" : v }));
  }
  return dl;
}

function score(label: string, value: number, detail: string): HTMLElement {
  const v = Math.max(0, Math.min(5, Math.round(value || 0)));
  return el(
    "div",
    { class: "score", title: detail },
    el("span", { class: "score-label", text: label }),
    el("span", { class: "pips", attrs: { "aria-label": `${v} of 5` } }, [1, 2, 3, 4, 5].map((i) => el("span", { class: i <= v ? "pip on" : "pip" }))),
    el("span", { class: "score-detail", text: detail }),
  );
}

const OUTCOMES: Record<string, { label: string; tone: string }> = {
  send: { label: "sent", tone: "good" },
  defer: { label: "deferred", tone: "radar" },
  drop: { label: "dropped", tone: "alert" },
  skip: { label: "skipped", tone: "alert" },
};

function byNewest<T>(rows: T[] | undefined, at: (r: T) => string): T[] {
  return [...(rows ?? [])].sort((a, b) => (Date.parse(at(b)) || 0) - (Date.parse(at(a)) || 0));
}

function journeyRow(j: CustomerJourneyView): HTMLElement {
  const waiting = j.awaitsEvent
    ? `waiting for ${j.awaitsEvent}${j.waitingUntil ? ` until ${shortTime(j.waitingUntil)}` : ""}`
    : j.waitingUntil
      ? `waiting until ${shortTime(j.waitingUntil)}`
      : "running";
  return el(
    "li",
    { class: "cj", testid: "customer-journey", data: { journey: j.journeyId, version: j.version, step: j.stepId, until: j.waitingUntil ?? undefined } },
    el("div", { class: "cj-top" }, el("span", { class: "cj-name", text: j.journeyId }), el("span", { class: "pill", text: `v${j.version}` }), el("span", { class: "chip-static", title: "Step", text: j.stepId })),
    el(
      "div",
      { class: "cj-meta" },
      el("span", { class: "cj-wait", title: j.waitingUntil ? fullTime(j.waitingUntil) : undefined, text: waiting }),
      el("time", { title: `Entered ${fullTime(j.enteredAt)}`, attrs: { datetime: j.enteredAt }, text: `since ${shortTime(j.enteredAt)}` }),
    ),
  );
}

function cadenceRow(c: CadenceDecisionView): HTMLElement {
  const o = OUTCOMES[c.outcome] ?? { label: c.outcome, tone: "other" };
  return el(
    "li",
    { class: `cd cd-${o.tone}`, testid: "cadence-row", data: { outcome: c.outcome, reason: c.reason, touch: c.touchId } },
    el(
      "div",
      { class: "cd-top" },
      el("span", { class: `badge tone-${o.tone}`, testid: "cadence-outcome", text: o.label }),
      el("span", { class: "cd-reason", testid: "cadence-reason", text: c.reason }),
      el("time", { title: fullTime(c.at), attrs: { datetime: c.at }, text: shortTime(c.at) }),
    ),
    el("div", { class: "cd-text", text: c.text }),
    el("div", { class: "cd-source", text: c.until ? `${c.source} · due again ${shortTime(c.until)}` : c.source }),
  );
}

export class PanelView {
  private readonly root = byId("panel");
  /** Message of the last failed panel action (tag), shown until the next render of another target. */
  private error: { target: string; text: string } | null = null;

  constructor(
    private readonly state: AppState,
    private readonly actions: Actions,
  ) {
    state.on("panel", () => this.render());
    state.on("status", () => this.render());
  }

  showError(target: string, text: string): void {
    this.error = { target, text };
    this.render();
  }

  render(): void {
    const p = this.state.panel;
    this.root.dataset["panel"] = p ? p.kind : "none";
    if (!p) {
      delete this.root.dataset["target"];
      replaceChildren(
        this.root,
        el(
          "div",
          { class: "panel-empty" },
          el("div", { class: "panel-empty-title", text: "Customer 360 · 客户画像" }),
          el("p", { text: "Select a conversation or a customer in the feed to see their profile, tags, RFM and timeline." }),
        ),
      );
      return;
    }
    // Keep what the agent is typing in the tag box across a refresh of the same customer.
    const oldInput = this.root.querySelector<HTMLInputElement>("#tag-input");
    const sameTarget = this.root.dataset["target"] === `${p.kind}:${p.id}`;
    const typed = sameTarget && oldInput ? oldInput.value : "";
    const hadFocus = sameTarget && oldInput !== null && document.activeElement === oldInput;
    this.root.dataset["target"] = `${p.kind}:${p.id}`;
    const errorText = this.error && this.error.target === `${p.kind}:${p.id}` ? this.error.text : null;
    if (p.kind === "customer") {
      const c = this.state.customers.get(p.id);
      replaceChildren(this.root, c ? this.customer(c, errorText) : this.loading(`Loading customer ${p.id}…`, errorText));
      const input = this.root.querySelector<HTMLInputElement>("#tag-input");
      if (input && typed) input.value = typed;
      if (input && hadFocus) input.focus();
    } else {
      const g = this.state.groups.get(p.id);
      replaceChildren(this.root, g ? this.group(g) : this.loading(`Loading group ${p.id}…`, errorText));
    }
  }

  private loading(text: string, err: string | null): HTMLElement {
    return el(
      "div",
      { class: "panel-empty" },
      this.closeButton(),
      el("p", { text: err ?? text }),
      err ? el("button", { class: "btn ghost", attrs: { type: "button" }, text: "Try again", on: { click: () => this.actions.reloadPanel() } }) : null,
    );
  }

  private closeButton(): HTMLElement {
    return el("button", {
      class: "panel-close",
      attrs: { type: "button", "aria-label": "Close panel" },
      title: "Close",
      text: "×",
      on: { click: () => this.actions.closePanel() },
    });
  }

  private customer(c: CustomerView, err: string | null): HTMLElement {
    const live = this.state.status === "live";
    const tagInput = el("input", {
      id: "tag-input",
      testid: "tag-input",
      attrs: { type: "text", placeholder: "Add a tag…", maxlength: 64, autocomplete: "off", disabled: !live },
    });
    const addTag = (): void => {
      const t = tagInput.value.trim();
      if (!t) return;
      tagInput.value = "";
      void this.actions.tag(c.customerId, t, false);
    };
    tagInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        addTag();
      }
    });

    const identities = Object.entries(c.identities ?? {});
    const props = Object.entries(c.properties ?? {});
    const rfm = c.rfm;
    const timeline = [...(c.timeline ?? [])].sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0)).slice(0, 60);

    return el(
      "div",
      { class: "p-customer", testid: "customer-panel", data: { customer: c.customerId, applied: c.appliedSequence } },
      this.closeButton(),
      el(
        "header",
        { class: "p-head" },
        el("h2", { testid: "customer-id", text: c.customerId }),
        el(
          "div",
          { class: "p-badges" },
          el("span", { class: `pill stage`, testid: "lifecycle", text: c.lifecycleStage || "unknown" }),
          c.known ? null : el("span", { class: "pill warn", text: "not yet known" }),
          rfm?.segment ? el("span", { class: "pill seg", title: "RFM segment", text: rfm.segment }) : null,
        ),
      ),
      el(
        "div",
        { class: "p-figures" },
        el("div", { class: "fig" }, el("span", { class: "fig-label", text: "LTV" }), el("span", { class: "fig-value", testid: "ltv", text: money(c.ltv) })),
        el("div", { class: "fig" }, el("span", { class: "fig-label", text: "Orders" }), el("span", { class: "fig-value", text: String(rfm?.frequency ?? 0) })),
        el(
          "div",
          { class: "fig" },
          el("span", { class: "fig-label", text: "Last active" }),
          el("span", { class: "fig-value small", title: fullTime(c.lastActiveAt), text: c.lastActiveAt ? shortTime(c.lastActiveAt) : "—" }),
        ),
      ),
      err ? el("div", { class: "p-error", attrs: { role: "alert" }, text: err }) : null,
      section(
        "Tags · 标签",
        el(
          "div",
          { class: "tags", testid: "tags" },
          (c.tags ?? []).length
            ? (c.tags ?? []).map((t) =>
                el(
                  "span",
                  { class: "tag", data: { tag: t } },
                  el("span", { text: t }),
                  el("button", {
                    class: "tag-x",
                    attrs: { type: "button", "aria-label": `Remove tag ${t}`, disabled: !live },
                    testid: `tag-remove-${t}`,
                    title: "Remove tag",
                    text: "×",
                    on: { click: () => void this.actions.tag(c.customerId, t, true) },
                  }),
                ),
              )
            : el("span", { class: "muted", text: "No tags" }),
        ),
        el(
          "div",
          { class: "tag-add" },
          tagInput,
          el("button", { class: "btn", id: "tag-add", testid: "tag-add", attrs: { type: "button", disabled: !live }, text: "Add", on: { click: addTag } }),
        ),
      ),
      section(
        "RFM",
        el(
          "div",
          { class: "rfm", testid: "rfm" },
          score("R", rfm?.recencyScore ?? 0, rfm?.recencyDays === null || rfm?.recencyDays === undefined ? "no purchase" : `${rfm.recencyDays} days since last purchase`),
          score("F", rfm?.frequencyScore ?? 0, `${rfm?.frequency ?? 0} purchase${(rfm?.frequency ?? 0) === 1 ? "" : "s"}`),
          score("M", rfm?.monetaryScore ?? 0, `${money(rfm?.monetary)} spent`),
        ),
      ),
      section(
        "Journeys · 旅程",
        (c.journeys ?? []).length
          ? el("ul", { class: "cjs", testid: "customer-journeys" }, byNewest(c.journeys, (j) => j.enteredAt).map(journeyRow))
          : el("p", { class: "muted", testid: "customer-journeys-empty", text: "In no journey now" }),
      ),
      section(
        "Cadence · 触达记录",
        (c.cadence ?? []).length
          ? el("ol", { class: "cds", testid: "cadence" }, byNewest(c.cadence, (d) => d.at).map(cadenceRow))
          : el("p", { class: "muted", testid: "cadence-empty", text: "No touches decided yet" }),
      ),
      section(
        "Ownership · 归属",
        kv([
          ["Persona", c.ownerPersonaId],
          ["Agent", c.ownerAgentId],
          ["Source", c.sourceChannel],
          ["Referred by", c.referredBy],
          ["Added", c.addedAt ? fullTime(c.addedAt) : null],
        ]),
      ),
      section("Identities · 身份", identities.length ? kv(identities, "identities") : el("p", { class: "muted", text: "None" })),
      section("Properties · 属性", props.length ? kv(props, "properties") : el("p", { class: "muted", text: "None" })),
      section(
        "Timeline · 轨迹",
        timeline.length
          ? el(
              "ol",
              { class: "timeline", testid: "timeline" },
              timeline.map((t) =>
                el(
                  "li",
                  { data: { kind: t.kind, event: t.eventId ?? undefined } },
                  el("time", { title: fullTime(t.at), attrs: { datetime: t.at }, text: shortTime(t.at) }),
                  el("span", { class: "tl-kind", text: t.kind }),
                  el("span", { class: "tl-text", text: t.summary }),
                ),
              ),
            )
          : el("p", { class: "muted", text: "Nothing yet" }),
      ),
    );
  }

  private group(g: GroupView): HTMLElement {
    const a = g.activity;
    const fill = g.sizeCap > 0 ? Math.min(100, Math.round((g.memberCount / g.sizeCap) * 100)) : 0;
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    const capacityFill = el("div", { class: "capacity-fill" });
    capacityFill.style.width = `${fill}%`;
    const members = [...(g.members ?? [])].sort((x, y) => y.messages - x.messages).slice(0, 30);
    const recent = [...(g.recentMessages ?? [])].slice(-30).reverse();
    return el(
      "div",
      { class: "p-group", testid: "group-panel", data: { group: g.groupId, applied: g.appliedSequence } },
      this.closeButton(),
      el(
        "header",
        { class: "p-head" },
        el("h2", { text: g.name || g.groupId }),
        el("div", { class: "p-badges" }, el("span", { class: "pill", text: `# ${g.groupId}` }), g.ownerPersonaId ? el("span", { class: "pill", text: `persona ${g.ownerPersonaId}` }) : null),
      ),
      el(
        "div",
        { class: "capacity", title: `${g.memberCount} of ${g.sizeCap}` },
        el("div", { class: "capacity-bar" }, capacityFill),
        el("span", { text: `${g.memberCount} / ${g.sizeCap} members` }),
      ),
      section(
        "Activity · 活跃度",
        kv([
          ["Messages (24h)", String(a?.messagesLast24h ?? 0)],
          ["Messages (all)", String(a?.messagesTotal ?? 0)],
          ["Active members (7d)", String(a?.activeMembersLast7d ?? 0)],
          ["Joins / leaves", `${a?.joinsTotal ?? 0} / ${a?.leavesTotal ?? 0}`],
          ["Refused joins (full)", String(a?.refusedJoins ?? 0)],
          ["Last activity", a?.lastActivityAt ? fullTime(a.lastActivityAt) : null],
        ]),
      ),
      section(
        "Recent messages",
        recent.length
          ? el(
              "ol",
              { class: "timeline" },
              recent.map((m) =>
                el(
                  "li",
                  null,
                  el("time", { title: fullTime(m.at), text: shortTime(m.at) }),
                  m.customerId
                    ? el("button", { class: "chip chip-customer", attrs: { type: "button" }, text: m.customerId, on: { click: () => this.actions.openCustomer(m.customerId ?? "") } })
                    : el("span", { class: "tl-kind", text: "system" }),
                  el("span", { class: "tl-text", text: m.text }),
                ),
              ),
            )
          : el("p", { class: "muted", text: "No messages yet" }),
      ),
      section(
        "Most active members",
        members.length
          ? el(
              "ul",
              { class: "members" },
              members.map((m) =>
                el(
                  "li",
                  null,
                  el("button", { class: "chip chip-customer", attrs: { type: "button" }, text: m.customerId, on: { click: () => this.actions.openCustomer(m.customerId) } }),
                  el("span", { class: "muted", text: `${m.messages} msgs` }),
                ),
              ),
            )
          : el("p", { class: "muted", text: "No members" }),
      ),
    );
  }
}
