// The conversation header's assignment controls (claim, transfer, resolve), the "is replying" banner, and the
// confirm dialogs (taking over a colleague's conversation, sending while a colleague replies).
import { heldByOther, isWaiting } from "../assignment";
import type { PersonaState } from "../state";
import type { ConversationView } from "../types";
import { el } from "./dom";

/** What the assignment controls ask the controller to do. */
export interface AssignmentActions {
  /** Resolves to the outcome ("claimed", "confirm_required", …) or null when the call failed. */
  claimConversation(personaId: string, customerId: string, confirm: boolean): Promise<string | null>;
  transferConversation(personaId: string, customerId: string, toAgentId: string): Promise<void>;
  resolveConversation(personaId: string, customerId: string): Promise<void>;
  /** The reply box is (active) or is no longer (inactive) being composed in: takes, renews or ends the hold. */
  composing(personaId: string, customerId: string, active: boolean): void;
}

/** Claim / transfer / resolve for the open conversation, and the hold banner when a colleague is replying. */
export function conversationControls(
  ps: PersonaState,
  c: ConversationView | undefined,
  me: string | null,
  actions: AssignmentActions,
): HTMLElement[] {
  const pid = ps.view.personaId;
  if (!c) return [];
  const cid = c.customerId;
  const mine = !!me && c.assignedAgentId === me;
  const out: HTMLElement[] = [];
  const holder = heldByOther(c, me);
  if (holder) out.push(el("span", { class: "pill warn", testid: "hold-banner", data: { agent: holder }, text: `✎ @${holder} is replying…` }));
  if (!mine || c.status === "resolved") {
    out.push(
      el("button", {
        class: "btn small primary",
        testid: "claim-button",
        attrs: { type: "button" },
        title: isWaiting(c) ? "Take this conversation from the queue" : "Take this conversation over",
        text: "Claim",
        on: { click: () => void claim(pid, cid, c.assignedAgentId ?? null, actions) },
      }),
    );
  }
  const others = ps.view.agentIds.filter((a) => a !== c.assignedAgentId);
  if ((mine || isWaiting(c)) && others.length) {
    const select = el(
      "select",
      { testid: "transfer-select", attrs: { "aria-label": "Transfer to" } },
      others.map((a) => el("option", { attrs: { value: a }, text: a === me ? "me" : `@${a}` })),
    );
    out.push(
      el(
        "span",
        { class: "transfer" },
        select,
        el("button", {
          class: "btn small",
          testid: "transfer-button",
          attrs: { type: "button" },
          text: "Transfer",
          on: { click: () => void actions.transferConversation(pid, cid, select.value) },
        }),
      ),
    );
  }
  if ((mine || isWaiting(c)) && c.status !== "resolved") {
    out.push(
      el("button", {
        class: "btn small",
        testid: "resolve-button",
        attrs: { type: "button" },
        title: "Done: frees you for the next waiting conversation",
        text: "Resolve",
        on: { click: () => void actions.resolveConversation(pid, cid) },
      }),
    );
  }
  return out;
}

async function claim(pid: string, cid: string, from: string | null, actions: AssignmentActions): Promise<void> {
  const outcome = await actions.claimConversation(pid, cid, false);
  if (outcome !== "confirm_required") return;
  const ok = await confirmDialog(
    "claim-confirm",
    `@${from ?? "a colleague"} is handling this conversation right now. Take it over?`,
    "Take over",
  );
  if (ok) await actions.claimConversation(pid, cid, true);
}

/** Asks before sending while a colleague holds the conversation; true to send anyway. */
export function confirmSendOverHold(holder: string): Promise<boolean> {
  return confirmDialog("send-warning", `@${holder} is replying to this customer right now. Send yours anyway?`, "Send anyway");
}

/** A modal confirm with stable test ids: `<testid>`, `<testid>-ok`, `<testid>-cancel`. */
function confirmDialog(testid: string, message: string, okText: string): Promise<boolean> {
  document.querySelector(`dialog[data-testid="${testid}"]`)?.remove();
  return new Promise((resolve) => {
    const dialog = el("dialog", { testid, attrs: { "aria-label": "Please confirm" } });
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      el("p", { text: message }),
      el(
        "div",
        { class: "dialog-buttons" },
        el("button", { class: "btn small", testid: `${testid}-cancel`, attrs: { type: "button" }, text: "Cancel", on: { click: () => done(false) } }),
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
