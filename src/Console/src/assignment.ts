// Conversation assignment as the console keeps it: applying the persona feed's conversation.* items to a
// conversation, and how a conversation's standing reads. Pure, unit-tested (test/assignment.test.ts).
import type { ConsoleItem, ConversationView } from "./types";

/** Kinds whose agentId is the conversation's new assignee. */
const ASSIGNING = new Set(["conversation.assigned", "conversation.claimed", "conversation.transferred"]);

/** Applies one persona feed item to the conversation it names; true when it changed anything. */
export function applyAssignmentItem(c: ConversationView, it: ConsoleItem): boolean {
  if (ASSIGNING.has(it.kind)) {
    c.assignedAgentId = it.agentId ?? null;
    c.status = "open";
    c.waitingSince = null;
    return true;
  }
  switch (it.kind) {
    case "conversation.queued":
      c.assignedAgentId = null;
      c.status = "waiting";
      c.waitingSince = c.waitingSince ?? it.at;
      return true;
    case "conversation.resolved":
      c.status = "resolved";
      c.waitingSince = null;
      c.unread = 0;
      return true;
    case "conversation.held":
      c.hold = { agentId: it.agentId ?? "", until: null };
      return true;
    case "conversation.released":
      if (c.hold && c.hold.agentId === it.agentId) {
        c.hold = null;
        return true;
      }
      return false;
    case "message.direct":
      // The customer wrote again: a resolved conversation is open again (queued/assigned items precede this one).
      if (c.status === "resolved" || c.status === "idle") c.status = c.assignedAgentId ? "open" : "waiting";
      return true;
    default:
      return false;
  }
}

/** Waiting when unassigned and not resolved (engines before the queue sent no status). */
export function isWaiting(c: ConversationView): boolean {
  return c.status === "waiting" || (!c.status && !c.assignedAgentId);
}

/** A colleague's hold, i.e. someone else is replying. */
export function heldByOther(c: ConversationView | undefined, me: string | null | undefined): string | null {
  const h = c?.hold;
  return h && h.agentId && h.agentId !== me ? h.agentId : null;
}

/** The inbox row's short label: who has it, or that it waits. */
export function assigneeLabel(c: ConversationView, me: string | null | undefined): string {
  if (isWaiting(c)) return "waiting";
  const who = c.assignedAgentId === me && me ? "you" : c.assignedAgentId ? `@${c.assignedAgentId}` : "unassigned";
  return c.status === "resolved" ? `${who} · resolved` : who;
}

/** The queue: waiting conversations, oldest first. */
export function queue(convs: Iterable<ConversationView>): ConversationView[] {
  const t = (c: ConversationView) => Date.parse(c.waitingSince ?? c.lastMessageAt) || 0;
  return [...convs].filter(isWaiting).sort((a, b) => t(a) - t(b) || a.customerId.localeCompare(b.customerId));
}
