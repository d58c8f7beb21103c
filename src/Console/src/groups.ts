// The group view's state and the pure rules that keep it live between reloads: a persona feed item about a group
// updates that group's row and, if it is open, its recent messages at once; the controller reloads both a moment later.
import type { ConsoleItem, GroupMessage, GroupSummary, GroupView } from "./types";

export interface GroupsState {
  /** The persona whose groups are listed. */
  personaId: string | null;
  list: GroupSummary[];
  loaded: boolean;
  selectedId: string | null;
  error: string | null;
  /** Posts sent from this console and not yet confirmed by the server. */
  posting: { clientMessageId: string; groupId: string; text: string; error?: string }[];
}

export function emptyGroups(): GroupsState {
  return { personaId: null, list: [], loaded: false, selectedId: null, error: null, posting: [] };
}

/** Most recently active first; groups never active last, by id. */
export function sortGroups(list: GroupSummary[]): GroupSummary[] {
  const t = (g: GroupSummary) => (g.lastActivityAt ? Date.parse(g.lastActivityAt) || 0 : -1);
  return [...list].sort((a, b) => t(b) - t(a) || a.groupId.localeCompare(b.groupId));
}

/** The row after a feed item about its group (a new row is not made up: the reload adds it). */
export function applyToSummary(list: GroupSummary[], it: ConsoleItem): GroupSummary[] {
  if (!it.groupId) return list;
  return sortGroups(
    list.map((g) => {
      if (g.groupId !== it.groupId) return g;
      if (it.kind === "message.group") return { ...g, messagesLast24h: g.messagesLast24h + 1, lastActivityAt: later(g.lastActivityAt, it.at) };
      if (it.kind === "alert.group") return { ...g, alertCount: g.alertCount + 1 };
      return g;
    }),
  );
}

/** The open group after a feed item about it: messages and the persona's posts appear at once, each once. */
export function applyToGroup(g: GroupView, it: ConsoleItem): GroupView {
  if (it.groupId !== g.groupId || !it.eventId) return g;
  if (it.kind !== "message.group" && it.kind !== "group.posted") return g;
  if (g.recentMessages.some((m) => m.eventId === it.eventId)) return g;
  const m: GroupMessage = { eventId: it.eventId, customerId: it.customerId ?? null, text: it.text, at: it.at, agentId: it.kind === "group.posted" ? (it.agentId ?? null) : null };
  return { ...g, recentMessages: [...g.recentMessages, m] };
}

/** "3 min", "5 h", "9 d" since the last activity; "never" when there was none. */
export function silence(lastActivityAt: string | null | undefined, now: number): string {
  if (!lastActivityAt) return "never active";
  const ms = Math.max(0, now - (Date.parse(lastActivityAt) || now));
  const min = Math.floor(ms / 60000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} d`;
}

function later(a: string | null | undefined, b: string): string {
  return !a || (Date.parse(b) || 0) > (Date.parse(a) || 0) ? b : a;
}
