// Middle column: the selected persona's live activity, or one conversation with the reply box.
import type { ConsoleItem } from "../types";
import { convKey, type AppState } from "../state";
import type { Actions } from "./actions";
import { heldByOther } from "../assignment";
import { confirmSendOverHold, conversationControls, type AssignmentActions } from "./assignment";
import { byId, el, nearBottom, replaceChildren } from "./dom";
import { itemDomId, renderCard, renderChatLine, renderPendingReply } from "./items";

export class CenterView {
  private readonly head = byId("center-head");
  private readonly scroll = byId("feed-scroll");
  private readonly list = byId("feed-items");
  private readonly pendingBox = byId("feed-pending");
  private readonly composer = byId<HTMLFormElement>("composer");
  private readonly input = byId<HTMLTextAreaElement>("reply-input");
  private readonly send = byId<HTMLButtonElement>("reply-send");
  private readonly hint = byId("composer-hint");
  private readonly errorBox = byId("center-error");
  private readonly drafts = new Map<string, string>();
  /** The scripts drawer's composer hooks (attachments, script use), set by the controller. */
  rich: { sendIfRich(text: string): Promise<boolean> | null; hasAttachment(): boolean } | null = null;
  private draftKey: string | null = null;

  constructor(
    private readonly state: AppState,
    private readonly actions: Actions & AssignmentActions,
  ) {
    state.on("selection", () => this.render());
    state.on("personas", () => this.renderHead());
    state.on("pending", () => this.renderPending());
    state.on("status", () => this.renderComposer());
    state.on("error", () => {
      this.errorBox.textContent = this.state.lastError ?? "";
      this.errorBox.hidden = !this.state.lastError;
    });
    state.onFeed((a) => {
      if (a.ownerKind === "persona" && a.ownerId === this.state.selectedPersonaId) this.append(a.items);
    });

    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submit();
    });
    this.input.addEventListener("keydown", (e) => {
      // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate (Chinese input) does neither.
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        void this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.renderComposer();
      this.composing(this.input.value.trim() !== "");
    });
    this.input.addEventListener("blur", () => this.composing(false));
  }

  private matches(item: ConsoleItem): boolean {
    const cid = this.state.selectedCustomerId;
    return cid === null || item.customerId === cid;
  }

  private render(): void {
    this.swapDraft();
    this.renderHead();
    this.renderItems();
    this.renderPending();
    this.renderComposer();
    this.scroll.scrollTop = this.scroll.scrollHeight;
  }

  private swapDraft(): void {
    const pid = this.state.selectedPersonaId;
    const cid = this.state.selectedCustomerId;
    const key = pid && cid ? convKey(pid, cid) : null;
    if (key === this.draftKey) return;
    if (this.draftKey) this.drafts.set(this.draftKey, this.input.value);
    this.draftKey = key;
    this.input.value = key ? (this.drafts.get(key) ?? "") : "";
  }

  private renderHead(): void {
    const pid = this.state.selectedPersonaId;
    const ps = pid ? this.state.personas.get(pid) : undefined;
    if (!pid || !ps) {
      replaceChildren(this.head, el("h2", { text: this.state.agent ? "No persona assigned" : "Connecting…" }));
      return;
    }
    const pname = ps.view.name || pid;
    const cid = this.state.selectedCustomerId;
    if (!cid) {
      const online = ps.view.onlineAgentIds ?? [];
      replaceChildren(
        this.head,
        el(
          "div",
          { class: "head-main" },
          el("h2", { testid: "center-title", text: pname }),
          el("div", { class: "sub" }, `${ps.view.customerCount} customers · ${online.length}/${ps.view.agentIds.length} agents online`),
        ),
        el("span", { class: "head-tag", text: "Live activity · 实时动态" }),
      );
      return;
    }
    const conv = ps.conversations.get(cid);
    replaceChildren(
      this.head,
      el("button", {
        class: "back",
        attrs: { type: "button" },
        testid: "back-to-feed",
        title: `Back to ${pname}'s activity`,
        text: "←",
        on: { click: () => this.actions.selectPersona(pid) },
      }),
      el(
        "div",
        { class: "head-main" },
        el("h2", { testid: "center-title", text: cid }),
        el(
          "div",
          { class: "sub", testid: "conversation-status" },
          `via ${pname}`,
          conv?.status === "waiting" || (conv && !conv.assignedAgentId)
            ? " · waiting in the queue"
            : conv?.assignedAgentId ? ` · assigned to @${conv.assignedAgentId}${conv.status === "resolved" ? " · resolved" : ""}` : "",
        ),
      ),
      conversationControls(ps, conv, this.state.agent?.agentId ?? null, this.actions),
      el("button", {
        class: "btn ghost",
        attrs: { type: "button" },
        text: "Customer 360",
        on: { click: () => this.actions.openCustomer(cid) },
      }),
    );
  }

  private renderItems(): void {
    const pid = this.state.selectedPersonaId;
    const feed = pid ? this.actions.feed("persona", pid) : undefined;
    this.list.replaceChildren();
    this.list.dataset["mode"] = this.state.selectedCustomerId ? "conversation" : "persona";
    if (!pid || !feed) return this.renderEmpty();
    const first = feed.items[0];
    if (first && first.sequence > 1) {
      this.list.appendChild(el("div", { class: "older", text: "Earlier activity is not shown here." }));
    }
    this.append(feed.items, false);
  }

  private renderEmpty(): void {
    if (this.list.querySelector("[data-sequence]")) return;
    if (this.list.querySelector(".empty")) return;
    const text = this.state.selectedCustomerId
      ? "No messages with this customer in the recent feed."
      : "No activity yet. New messages, alerts and radar hits appear here live.";
    this.list.appendChild(el("div", { class: "empty", text }));
  }

  private append(items: ConsoleItem[], keepScroll = true): void {
    const pid = this.state.selectedPersonaId;
    if (!pid) return;
    const stick = !keepScroll || nearBottom(this.scroll);
    const conversation = this.state.selectedCustomerId !== null;
    let added = 0;
    for (const it of items) {
      if (!this.matches(it)) continue;
      if (document.getElementById(itemDomId("persona", pid, it.sequence))) continue;
      this.list.appendChild(
        conversation ? renderChatLine("persona", pid, it, this.actions) : renderCard("persona", pid, it, this.actions, pid),
      );
      added++;
    }
    if (added) this.list.querySelector(".empty")?.remove();
    else this.renderEmpty();
    if (stick) this.scroll.scrollTop = this.scroll.scrollHeight;
  }

  private renderPending(): void {
    const pid = this.state.selectedPersonaId;
    const cid = this.state.selectedCustomerId;
    const stick = nearBottom(this.scroll);
    const mine = pid && cid ? this.state.pending.filter((p) => p.personaId === pid && p.customerId === cid) : [];
    replaceChildren(this.pendingBox, mine.map((p) => renderPendingReply(p, this.actions)));
    if (mine.length) this.list.querySelector(".empty")?.remove();
    if (stick) this.scroll.scrollTop = this.scroll.scrollHeight;
  }

  private renderComposer(): void {
    const inConversation = this.state.selectedCustomerId !== null;
    const live = this.state.status === "live";
    this.composer.hidden = !inConversation;
    this.hint.hidden = inConversation;
    this.send.disabled = !live || (this.input.value.trim() === "" && !this.rich?.hasAttachment());
    this.input.placeholder = live
      ? "Reply as the persona… (Enter to send, Shift+Enter for a new line)"
      : "Offline — the reply can be sent once the connection is back.";
  }

  private composing(active: boolean): void {
    const pid = this.state.selectedPersonaId;
    const cid = this.state.selectedCustomerId;
    if (pid && cid && this.state.status === "live") this.actions.composing(pid, cid, active);
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    const pid = this.state.selectedPersonaId;
    const cid = this.state.selectedCustomerId;
    const holder = pid && cid ? heldByOther(this.state.personas.get(pid)?.conversations.get(cid), this.state.agent?.agentId) : null;
    // Sending over a colleague's hold is allowed (the server records it), but only after the agent confirms.
    if ((!text && !this.rich?.hasAttachment()) || this.state.status !== "live") return;
    if (holder && !(await confirmSendOverHold(holder))) return;
    this.input.value = "";
    this.renderComposer();
    // An attachment or a script goes through the rich Send; a failed plain reply stays in the list with Retry.
    await (this.rich?.sendIfRich(text) ?? this.actions.reply(text));
    this.input.focus();
  }
}
