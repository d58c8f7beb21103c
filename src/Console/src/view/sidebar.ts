// Left column: the personas this agent operates and each one's conversations.
import { assigneeLabel, heldByOther, isWaiting, queue } from "../assignment";
import { sortedConversations, type AppState, type PersonaState } from "../state";
import type { ConversationView } from "../types";
import type { Actions } from "./actions";
import { byId, el, replaceChildren } from "./dom";
import { initial, shortTime } from "./format";

export class SidebarView {
  private readonly root = byId("sidebar");

  constructor(
    private readonly state: AppState,
    private readonly actions: Actions,
  ) {
    state.on("personas", () => this.render());
    state.on("selection", () => this.render());
  }

  render(): void {
    const personas = [...this.state.personas.values()];
    if (!personas.length) {
      replaceChildren(
        this.root,
        el("div", { class: "side-empty", text: this.state.agent ? "This agent operates no persona yet." : "Loading personas…" }),
      );
      return;
    }
    const scrollTop = this.root.scrollTop;
    replaceChildren(this.root, personas.map((p) => this.persona(p)));
    this.root.scrollTop = scrollTop;
  }

  private persona(p: PersonaState): HTMLElement {
    const pid = p.view.personaId;
    const selected = this.state.selectedPersonaId === pid;
    const feedSelected = selected && this.state.selectedCustomerId === null;
    const unread = [...p.conversations.values()].reduce((n, c) => n + (c.unread > 0 ? 1 : 0), 0);
    const online = p.view.onlineAgentIds ?? [];
    // The queue first (oldest first: whoever takes one takes the longest-waiting), then the rest newest first.
    const waiting = queue(p.conversations.values());
    const convs = [...waiting, ...sortedConversations(p).filter((c) => !isWaiting(c))];
    return el(
      "section",
      { class: `persona${selected ? " selected" : ""}`, id: `persona-${pid}`, testid: `persona-${pid}`, data: { persona: pid } },
      el(
        "button",
        {
          class: `persona-head${feedSelected ? " active" : ""}`,
          attrs: { type: "button", "aria-pressed": feedSelected ? "true" : "false" },
          title: "Show this persona's live activity",
          on: { click: () => this.actions.selectPersona(pid) },
        },
        el("span", { class: "avatar persona-avatar", text: initial(p.view.name || pid) }),
        el(
          "span",
          { class: "persona-names" },
          el("span", { class: "persona-name", text: p.view.name || pid }),
          el(
            "span",
            { class: "persona-meta" },
            `${p.view.customerCount} customers · ${online.length} online`,
            waiting.length ? el("span", { class: "pill warn", testid: `queue-count-${pid}`, text: `${waiting.length} waiting` }) : null,
          ),
        ),
        unread ? el("span", { class: "count", title: "conversations with unread messages", text: String(unread) }) : null,
      ),
      el(
        "ul",
        { class: "convs" },
        convs.length ? convs.map((c) => this.conversation(pid, c)) : el("li", { class: "conv-empty", text: "No conversations yet" }),
      ),
    );
  }

  private conversation(pid: string, c: ConversationView): HTMLElement {
    const active = this.state.selectedPersonaId === pid && this.state.selectedCustomerId === c.customerId;
    const me = this.state.agent?.agentId;
    const holder = heldByOther(c, me);
    const assigned = assigneeLabel(c, me) + (holder ? ` · ✎ @${holder} replying` : "");
    return el(
      "li",
      null,
      el(
        "button",
        {
          class: `conv${active ? " active" : ""}${c.unread > 0 ? " has-unread" : ""}`,
          id: `conv-${pid}-${c.customerId}`,
          testid: `conv-${c.customerId}`,
          attrs: { type: "button", "aria-current": active ? "true" : null },
          data: { customer: c.customerId, persona: pid, unread: c.unread, assigned: c.assignedAgentId ?? "", status: c.status ?? "", holder: holder ?? "" },
          on: { click: () => this.actions.selectConversation(pid, c.customerId) },
        },
        el("span", { class: "avatar", text: initial(c.customerId) }),
        el(
          "span",
          { class: "conv-body" },
          el(
            "span",
            { class: "conv-top" },
            el("span", { class: "conv-name", text: c.customerId }),
            el("time", { class: "conv-time", attrs: { datetime: c.lastMessageAt }, text: shortTime(c.lastMessageAt) }),
          ),
          el(
            "span",
            { class: "conv-bottom" },
            el("span", { class: "conv-text", text: c.lastText }),
            c.unread > 0 ? el("span", { class: "unread", testid: `unread-${c.customerId}`, text: c.unread > 99 ? "99+" : String(c.unread) }) : null,
          ),
          el("span", {
            class: `conv-assigned${c.assignedAgentId === me && me ? " mine" : ""}${isWaiting(c) ? " waiting" : ""}`,
            testid: `conv-assigned-${c.customerId}`,
            text: assigned,
          }),
        ),
      ),
    );
  }
}
