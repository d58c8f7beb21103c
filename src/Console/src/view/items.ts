// Rendering of one ConsoleItem: as a card (persona activity feed) or as a chat line (conversation).
import type { FeedOwnerKind, ConsoleItem } from "../types";
import type { PendingReply } from "../state";
import type { Actions } from "./actions";
import { el } from "./dom";
import { fullTime, kindInfo, shortTime } from "./format";

export function itemDomId(kind: FeedOwnerKind, ownerId: string, sequence: number): string {
  return `item-${kind}-${ownerId}-${sequence}`;
}

function itemProps(kind: FeedOwnerKind, ownerId: string, item: ConsoleItem, cls: string) {
  const k = kindInfo(item.kind, item.eventId);
  return {
    id: itemDomId(kind, ownerId, item.sequence),
    class: `${cls} tone-${k.tone}`,
    data: {
      kind: item.kind,
      sequence: item.sequence,
      customer: item.customerId ?? undefined,
      group: item.groupId ?? undefined,
      persona: item.personaId ?? undefined,
      agent: item.agentId ?? undefined,
      event: item.eventId ?? undefined,
    },
  };
}

export function kindBadge(kind: string): HTMLElement {
  const k = kindInfo(kind);
  return el("span", { class: `badge tone-${k.tone}`, title: kind }, k.label, k.zh ? el("span", { class: "zh", text: k.zh }) : null);
}

export function customerChip(customerId: string, actions: Actions): HTMLElement {
  return el("button", {
    class: "chip chip-customer",
    attrs: { type: "button" },
    title: `Open customer ${customerId}`,
    text: customerId,
    data: { customer: customerId },
    on: { click: (e) => { e.stopPropagation(); actions.openCustomer(customerId); } },
  });
}

export function groupChip(groupId: string, actions: Actions): HTMLElement {
  return el("button", {
    class: "chip chip-group",
    attrs: { type: "button" },
    title: `Open group ${groupId}`,
    text: `# ${groupId}`,
    data: { group: groupId },
    on: { click: (e) => { e.stopPropagation(); actions.openGroup(groupId); } },
  });
}

/** A card in the persona's activity feed. */
export function renderCard(kind: FeedOwnerKind, ownerId: string, item: ConsoleItem, actions: Actions, personaId: string | null): HTMLElement {
  noteDelivery(item);
  const cid = item.customerId;
  const openConv =
    personaId && cid && (item.kind === "message.direct" || item.kind === "reply.sent" || item.kind === "conversation.assigned")
      ? el("button", {
          class: "link",
          attrs: { type: "button" },
          text: "Open conversation →",
          on: { click: () => actions.selectConversation(personaId, cid) },
        })
      : null;
  return el(
    "article",
    itemProps(kind, ownerId, item, "card"),
    el(
      "div",
      { class: "card-head" },
      kindBadge(item.kind),
      cid ? customerChip(cid, actions) : null,
      item.groupId ? groupChip(item.groupId, actions) : null,
      item.agentId ? el("span", { class: "agent", title: "agent", text: `@${item.agentId}` }) : null,
      el("time", { class: "time", title: fullTime(item.at), attrs: { datetime: item.at }, text: shortTime(item.at) }),
    ),
    el("div", { class: "card-text", text: item.text }),
    openConv ? el("div", { class: "card-foot" }, openConv) : null,
  );
}

// ---- delivery state of sent replies (reply.delivery items, whose eventId is the reply's delivery id) ----

/** Delivery id -> "sent" or "failed: reason", as the feed reported it. */
const deliveries = new Map<string, string>();

function deliveryStatus(text: string | undefined): "pending" | "sent" | "failed" {
  return text === undefined ? "pending" : text.startsWith("failed") ? "failed" : "sent";
}

/** The tick on a sent reply: pending (queued in the outbox) → sent ✓✓ / failed ✕ with the reason. */
export function deliveryTick(deliveryId: string | null | undefined): HTMLElement {
  const text = deliveryId ? deliveries.get(deliveryId) : undefined;
  const status = deliveryStatus(text);
  const label = status === "sent" ? "✓✓ sent" : status === "failed" ? "✕ not delivered" : "✓ queued";
  return el("span", { class: `delivery status-${status}`, testid: "delivery-state", data: { status }, title: text ?? "In the outbox", text: label });
}

/** Records a reply.delivery item and updates the tick of its reply if that is on screen. */
export function noteDelivery(item: ConsoleItem): void {
  if (item.kind !== "reply.delivery" || !item.eventId) return;
  deliveries.set(item.eventId, item.text);
  for (const line of document.querySelectorAll<HTMLElement>('[data-kind="reply.sent"]')) {
    if (line.dataset["event"] === item.eventId) line.querySelector(".delivery")?.replaceWith(deliveryTick(item.eventId));
  }
}

/** A line of a 1:1 conversation: the customer's messages left, replies right, other events centred. */
export function renderChatLine(kind: FeedOwnerKind, ownerId: string, item: ConsoleItem, actions: Actions): HTMLElement {
  if (item.kind === "reply.delivery") {
    // Shown as the tick on its reply, not as a line of its own.
    noteDelivery(item);
    return el("div", { ...itemProps(kind, ownerId, item, "line line-delivery"), attrs: { hidden: true } });
  }
  if (item.kind === "message.direct" || item.kind === "reply.sent") {
    const mine = item.kind === "reply.sent";
    return el(
      "div",
      itemProps(kind, ownerId, item, `line ${mine ? "line-out" : "line-in"}`),
      el("div", { class: "bubble", text: item.text }),
      el(
        "div",
        { class: "line-meta" },
        mine && item.agentId ? el("span", { class: "agent", text: `@${item.agentId}` }) : null,
        el("time", { title: fullTime(item.at), attrs: { datetime: item.at }, text: shortTime(item.at) }),
        mine ? deliveryTick(item.eventId) : null,
      ),
    );
  }
  return el(
    "div",
    itemProps(kind, ownerId, item, "line line-event"),
    kindBadge(item.kind),
    el("span", { class: "event-text", text: item.text }),
    item.groupId ? groupChip(item.groupId, actions) : null,
    el("time", { title: fullTime(item.at), attrs: { datetime: item.at }, text: shortTime(item.at) }),
  );
}

const PENDING_LABEL: Record<PendingReply["status"], string> = {
  sending: "Sending…",
  pending: "Queued",
  sent: "Sent",
  failed: "Not sent",
};

export function renderPendingReply(p: PendingReply, actions: Actions): HTMLElement {
  return el(
    "div",
    {
      id: `pending-${p.clientMessageId}`,
      class: `line line-out pending status-${p.status}`,
      testid: "pending-reply",
      data: { status: p.status, customer: p.customerId, "client-message-id": p.clientMessageId },
    },
    el("div", { class: "bubble", text: p.text }),
    el(
      "div",
      { class: "line-meta" },
      el("span", { class: "pending-status", title: p.error ?? "", text: PENDING_LABEL[p.status] }),
      p.status === "failed"
        ? [
            el("button", { class: "link", attrs: { type: "button" }, text: "Retry", on: { click: () => actions.retryReply(p.clientMessageId) } }),
            el("button", { class: "link muted", attrs: { type: "button" }, text: "Discard", on: { click: () => actions.discardReply(p.clientMessageId) } }),
          ]
        : null,
    ),
  );
}
