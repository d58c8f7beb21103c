// Top bar: brand, the Inbox / Journeys tabs, tenant, agent, connection status, sign-out.
import type { AppState } from "../state";
import type { Actions } from "./actions";
import { byId } from "./dom";

const STATUS_TITLE = {
  live: "Connected: updates arrive live",
  reconnecting: "Connection lost: reconnecting…",
  offline: "Not connected",
} as const;

export class TopbarView {
  private readonly tenant = byId("top-tenant");
  private readonly agent = byId("top-agent");
  private readonly status = byId("conn-status");
  private readonly tabs = [...byId("view-tabs").querySelectorAll<HTMLButtonElement>("button[data-view]")];

  constructor(
    private readonly state: AppState,
    actions: Actions,
  ) {
    byId("signout").addEventListener("click", () => actions.signOut());
    for (const tab of this.tabs) tab.addEventListener("click", () => actions.showView(tab.dataset["view"] === "journeys" ? "journeys" : "inbox"));
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
      const on = tab.dataset["view"] === this.state.view;
      tab.classList.toggle("active", on);
      tab.setAttribute("aria-selected", on ? "true" : "false");
    }
  }
}
