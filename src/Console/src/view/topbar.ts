// Top bar: brand, the Inbox / Journeys tabs, tenant, agent, connection status, sign-out.
import type { AppState, ViewName } from "../state";
import type { Actions } from "./actions";
import { byId, el } from "./dom";

const STATUS_TITLE = {
  live: "Connected: updates arrive live",
  reconnecting: "Connection lost: reconnecting…",
  offline: "Not connected",
} as const;

function parseView(v: string | undefined): ViewName {
  return v === "journeys" || v === "groups" || v === "handover" ? v : "inbox";
}

export class TopbarView {
  private readonly tenant = byId("top-tenant");
  private readonly agent = byId("top-agent");
  private readonly status = byId("conn-status");
  private readonly tabs: HTMLButtonElement[];

  constructor(
    private readonly state: AppState,
    actions: Actions,
  ) {
    byId("signout").addEventListener("click", () => actions.signOut());
    const nav = byId("view-tabs");
    // The Groups tab (社群) is added here: index.html carries the first two.
    if (!nav.querySelector('button[data-view="groups"]')) {
      nav.appendChild(el("button", { testid: "view-groups", data: { view: "groups" }, attrs: { type: "button", role: "tab", "aria-selected": "false" } }, "Groups", el("span", { class: "zh", text: "社群" })));
    }
    // The Handover tab (客户继承) shows for supervisors only (render); the server checks the role on every call.
    if (!nav.querySelector('button[data-view="handover"]')) {
      nav.appendChild(el("button", { testid: "view-handover", data: { view: "handover" }, attrs: { type: "button", role: "tab", "aria-selected": "false", hidden: true } }, "Handover", el("span", { class: "zh", text: "继承" })));
    }
    this.tabs = [...nav.querySelectorAll<HTMLButtonElement>("button[data-view]")];
    for (const tab of this.tabs) tab.addEventListener("click", () => actions.showView(parseView(tab.dataset["view"])));
    state.on("view", () => this.render());
    state.on("session", () => this.render());
    state.on("personas", () => this.render());
    state.on("status", () => this.render());
  }

  render(): void {
    const s = this.state.session;
    this.tenant.textContent = s?.tenantId ?? "";
    const name = this.state.agent?.name;
    this.agent.textContent = s ? (name ? `${name} (${s.agentId})` : s.agentId) : "";
    const st = this.state.status;
    this.status.textContent = st;
    this.status.dataset["status"] = st;
    this.status.title = STATUS_TITLE[st];
    for (const tab of this.tabs) {
      if (tab.dataset["view"] === "handover") tab.hidden = !this.state.agent?.supervisor;
      const on = tab.dataset["view"] === this.state.view;
      tab.classList.toggle("active", on);
      tab.setAttribute("aria-selected", on ? "true" : "false");
    }
  }
}
