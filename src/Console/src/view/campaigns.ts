// The Campaigns view (群发): the campaigns reaching the selected persona on the left (state, progress bar, "N to confirm"
// badge); on the right the open campaign: progress by delivery state, this agent's tasks to confirm (with a dialog
// showing the count and a rendered sample), supervisor controls, figures and per-group results. Live: the controller
// re-reads the campaign on each campaign feed item (at most once a second per campaign). Reuses the Journeys layout;
// bar colours go in through CSSOM (the page's CSP allows no inline style attributes).
import type { AppState, ViewName } from "../state";
import {
  type Campaign,
  type CampaignCounts,
  type CampaignGroup,
  type CampaignRow,
  type CampaignTask,
  isFinished,
  progress,
  renderSample,
  type Segment,
  SEGMENT_LABEL,
  STATE_LABEL,
  TASK_STATE_LABEL,
  toConfirm,
  totalToConfirm,
} from "./campaignsModel";
import { byId, el, replaceChildren } from "./dom";
import { fullTime, money, shortTime } from "./format";

/** What the Campaigns view may ask of the controller. */
export interface CampaignActions {
  showView(view: ViewName): void;
  showCampaignsOf(personaId: string): void;
  selectCampaign(campaignId: string): void;
  confirmCampaignTask(campaignId: string, taskId: string): Promise<void>;
  controlCampaign(verb: "Pause" | "Resume" | "Cancel", campaignId: string): Promise<void>;
}

const SEGMENT_COLOR: Record<Segment, string> = {
  sent: "var(--good)",
  failed: "var(--alert)",
  cancelled: "#b7bec7",
  queued: "var(--info)",
  paused: "#e0a100",
  held: "var(--radar)",
};

function bar(c: CampaignCounts, heightPx: number, testid: string): HTMLElement {
  const p = progress(c);
  const b = el("div", { class: "capacity-bar", testid, title: `${p.done} of ${p.total} done`, data: { percent: p.percent } });
  b.style.display = "flex";
  b.style.height = `${heightPx}px`;
  for (const part of p.parts) {
    const seg = el("div", { data: { segment: part.segment }, title: `${SEGMENT_LABEL[part.segment]}: ${part.count}` });
    seg.style.width = `${part.percent}%`;
    seg.style.background = SEGMENT_COLOR[part.segment];
    b.appendChild(seg);
  }
  return b;
}

function fig(label: string, value: string, testid: string): HTMLElement {
  return el("div", { class: "fig" }, el("span", { class: "fig-label", text: label }), el("span", { class: "fig-value", testid, text: value }));
}

function statePill(state: string, testid: string): HTMLElement {
  const tone = state === "paused" ? " warn" : state === "completed" ? " stage" : "";
  return el("span", { class: `pill${tone}`, testid, data: { state }, text: STATE_LABEL[state] ?? state });
}

export class CampaignsView {
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly tab: HTMLButtonElement;
  private readonly tabBadge: HTMLElement;

  constructor(
    private readonly state: AppState,
    private readonly actions: CampaignActions,
  ) {
    // The tab is added here (after the top bar has wired its own tabs) and kept in step on each render.
    this.tabBadge = el("span", { class: "count", testid: "campaigns-tab-badge", attrs: { hidden: true } });
    this.tab = el(
      "button",
      { testid: "view-campaigns", data: { view: "campaigns" }, attrs: { type: "button", role: "tab", "aria-selected": "false" }, on: { click: () => this.actions.showView("campaigns") } },
      "Campaigns",
      el("span", { class: "zh", text: "群发" }),
      " ",
      this.tabBadge,
    );
    byId("view-tabs").appendChild(this.tab);
    this.list = el("nav", { class: "j-list", testid: "campaign-list", attrs: { "aria-label": "Campaigns" } });
    this.detail = el("section", { class: "j-detail-scroll", attrs: { "aria-label": "Campaign" } });
    this.root = el("main", { id: "campaigns", class: "journeys", testid: "campaigns-view", attrs: { "aria-label": "Campaigns", hidden: true } }, this.list, this.detail);
    byId("app").appendChild(this.root);
    state.on("view", () => this.render());
    state.on("campaigns", () => this.render());
    state.on("personas", () => this.render());
    state.on("status", () => this.render());
  }

  render(): void {
    const on = this.state.view === "campaigns";
    this.tab.classList.toggle("active", on);
    this.tab.setAttribute("aria-selected", on ? "true" : "false");
    const waiting = totalToConfirm(this.state.campaignsView.list);
    this.tabBadge.hidden = waiting === 0;
    this.tabBadge.textContent = String(waiting);
    this.tabBadge.title = `${waiting} campaign task${waiting === 1 ? "" : "s"} to confirm`;
    this.root.hidden = !on;
    if (!on) return;
    this.renderList();
    const top = this.detail.scrollTop;
    this.renderDetail();
    this.detail.scrollTop = top;
  }

  private renderList(): void {
    const c = this.state.campaignsView;
    const personas = [...this.state.personas.values()];
    const picker =
      personas.length > 1
        ? el(
            "select",
            { testid: "campaign-persona", attrs: { "aria-label": "Persona" }, on: { change: (e) => this.actions.showCampaignsOf((e.target as HTMLSelectElement).value) } },
            personas.map((p) => el("option", { attrs: { value: p.view.personaId, selected: p.view.personaId === c.personaId }, text: p.view.name || p.view.personaId })),
          )
        : null;
    const head = el("div", { class: "j-list-head" }, "Campaigns · 群发", picker);
    if (!c.loaded) return replaceChildren(this.list, head, el("p", { class: "empty", text: c.error ?? "Loading campaigns…" }));
    if (!c.list.length) return replaceChildren(this.list, head, el("p", { class: "empty", text: "No campaign reaches this persona yet." }));
    replaceChildren(this.list, head, el("ul", { class: "j-items" }, c.list.map((row) => this.row(row, row.campaignId === c.selectedId))));
  }

  private row(r: CampaignRow, active: boolean): HTMLElement {
    const p = progress(r.counts);
    return el(
      "li",
      {
        class: `j-item${active ? " active" : ""}`,
        testid: "campaign-row",
        data: { campaign: r.campaignId, state: r.state, confirm: r.toConfirm },
        attrs: { tabindex: 0, role: "button", "aria-current": active ? "true" : null },
        on: {
          click: () => this.actions.selectCampaign(r.campaignId),
          keydown: (e) => {
            if (e.key === "Enter") this.actions.selectCampaign(r.campaignId);
          },
        },
      },
      el(
        "div",
        { class: "j-item-top" },
        el("span", { class: "j-item-name", text: r.name || r.campaignId }),
        r.toConfirm > 0 ? el("span", { class: "pill warn", testid: "campaign-confirm-badge", text: `${r.toConfirm} to confirm · 待确认` }) : null,
      ),
      bar(r.counts, 6, "campaign-row-bar"),
      el(
        "div",
        { class: "j-item-meta" },
        el("span", { text: STATE_LABEL[r.state] ?? r.state }),
        el("span", { testid: "campaign-row-progress", text: `${p.done}/${p.total} · ${p.percent}%` }),
        el("span", { title: fullTime(r.createdAt), text: shortTime(r.createdAt) }),
      ),
    );
  }

  private renderDetail(): void {
    const s = this.state.campaignsView;
    if (!s.selectedId) return replaceChildren(this.detail, el("p", { class: "empty", text: "Select a campaign on the left." }));
    const c = s.open.get(s.selectedId);
    if (!c) return replaceChildren(this.detail, el("p", { class: "empty", text: `Loading campaign ${s.selectedId}…` }));
    const p = progress(c.counts);
    const n = c.counts;
    const mine = toConfirm(c.tasks);
    replaceChildren(
      this.detail,
      el(
        "div",
        { class: "j-detail", testid: "campaign-detail", data: { campaign: c.campaignId, state: c.state } },
        el(
          "header",
          { class: "j-head" },
          el("div", { class: "j-head-main" }, el("h2", { testid: "campaign-title", text: c.name || c.campaignId }), el("span", { class: "muted", text: `# ${c.campaignId} · ${c.channel} · ${c.messageKind}` })),
          el("div", { class: "j-head-side" }, statePill(c.state, "campaign-state"), this.controls(c)),
        ),
        s.error ? el("p", { class: "center-error", testid: "campaign-error", attrs: { role: "alert" }, text: s.error }) : null,
        c.detail ? el("p", { class: "j-desc", text: c.detail }) : null,
        el(
          "div",
          { class: "capacity", testid: "campaign-progress", data: { percent: p.percent, done: p.done, total: p.total, sent: n.sent, held: n.held, queued: n.queued } },
          bar(n, 12, "campaign-bar"),
          el("span", { testid: "campaign-progress-text", text: `${p.percent}% done · ${n.sent} of ${p.total} sent` }),
        ),
        this.legend(n),
        mine.tasks > 0
          ? el(
              "div",
              { class: "fig", testid: "campaign-to-confirm" },
              el("span", { class: "fig-label", text: "Waiting for you · 待你确认" }),
              el("span", { class: "fig-value", text: `${mine.tasks} task${mine.tasks === 1 ? "" : "s"} · ${mine.deliveries} messages` }),
            )
          : null,
        el(
          "div",
          { class: "j-figures" },
          fig("Deliveries", String(n.deliveries), "campaign-fig-deliveries"),
          fig("Recipients", String(n.recipients), "campaign-fig-recipients"),
          fig("Skipped (quota / dup)", `${n.skippedQuota} / ${n.skippedDuplicate}`, "campaign-fig-skipped"),
          fig("Read", String(n.read), "campaign-fig-read"),
          fig("Clicked", String(n.clicked), "campaign-fig-clicked"),
          fig("Converted · revenue", `${n.converted} · ${money(n.revenue)}`, "campaign-fig-converted"),
        ),
        el("h3", { text: "Tasks · 确认任务" }),
        this.tasks(c),
        el("h3", { text: "Message · 消息" }),
        el("p", { class: "j-desc", testid: "campaign-template", text: c.template }),
        el("h3", { text: "Groups · 社群结果" }),
        this.groups(s.groups.get(c.campaignId)),
      ),
    );
  }

  private legend(n: CampaignCounts): HTMLElement {
    const legend = el(
      "div",
      { class: "j-item-meta", testid: "campaign-legend" },
      progress(n).parts.map((part) => {
        const swatch = el("span");
        Object.assign(swatch.style, { display: "inline-block", width: "10px", height: "10px", borderRadius: "2px", marginRight: "5px", background: SEGMENT_COLOR[part.segment] });
        return el("span", { testid: "campaign-legend-item", data: { segment: part.segment, count: part.count } }, swatch, `${SEGMENT_LABEL[part.segment]} `, el("b", { text: String(part.count) }));
      }),
    );
    Object.assign(legend.style, { justifyContent: "flex-start", gap: "18px", padding: "0 20px 12px" });
    return legend;
  }

  private controls(c: Campaign): HTMLElement | null {
    if (!c.canControl || isFinished(c.state)) return null;
    const busy = this.state.campaignsView.busy === c.campaignId || this.state.status !== "live";
    const button = (verb: "Pause" | "Resume" | "Cancel", label: string) =>
      el("button", { class: "btn small", testid: `campaign-${verb.toLowerCase()}`, attrs: { type: "button", disabled: busy }, text: label, on: { click: () => void this.control(c, verb) } });
    return el(
      "div",
      { class: "dialog-buttons", testid: "campaign-controls" },
      c.state === "paused" ? button("Resume", "Resume · 继续") : button("Pause", "Pause · 暂停"),
      button("Cancel", "Cancel · 取消"),
    );
  }

  private async control(c: Campaign, verb: "Pause" | "Resume" | "Cancel"): Promise<void> {
    if (verb === "Cancel") {
      const ok = await confirmDialog("campaign-cancel-dialog", [el("p", { text: `Cancel “${c.name}”? Messages not yet sent are withdrawn and their quota is given back.` })], "Cancel campaign");
      if (!ok) return;
    }
    await this.actions.controlCampaign(verb, c.campaignId);
  }

  private tasks(c: Campaign): HTMLElement {
    if (!c.tasks.length) return el("p", { class: "muted", testid: "campaign-tasks", text: c.channel === "wecom" ? "No task for this persona yet." : `Sent directly on ${c.channel}: nothing to confirm.` });
    const busy = this.state.campaignsView.busy === c.campaignId || this.state.status !== "live";
    return el(
      "div",
      { class: "j-table-wrap" },
      el(
        "table",
        { class: "j-table", testid: "campaign-tasks" },
        el("thead", null, el("tr", null, ["Task", "Agent", "Messages", "State", "Reminders", "Confirmed", ""].map((h) => el("th", { text: h })))),
        el(
          "tbody",
          null,
          c.tasks.map((t) =>
            el(
              "tr",
              { testid: "campaign-task", data: { task: t.taskId, state: t.state, mine: t.mine ? "true" : "false" } },
              el("td", { text: t.taskId }),
              el("td", { text: t.agentId ? `@${t.agentId}` : "any agent · 任一坐席" }),
              el("td", { class: "num", text: String(t.deliveries) }),
              el("td", { text: TASK_STATE_LABEL[t.state] ?? t.state }),
              el("td", { class: "num", testid: "campaign-task-reminders", text: String(t.remindersSent) }),
              el("td", { title: fullTime(t.confirmedAt), text: t.confirmedAt ? `${shortTime(t.confirmedAt)}${t.confirmedBy ? ` @${t.confirmedBy}` : ""}` : "—" }),
              el(
                "td",
                null,
                t.mine && t.state === "open"
                  ? el("button", { class: "btn small primary", testid: "campaign-task-confirm", data: { task: t.taskId }, attrs: { type: "button", disabled: busy }, text: "Confirm · 确认发送", on: { click: () => void this.confirm(c, t) } })
                  : null,
              ),
            ),
          ),
        ),
      ),
    );
  }

  private async confirm(c: Campaign, t: CampaignTask): Promise<void> {
    const persona = this.state.campaignsView.personaId ? this.state.personas.get(this.state.campaignsView.personaId) : undefined;
    const sample = renderSample(c.template, { personaName: persona?.view.name || persona?.view.personaId || "persona" });
    const ok = await confirmDialog(
      "campaign-confirm-dialog",
      [
        el("p", { testid: "campaign-confirm-count", text: `Send ${t.deliveries} message${t.deliveries === 1 ? "" : "s"} of “${c.name}” as the persona now? · 确认群发 ${t.deliveries} 条` }),
        el("p", { class: "muted", text: "Sample · 示例:" }),
        el("p", { class: "bubble", testid: "campaign-confirm-sample", text: sample }),
      ],
      "Confirm · 确认发送",
    );
    if (ok) await this.actions.confirmCampaignTask(c.campaignId, t.taskId);
  }

  private groups(rows: CampaignGroup[] | undefined): HTMLElement {
    if (!rows) return el("p", { class: "muted", testid: "campaign-groups", text: "Loading…" });
    if (!rows.length) return el("p", { class: "muted", testid: "campaign-groups", text: "This campaign posts into none of this persona's groups." });
    return el(
      "div",
      { class: "j-table-wrap" },
      el(
        "table",
        { class: "j-table", testid: "campaign-groups" },
        el("thead", null, el("tr", null, ["Group", "Status", "Members", "Read", "Clicked", "Converted", "Revenue"].map((h) => el("th", { text: h })))),
        el(
          "tbody",
          null,
          rows.map((g) =>
            el(
              "tr",
              { testid: "campaign-group-row", data: { group: g.groupId } },
              el("td", { text: g.name || g.groupId }),
              el("td", { text: g.status }),
              el("td", { class: "num", text: String(g.members) }),
              el("td", { class: "num", text: String(g.read) }),
              el("td", { class: "num", text: String(g.clicked) }),
              el("td", { class: "num", text: String(g.converted) }),
              el("td", { class: "num", text: money(g.revenue) }),
            ),
          ),
        ),
      ),
    );
  }
}

/** A modal confirm with stable test ids: `<testid>`, `<testid>-ok`, `<testid>-cancel`. */
function confirmDialog(testid: string, body: HTMLElement[], okText: string): Promise<boolean> {
  document.querySelector(`dialog[data-testid="${testid}"]`)?.remove();
  return new Promise((resolve) => {
    const dialog = el("dialog", { testid, attrs: { "aria-label": "Please confirm" } });
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      ...body,
      el(
        "div",
        { class: "dialog-buttons" },
        el("button", { class: "btn small", testid: `${testid}-cancel`, attrs: { type: "button" }, text: "Back", on: { click: () => done(false) } }),
        el("button", { class: "btn small primary", testid: `${testid}-ok`, attrs: { type: "button" }, text: okText, on: { click: () => done(true) } }),
      ),
    );
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}
