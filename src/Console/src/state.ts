// Application state and change notification. Views subscribe to topics and re-render their part;
// the controller (main.ts) is the only writer.
import type { Session } from "./api";
import type { ConnStatus } from "./hub";
import { emptyGroups, type GroupsState } from "./groups";
import { emptyJourneys, type JourneysState } from "./journeys";
import { emptyCampaigns, type CampaignsState } from "./view/campaignsModel";
import type {
  AgentView,
  ConsoleItem,
  ConversationView,
  CustomerView,
  FeedOwnerKind,
  GroupView,
  PersonaView,
} from "./types";

export interface PersonaState {
  view: PersonaView;
  /** The feed sequence the conversation list reflects (Hello's feedSequence, then items applied). */
  convAsOf: number;
  conversations: Map<string, ConversationView>;
}

/** What the main area shows: the inbox (conversations, feed, customer 360) or the Journeys view. */
export type ViewName = "inbox" | "journeys" | "groups" | "handover" | "campaigns";

export type Panel = { kind: "customer"; id: string } | { kind: "group"; id: string } | null;

export interface PendingReply {
  clientMessageId: string;
  personaId: string;
  customerId: string;
  text: string;
  at: string;
  status: "sending" | "pending" | "sent" | "failed";
  deliveryId?: string;
  error?: string;
}

export interface Notice {
  /** Unique DOM-safe key; data-testid is `notice-<testKey>`. */
  testKey: string;
  ownerKind: FeedOwnerKind;
  ownerId: string;
  item: ConsoleItem;
  unseen: boolean;
}

export type Topic =
  | "session"
  | "status"
  | "personas" // hello data or conversations changed
  | "selection" // persona / conversation selection changed
  | "panel" // right panel target or its data changed
  | "notices"
  | "pending" // pending replies changed
  | "error"
  | "view" // inbox ⇄ journeys
  | "journeys" // journey list or stats changed
  | "groups" // group list, open group or its posts changed
  | "campaigns"; // campaign list, open campaign or its group results changed

export interface FeedAppend {
  ownerKind: FeedOwnerKind;
  ownerId: string;
  items: ConsoleItem[];
  live: boolean;
}

type Listener<T> = (arg: T) => void;

export class AppState {
  session: Session | null = null;
  status: ConnStatus = "offline";
  agent: AgentView | null = null;
  /** In Hello's order. */
  personas = new Map<string, PersonaState>();
  selectedPersonaId: string | null = null;
  selectedCustomerId: string | null = null;
  panel: Panel = null;
  customers = new Map<string, CustomerView>();
  groups = new Map<string, GroupView>();
  /** `${personaId}|${customerId}` -> lastMessageAt the agent has seen. */
  readUpTo = new Map<string, string>();
  pending: PendingReply[] = [];
  notices: Notice[] = [];
  lastError: string | null = null;
  view: ViewName = "inbox";
  journeys: JourneysState = emptyJourneys();
  groupsView: GroupsState = emptyGroups();
  campaignsView: CampaignsState = emptyCampaigns();

  private listeners = new Map<Topic, Set<Listener<void>>>();
  private feedListeners = new Set<Listener<FeedAppend>>();

  on(topic: Topic, fn: Listener<void>): void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(fn);
  }

  emit(topic: Topic): void {
    for (const fn of this.listeners.get(topic) ?? []) {
      try {
        fn();
      } catch (e) {
        console.error(`listener for ${topic} failed`, e);
      }
    }
  }

  onFeed(fn: Listener<FeedAppend>): void {
    this.feedListeners.add(fn);
  }

  emitFeed(a: FeedAppend): void {
    for (const fn of this.feedListeners) {
      try {
        fn(a);
      } catch (e) {
        console.error("feed listener failed", e);
      }
    }
  }

  reset(): void {
    this.agent = null;
    this.personas.clear();
    this.selectedPersonaId = null;
    this.selectedCustomerId = null;
    this.panel = null;
    this.customers.clear();
    this.groups.clear();
    this.readUpTo.clear();
    this.pending = [];
    this.notices = [];
    this.lastError = null;
    this.view = "inbox";
    this.journeys = emptyJourneys();
    this.groupsView = emptyGroups();
    this.campaignsView = emptyCampaigns();
  }
}

export function convKey(personaId: string, customerId: string): string {
  return `${personaId}|${customerId}`;
}

/** Conversations newest first. */
export function sortedConversations(p: PersonaState): ConversationView[] {
  return [...p.conversations.values()].sort((a, b) => {
    const ta = Date.parse(a.lastMessageAt) || 0;
    const tb = Date.parse(b.lastMessageAt) || 0;
    return tb - ta || a.customerId.localeCompare(b.customerId);
  });
}
