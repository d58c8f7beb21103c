// The Groups view (社群): the selected persona's groups on the left (members/cap, messages in 24 h, last activity,
// alert badge); on the right the open group: figures, alerts, members with their role, recent messages, and a box to
// post into the group as the persona. Reuses the Journeys view's layout classes.
import { silence } from "../groups";
import type { AppState } from "../state";
import type { GroupSummary, GroupView } from "../types";
import { byId, el, replaceChildren } from "./dom";
import { fullTime, shortTime } from "./format";

/** What the Groups view may ask of the controller. */
export interface GroupActions {
  showGroupsOf(personaId: string): void;
  selectGroup(groupId: string): void;
  postToGroup(text: string): Promise<boolean>;
  openCustomer(customerId: string): void;
}

const ALERT_LABEL: Record<string, string> = { full: "Full · 满员", spam: "Spam · 刷屏", harassment: "Harassment · 骚扰", dead: "Dead group · 沉寂" };

function fig(label: string, value: string, testid: string, title?: string): HTMLElement {
  return el("div", { class: "fig", title }, el("span", { class: "fig-label", text: label }), el("span", { class: "fig-value", testid, text: value }));
}

export class GroupsView {
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly form: HTMLFormElement;

  constructor(
    private readonly state: AppState,
    private readonly actions: GroupActions,
  ) {
    // index.html has no slot for this view: it is built here, beside the Journeys view, with the same layout.
    this.list = el("nav", { class: "j-list", testid: "group-list", attrs: { "aria-label": "Groups" } });
    this.detail = el("section", { class: "j-detail-scroll", attrs: { "aria-label": "Group" } });
    this.root = el("main", { id: "groups", class: "journeys", testid: "groups-view", attrs: { "aria-label": "Groups", hidden: true } }, this.list, this.detail);
    byId("app").appendChild(this.root);
    this.input = el("textarea", { testid: "group-post-input", attrs: { rows: 2, maxlength: 4000, "aria-label": "Post to the group" } });
    this.send = el("button", { class: "btn primary", testid: "group-post-send", attrs: { type: "submit" }, text: "Post" });
    this.form = el("form", { class: "composer", testid: "group-post-box" }, this.input, this.send);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        void this.submit();
      }
    });
    this.input.addEventListener("input", () => this.renderComposer());
    state.on("view", () => this.render());
    state.on("groups", () => this.render());
    state.on("personas", () => this.render());
    state.on("status", () => this.renderComposer());
  }

  render(): void {
    const on = this.state.view === "groups";
    this.root.hidden = !on;
    if (!on) return;
    this.renderList();
    const top = this.detail.scrollTop;
    this.renderDetail();
    this.detail.scrollTop = top;
  }

  private renderList(): void {
    const g = this.state.groupsView;
    const personas = [...this.state.personas.values()];
    const picker =
      personas.length > 1
        ? el(
            "select",
            { testid: "group-persona", attrs: { "aria-label": "Persona" }, on: { change: (e) => this.actions.showGroupsOf((e.target as HTMLSelectElement).value) } },
            personas.map((p) => el("option", { attrs: { value: p.view.personaId, selected: p.view.personaId === g.personaId }, text: p.view.name || p.view.personaId })),
          )
        : null;
    const head = el("div", { class: "j-list-head" }, "Groups · 社群", picker);
    if (!g.loaded) return replaceChildren(this.list, head, el("p", { class: "empty", text: g.error ?? "Loading groups…" }));
    if (!g.list.length) return replaceChildren(this.list, head, el("p", { class: "empty", text: "This persona owns no group yet." }));
    replaceChildren(this.list, head, el("ul", { class: "j-items" }, g.list.map((row) => this.row(row, row.groupId === g.selectedId))));
  }

  private row(g: GroupSummary, active: boolean): HTMLElement {
    return el(
      "li",
      {
        class: `j-item${active ? " active" : ""}`,
        testid: "group-row",
        data: { group: g.groupId, alerts: g.alertCount },
        attrs: { tabindex: 0, role: "button", "aria-current": active ? "true" : null },
        on: {
          click: () => this.actions.selectGroup(g.groupId),
          keydown: (e) => {
            if (e.key === "Enter") this.actions.selectGroup(g.groupId);
          },
        },
      },
      el(
        "div",
        { class: "j-item-top" },
        el("span", { class: "j-item-name", text: g.name || g.groupId }),
        g.alertCount > 0 ? el("span", { class: "pill warn", testid: "group-alert-badge", title: "alerts", text: `⚠ ${g.alertCount}` }) : null,
      ),
      el(
        "div",
        { class: "j-item-meta" },
        el("span", { testid: "group-row-members", text: `${g.memberCount}/${g.sizeCap} members` }),
        el("span", { testid: "group-row-today", text: `${g.messagesLast24h} msgs 24h` }),
        el("span", { title: fullTime(g.lastActivityAt), text: g.lastActivityAt ? shortTime(g.lastActivityAt) : "—" }),
      ),
    );
  }

  private renderDetail(): void {
    const s = this.state.groupsView;
    const g = s.selectedId ? this.state.groups.get(s.selectedId) : undefined;
    if (!s.selectedId) return replaceChildren(this.detail, el("p", { class: "empty", text: "Select a group on the left." }));
    if (!g) return replaceChildren(this.detail, el("p", { class: "empty", text: `Loading group ${s.selectedId}…` }));
    const a = g.activity;
    const alerts = g.alerts ?? [];
    const admins = g.members.filter((m) => m.role === "admin").length;
    replaceChildren(
      this.detail,
      el(
        "div",
        { class: "j-detail", testid: "group-detail", data: { group: g.groupId, applied: g.appliedSequence } },
        el(
          "header",
          { class: "j-head" },
          el("div", { class: "j-head-main" }, el("h2", { testid: "group-title", text: g.name || g.groupId }), el("span", { class: "muted", text: `# ${g.groupId}` })),
          el("div", { class: "j-head-side" }, el("span", { class: "pill", testid: "group-owner", text: `owner: persona ${g.ownerPersonaId ?? "—"}` })),
        ),
        el(
          "div",
          { class: "j-figures" },
          fig("Members", `${g.memberCount}/${g.sizeCap}`, "group-fig-members"),
          fig("Messages 24h", String(a.messagesLast24h), "group-fig-today"),
          fig("Active 7d", String(a.activeMembersLast7d), "group-fig-active"),
          fig("Silence", silence(a.lastActivityAt, Date.now()), "group-fig-silence", fullTime(a.lastActivityAt)),
          fig("Joins / leaves", `${a.joinsTotal} / ${a.leavesTotal}`, "group-fig-joins"),
          fig("Refused (full)", String(a.refusedJoins), "group-fig-refused"),
        ),
        alerts.length
          ? el(
              "ul",
              { class: "j-items", testid: "group-alerts" },
              alerts.map((x) =>
                el(
                  "li",
                  { class: "j-item", testid: "group-alert", data: { kind: x.kind, customer: x.customerId ?? undefined } },
                  el("div", { class: "j-item-top" }, el("span", { class: "pill warn", text: ALERT_LABEL[x.kind] ?? x.kind }), el("span", { class: "j-item-name", text: x.text })),
                  el("div", { class: "j-item-meta" }, el("time", { title: fullTime(x.at), text: shortTime(x.at) })),
                ),
              ),
            )
          : null,
        el("h3", { text: "Recent messages · 最近消息" }),
        this.messages(g),
        this.renderPosting(g.groupId),
        this.form,
        el("h3", { text: `Members · 成员 (${g.memberCount}; ${admins} admin${admins === 1 ? "" : "s"})` }),
        this.members(g),
      ),
    );
    this.renderComposer();
  }

  private messages(g: GroupView): HTMLElement {
    const recent = [...g.recentMessages].sort((x, y) => (Date.parse(x.at) || 0) - (Date.parse(y.at) || 0));
    if (!recent.length) return el("p", { class: "muted", testid: "group-messages", text: "No messages yet" });
    return el(
      "ol",
      { class: "timeline", testid: "group-messages" },
      recent.map((m) =>
        el(
          "li",
          { testid: "group-message", data: { event: m.eventId, customer: m.customerId ?? undefined, agent: m.agentId ?? undefined } },
          el("time", { title: fullTime(m.at), text: shortTime(m.at) }),
          m.customerId
            ? el("button", { class: "chip chip-customer", attrs: { type: "button" }, text: m.customerId, on: { click: () => this.actions.openCustomer(m.customerId ?? "") } })
            : el("span", { class: "tl-kind", text: m.agentId ? `persona (@${m.agentId})` : "persona" }),
          el("span", { class: "tl-text", text: m.text }),
        ),
      ),
    );
  }

  private members(g: GroupView): HTMLElement {
    const rows = [...g.members].sort((x, y) => (x.role === "admin" ? 0 : 1) - (y.role === "admin" ? 0 : 1) || y.messages - x.messages);
    return el(
      "div",
      { class: "j-table-wrap" },
      el(
        "table",
        { class: "j-table", testid: "group-members" },
        el("thead", null, el("tr", null, ["Member", "Role", "Messages", "Last message", "Joined"].map((h) => el("th", { text: h })))),
        el(
          "tbody",
          null,
          el("tr", { testid: "group-member-row", data: { role: "owner" } }, el("td", { text: `persona ${g.ownerPersonaId ?? "—"}` }), el("td", { text: "owner · 群主" }), el("td"), el("td"), el("td")),
          rows.map((m) =>
            el(
              "tr",
              { testid: "group-member-row", data: { customer: m.customerId, role: m.role ?? "member" } },
              el("td", null, el("button", { class: "chip chip-customer", attrs: { type: "button" }, text: m.customerId, on: { click: () => this.actions.openCustomer(m.customerId) } })),
              el("td", { text: m.role === "admin" ? "admin · 管理员" : "member" }),
              el("td", { class: "num", text: String(m.messages) }),
              el("td", { text: m.lastMessageAt ? shortTime(m.lastMessageAt) : "—" }),
              el("td", { text: shortTime(m.joinedAt) }),
            ),
          ),
        ),
      ),
    );
  }

  private renderPosting(groupId: string): HTMLElement | null {
    const mine = this.state.groupsView.posting.filter((p) => p.groupId === groupId);
    if (!mine.length) return null;
    return el(
      "ul",
      { class: "j-items", testid: "group-posting" },
      mine.map((p) => el("li", { class: "j-item", data: { client: p.clientMessageId } }, el("span", { text: p.text }), el("span", { class: "muted", text: p.error ? ` — failed: ${p.error}` : " — sending…" }))),
    );
  }

  private renderComposer(): void {
    const live = this.state.status === "live";
    this.send.disabled = !live || this.input.value.trim() === "";
    this.input.placeholder = live ? "Post to the group as the persona… (Enter to send)" : "Offline — posting is possible once the connection is back.";
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    if (!text || this.state.status !== "live") return;
    this.input.value = "";
    this.renderComposer();
    await this.actions.postToGroup(text);
    this.input.focus();
  }
}
