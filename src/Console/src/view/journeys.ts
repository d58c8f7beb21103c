// The Journeys view (旅程): the tenant's journeys on the left; on the right the selected journey's figures and a
// row per step, in the definition's order, with what the cadence ledger did to the step's messages.
import { definitionKey, shownVersion } from "../journeys";
import { breakdown, percent, summarize, type StepRow, type VersionSummary } from "../journeyStats";
import type { AppState } from "../state";
import type { JourneyDirectoryEntry, JourneyStatsView } from "../types";
import type { Actions } from "./actions";
import { byId, el, replaceChildren } from "./dom";
import { fullTime } from "./format";

const numberFmt = new Intl.NumberFormat();
const clockFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

const STATUS_ZH: Record<string, string> = { active: "运行中", paused: "已暂停", draft: "草稿", archived: "已归档" };

function n(v: number): string {
  return numberFmt.format(v);
}

/** A figure in the header strip. */
function fig(label: string, value: string, testid: string, title?: string): HTMLElement {
  return el("div", { class: "fig", title }, el("span", { class: "fig-label", text: label }), el("span", { class: "fig-value", testid, text: value }));
}

/** A numeric cell with an optional reason breakdown under it. */
function cell(stat: string, value: number, by?: Record<string, number>, tone?: string): HTMLElement {
  const detail = by ? breakdown(by) : "";
  return el(
    "td",
    { class: `num${value > 0 && tone ? ` ${tone}` : ""}${value === 0 ? " zero" : ""}`, data: { stat } },
    el("span", { class: "num-value", text: n(value) }),
    detail ? el("span", { class: "num-detail", text: detail }) : null,
  );
}

export class JourneysView {
  private readonly root = byId("journeys");
  private readonly inbox = byId("inbox");
  private readonly list = byId("journey-list");
  private readonly detail = byId("journey-detail");

  constructor(
    private readonly state: AppState,
    private readonly actions: Actions,
  ) {
    state.on("view", () => this.render());
    state.on("journeys", () => this.render());
  }

  render(): void {
    this.root.hidden = this.state.view !== "journeys";
    // The inbox has no view object of its own: it shows exactly when the inbox is the view, whatever the order in
    // which the other views (groups, handover) toggle themselves.
    this.inbox.hidden = this.state.view !== "inbox";
    if (this.root.hidden) return;
    this.renderList();
    const top = this.detail.scrollTop;
    this.renderDetail();
    this.detail.scrollTop = top;
  }

  private renderList(): void {
    const j = this.state.journeys;
    if (!j.list) {
      replaceChildren(this.list, el("div", { class: "side-empty", text: j.error ?? "Loading journeys…" }));
      return;
    }
    if (!j.list.length) {
      replaceChildren(this.list, el("div", { class: "side-empty", text: "This tenant has no journeys yet." }));
      return;
    }
    replaceChildren(
      this.list,
      el("div", { class: "j-list-head", text: `Journeys · 旅程 (${j.list.length})` }),
      el("ul", { class: "j-items" }, j.list.map((e) => el("li", null, this.item(e, e.journeyId === j.selectedId)))),
    );
  }

  private item(e: JourneyDirectoryEntry, selected: boolean): HTMLElement {
    return el(
      "button",
      {
        class: `j-item${selected ? " active" : ""}`,
        testid: "journey-item",
        data: { journey: e.journeyId, status: e.status },
        attrs: { type: "button", "aria-pressed": selected ? "true" : "false" },
        on: { click: () => this.actions.selectJourney(e.journeyId) },
      },
      el(
        "span",
        { class: "j-item-top" },
        el("span", { class: "j-item-name", text: e.name || e.journeyId }),
        el("span", { class: `pill status-${e.status}`, testid: "journey-status", title: STATUS_ZH[e.status], text: e.status }),
      ),
      el(
        "span",
        { class: "j-item-meta" },
        el("span", { class: "mono", text: e.journeyId }),
        el("span", { testid: "journey-version", text: e.currentVersion ? `v${e.currentVersion}` : "unpublished" }),
      ),
    );
  }

  private renderDetail(): void {
    const j = this.state.journeys;
    const id = j.selectedId;
    const entry = j.list?.find((e) => e.journeyId === id);
    if (!id || !entry) {
      replaceChildren(this.detail, el("div", { class: "panel-empty" }, el("p", { text: j.list ? "Select a journey on the left." : "" })));
      return;
    }
    const stats = j.stats.get(id);
    const v = shownVersion(j);
    const vs = stats?.versions.find((x) => x.version === v);
    const def = v !== null ? (j.definitions.get(definitionKey(id, v)) ?? null) : null;
    const summary = vs ? summarize(vs, def) : null;
    replaceChildren(
      this.detail,
      el(
        "div",
        { class: "j-detail", testid: "journey-detail", data: { journey: id, version: v ?? undefined } },
        this.header(entry, stats, v),
        j.error ? el("div", { class: "p-error", attrs: { role: "alert" }, text: j.error }) : null,
        def?.description ? el("p", { class: "j-desc", text: def.description }) : null,
        summary ? this.figures(summary) : null,
        summary
          ? this.steps(summary)
          : el("p", { class: "empty", text: stats ? "Not published yet: no version to count." : "Loading analytics…" }),
        el(
          "p",
          { class: "j-note muted" },
          "Counted since the journey's first customer, a moment after each decision; refreshed every few seconds. ",
          "A deferred message counts once per deferral and once more when finally sent or dropped. ",
          "Conversion rate = converted ÷ entered.",
        ),
      ),
    );
  }

  private header(e: JourneyDirectoryEntry, stats: JourneyStatsView | undefined, shown: number | null): HTMLElement {
    const versions = (stats?.versions ?? []).map((x) => x.version);
    const refreshed = this.state.journeys.refreshedAt;
    return el(
      "header",
      { class: "j-head" },
      el(
        "div",
        { class: "j-head-main" },
        el("h2", { testid: "journey-name", text: e.name || e.journeyId }),
        el(
          "div",
          { class: "p-badges" },
          el("span", { class: "pill mono", text: e.journeyId }),
          el("span", { class: `pill status-${e.status}`, text: `${e.status}${STATUS_ZH[e.status] ? ` · ${STATUS_ZH[e.status]}` : ""}` }),
          e.entryVersion ? el("span", { class: "pill", text: `new customers enter v${e.entryVersion}` }) : null,
        ),
      ),
      el(
        "div",
        { class: "j-head-side" },
        versions.length > 1
          ? el(
              "div",
              { class: "seg-buttons", attrs: { role: "group", "aria-label": "Version" } },
              versions.map((v) =>
                el("button", {
                  class: `seg${v === shown ? " active" : ""}`,
                  testid: `journey-version-${v}`,
                  title: v === 0 ? "Decisions on deferred messages released after their customer left the journey" : `Version ${v}`,
                  attrs: { type: "button", "aria-pressed": v === shown ? "true" : "false" },
                  text: v === 0 ? "v0 (left)" : `v${v}`,
                  on: { click: () => this.actions.selectJourneyVersion(v) },
                }),
              ),
            )
          : shown !== null
            ? el("span", { class: "pill", text: `v${shown}` })
            : null,
        refreshed
          ? el("time", { testid: "journey-refreshed", title: fullTime(refreshed), attrs: { datetime: refreshed }, text: `as of ${clockFmt.format(new Date(refreshed))}` })
          : null,
      ),
    );
  }

  private figures(s: VersionSummary): HTMLElement {
    return el(
      "div",
      { class: "j-figures", testid: "journey-figures" },
      fig("Entered", n(s.entered), "journey-total-entered", "Customers who entered this version"),
      fig("Waiting now", n(s.waiting), "journey-total-waiting", "Customers at a wait step now"),
      fig("Converted", n(s.converted), "journey-total-converted", "Goal conversions"),
      fig("Conversion", percent(s.conversionRate), "journey-total-rate", "Converted ÷ entered"),
      fig("Exited", n(s.exited), "journey-total-exited", breakdown(s.exitedBy) || "No exits yet"),
      fig("Held by cadence", n(s.heldBack), "journey-total-held", "Messages the cadence ledger deferred, dropped or skipped"),
    );
  }

  private steps(s: VersionSummary): HTMLElement {
    return el(
      "div",
      { class: "j-table-wrap" },
      el(
        "table",
        { class: "j-table", testid: "journey-steps" },
        el(
          "thead",
          null,
          el(
            "tr",
            null,
            el("th", { class: "step-col", text: "Step · 步骤" }),
            ...[
              ["Entered", "Visits of the step"],
              ["Waiting", "At this wait step now"],
              ["Exited", "Left the journey at this step, by reason"],
              ["Converted", "Goal conversions while at this step"],
              ["Conv. rate", "Converted ÷ entered"],
              ["Sent", "Messages the cadence ledger let through"],
              ["Deferred", "Held for later (quiet hours, caps, gap), by reason"],
              ["Dropped", "Past their maximum deferral, by reason"],
              ["Skipped", "Refused (e.g. a cap that cannot free up in time), by reason"],
            ].map(([label, title]) => el("th", { class: "num", title, text: label })),
          ),
        ),
        el(
          "tbody",
          null,
          s.steps.length ? s.steps.map((r) => this.step(r)) : el("tr", null, el("td", { class: "empty", attrs: { colspan: 10 }, text: "No customer has entered yet." })),
        ),
      ),
    );
  }

  private step(r: StepRow): HTMLElement {
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    const bar = el("span", { class: "reach-fill" });
    bar.style.width = `${Math.round(Math.min(1, r.reach ?? 0) * 100)}%`;
    return el(
      "tr",
      { testid: "journey-step", data: { step: r.stepId, type: r.type ?? undefined } },
      el(
        "td",
        { class: "step-col" },
        el("span", { class: "step-top" }, el("span", { class: `step-type t-${r.type ?? "unknown"}`, text: r.type ?? "?" }), el("span", { class: "step-id", text: r.stepId })),
        r.summary ? el("span", { class: "step-summary", text: r.summary }) : null,
        el("span", { class: "reach", title: `Reached by ${percent(r.reach)} of the version's customers` }, bar),
      ),
      cell("entered", r.entered),
      cell("waiting", r.waiting, undefined, "t-wait"),
      cell("exited", r.exited, r.exitedBy),
      cell("converted", r.converted, undefined, "t-good"),
      el("td", { class: `num${r.conversionRate ? " t-good" : " zero"}`, data: { stat: "rate" } }, el("span", { class: "num-value", text: percent(r.conversionRate) })),
      cell("sent", r.sent, undefined, "t-sent"),
      cell("deferred", r.deferred, r.deferredBy, "t-warn"),
      cell("dropped", r.dropped, r.droppedBy, "t-alert"),
      cell("skipped", r.skipped, r.skippedBy, "t-alert"),
    );
  }
}
