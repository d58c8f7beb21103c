// The notifications strip under the top bar (the agent's own feed: material radar, assignments;
// and churn alerts from the persona feeds) and the transient toasts for live ones.
import type { AppState, Notice } from "../state";
import type { Actions } from "./actions";
import { byId, el, replaceChildren } from "./dom";
import { fullTime, kindInfo, shortTime } from "./format";
import { kindBadge } from "./items";

const TOAST_MS = 9000;
const MAX_TOASTS = 4;

export class NoticesView {
  private readonly strip = byId("notices");
  private readonly toasts = byId("toasts");

  constructor(
    private readonly state: AppState,
    private readonly actions: Actions,
  ) {
    state.on("notices", () => this.render());
  }

  render(): void {
    const list = this.state.notices;
    this.strip.hidden = list.length === 0;
    if (!list.length) {
      this.strip.replaceChildren();
      return;
    }
    const unseen = list.filter((n) => n.unseen).length;
    replaceChildren(
      this.strip,
      el(
        "div",
        { class: "notices-label" },
        el("span", { text: "Notifications" }),
        unseen ? el("span", { class: "count", text: String(unseen) }) : null,
      ),
      el("div", { class: "notices-list", attrs: { role: "list" } }, list.map((n) => this.notice(n))),
      el("button", {
        class: "link muted",
        attrs: { type: "button" },
        testid: "notices-clear",
        text: "Clear all",
        on: { click: () => this.actions.dismissAllNotices() },
      }),
    );
  }

  private notice(n: Notice): HTMLElement {
    const k = kindInfo(n.item.kind, n.item.eventId);
    return el(
      "div",
      {
        class: `notice tone-${k.tone}${n.unseen ? " unseen" : ""}`,
        id: n.ownerKind === "agent" ? `item-agent-${n.ownerId}-${n.item.sequence}` : `notice-${n.testKey}`,
        testid: `notice-${n.testKey}`,
        title: fullTime(n.item.at),
        attrs: { role: "listitem" },
        data: { kind: n.item.kind, customer: n.item.customerId ?? undefined, sequence: n.item.sequence, owner: `${n.ownerKind}:${n.ownerId}` },
      },
      el(
        "button",
        { class: "notice-body", attrs: { type: "button" }, on: { click: () => this.actions.openNotice(n.testKey) } },
        el("span", { class: "notice-top" }, kindBadge(n.item.kind), el("time", { text: shortTime(n.item.at) })),
        el("span", { class: "notice-text", text: n.item.text }),
      ),
      el("button", {
        class: "notice-x",
        attrs: { type: "button", "aria-label": "Dismiss" },
        text: "×",
        on: { click: () => this.actions.dismissNotice(n.testKey) },
      }),
    );
  }

  /** A transient pop-up for a notice that arrived live. */
  toast(n: Notice): void {
    const k = kindInfo(n.item.kind, n.item.eventId);
    const t = el(
      "div",
      {
        class: `toast tone-${k.tone}`,
        testid: `toast-${n.testKey}`,
        attrs: { role: k.tone === "radar" || k.tone === "alert" ? "alert" : "status" },
        data: { kind: n.item.kind, customer: n.item.customerId ?? undefined },
      },
      el(
        "button",
        {
          class: "toast-body",
          attrs: { type: "button" },
          on: {
            click: () => {
              t.remove();
              this.actions.openNotice(n.testKey);
            },
          },
        },
        el("span", { class: "toast-title" }, k.tone === "radar" ? el("span", { class: "radar-dot", attrs: { "aria-hidden": "true" } }) : null, k.label, k.zh ? ` · ${k.zh}` : ""),
        el("span", { class: "toast-text", text: n.item.text }),
      ),
      el("button", { class: "notice-x", attrs: { type: "button", "aria-label": "Close" }, text: "×", on: { click: () => t.remove() } }),
    );
    this.toasts.prepend(t);
    while (this.toasts.children.length > MAX_TOASTS) this.toasts.lastElementChild?.remove();
    setTimeout(() => {
      t.classList.add("leaving");
      setTimeout(() => t.remove(), 400);
    }, TOAST_MS);
  }
}
