// Shapes of the Gateway's REST and hub contract (System.Text.Json, camelCase, enums as strings).
// Keep in step with src/Contracts/{Console,Views,Outbox}.cs.

export type ConsoleItemKind =
  | "message.direct"
  | "message.group"
  | "customer.updated"
  | "customer.added"
  | "alert.churn"
  | "radar.material_open"
  | "reply.sent"
  | "conversation.assigned"
  | "conversation.queued"
  | "conversation.claimed"
  | "conversation.transferred"
  | "conversation.resolved"
  | "conversation.held"
  | "conversation.released"
  | "conversation.reply_over_hold"
  | "alert.group"
  | "group.posted";

export interface ConsoleItem {
  sequence: number;
  /** One of {@link ConsoleItemKind}; unknown kinds are still shown, plainly. */
  kind: string;
  at: string;
  customerId?: string | null;
  groupId?: string | null;
  personaId?: string | null;
  agentId?: string | null;
  text: string;
  eventId?: string | null;
}

export type FeedOwnerKind = "persona" | "agent";

export interface ConsolePush {
  tenantId?: string;
  /** "persona" | "agent" (case-insensitive on the wire). */
  ownerKind: string;
  ownerId: string;
  item: ConsoleItem;
}

export interface ConsoleFeedPage {
  items: ConsoleItem[];
  headSequence: number;
  truncated: boolean;
}

export interface AgentView {
  tenantId: string;
  agentId: string;
  name?: string | null;
  personaIds: string[];
  online: boolean;
  feedSequence: number;
  /** May manage handovers (set by the tenant admin; the server checks it on every handover call). */
  supervisor?: boolean;
  customerLimit?: number | null;
}

export interface ConversationView {
  customerId: string;
  assignedAgentId?: string | null;
  lastMessageAt: string;
  lastText: string;
  unread: number;
  /** "waiting" (in the persona's queue) | "open" | "resolved" | "idle" (quiet for 24 h); absent from older engines. */
  status?: ConversationStatus;
  waitingSince?: string | null;
  /** A colleague (or this agent) replying right now. */
  hold?: ConversationHold | null;
}

export type ConversationStatus = "waiting" | "open" | "resolved" | "idle";

export interface ConversationHold {
  agentId: string;
  /** When the lease lapses unless renewed (null when learnt from a feed item). */
  until?: string | null;
}

/** outcome: "claimed" | "transferred" | "resolved" | "unchanged" | "confirm_required". */
export interface ConversationActionResult {
  outcome: string;
  conversation: ConversationView;
}

export interface PersonaView {
  tenantId: string;
  personaId: string;
  name?: string | null;
  agentIds: string[];
  onlineAgentIds: string[];
  customerCount: number;
  conversations: ConversationView[];
  feedSequence: number;
}

export interface HelloResult {
  tenantId: string;
  agent: AgentView;
  personas: PersonaView[];
}

export interface TimelineEntry {
  at: string;
  kind: string;
  summary: string;
  eventId?: string | null;
}

export interface RfmFigures {
  recencyDays?: number | null;
  frequency: number;
  monetary: number;
  recencyScore: number;
  frequencyScore: number;
  monetaryScore: number;
  segment: string;
}

export interface CustomerView {
  tenantId: string;
  customerId: string;
  known: boolean;
  identities: Record<string, string>;
  tags: string[];
  properties: Record<string, string>;
  ownerPersonaId?: string | null;
  ownerAgentId?: string | null;
  sourceChannel?: string | null;
  referredBy?: string | null;
  lifecycleStage: string;
  rfm: RfmFigures;
  ltv: number;
  addedAt?: string | null;
  lastActiveAt?: string | null;
  timeline: TimelineEntry[];
  appliedSequence: number;
  /** The journeys the customer is in now (absent from engines before journeys). */
  journeys?: CustomerJourneyView[];
  /** The cadence ledger's newest decisions, newest first. */
  cadence?: CadenceDecisionView[];
}

export interface CustomerJourneyView {
  journeyId: string;
  version: number;
  stepId: string;
  enteredAt: string;
  /** When the wait the customer is in ends (null: not waiting on time). */
  waitingUntil?: string | null;
  /** The event type the customer's wait is for, if any. */
  awaitsEvent?: string | null;
}

export interface CadenceDecisionView {
  touchId: string;
  /** e.g. "Journey welcome/welcome-store". */
  source: string;
  /** "send" | "defer" | "drop" | "skip". */
  outcome: string;
  /** Stable code: allowed, quiet_hours, cap_reached, min_gap, max_deferral_exceeded, duplicate_touch. */
  reason: string;
  text: string;
  at: string;
  until?: string | null;
}

// ---- journeys (GET /api/v1/console/journeys…, see docs/api.md) ----

export interface JourneyDirectoryEntry {
  journeyId: string;
  name?: string | null;
  status: string;
  currentVersion?: number | null;
  entryVersion?: number | null;
  updatedAt?: string | null;
}

export interface JourneyStepStats {
  stepId: string;
  entered: number;
  waiting: number;
  converted: number;
  exited: Record<string, number>;
  sent: number;
  deferred: Record<string, number>;
  dropped: Record<string, number>;
  skipped: Record<string, number>;
}

export interface JourneyVersionStats {
  version: number;
  entered: number;
  waiting: number;
  converted: number;
  exited: Record<string, number>;
  steps: JourneyStepStats[];
}

export interface JourneyStatsView {
  tenantId: string;
  journeyId: string;
  versions: JourneyVersionStats[];
  updatedAt?: string | null;
}

/** The parts of a published definition the console shows (docs/journeys.md has the whole format). */
export interface JourneyDefinition {
  id?: string;
  name?: string;
  description?: string;
  start?: string;
  steps?: JourneyStepDefinition[];
}

export interface JourneyStepDefinition {
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface GroupMember {
  customerId: string;
  joinedAt: string;
  messages: number;
  lastMessageAt?: string | null;
  /** "member" | "admin"; the owner is the persona (GroupView.ownerPersonaId). */
  role?: string;
}

/** kind: "full" | "spam" | "dead". */
export interface GroupAlertView {
  kind: string;
  text: string;
  at: string;
  customerId?: string | null;
}

/** One row of the persona's group list (hub ListGroups). */
export interface GroupSummary {
  groupId: string;
  name?: string | null;
  ownerPersonaId?: string | null;
  memberCount: number;
  sizeCap: number;
  messagesLast24h: number;
  lastActivityAt?: string | null;
  alertCount: number;
  appliedSequence: number;
}

export interface GroupActivity {
  messagesTotal: number;
  messagesLast24h: number;
  activeMembersLast7d: number;
  lastActivityAt?: string | null;
  joinsTotal: number;
  leavesTotal: number;
  refusedJoins: number;
}

export interface GroupMessage {
  eventId: string;
  customerId?: string | null;
  text: string;
  at: string;
  /** Set on the persona's own posts: the agent who posted. */
  agentId?: string | null;
}

export interface GroupView {
  tenantId: string;
  groupId: string;
  name?: string | null;
  ownerPersonaId?: string | null;
  sizeCap: number;
  memberCount: number;
  members: GroupMember[];
  activity: GroupActivity;
  recentMessages: GroupMessage[];
  appliedSequence: number;
  /** Newest first; absent from engines before group alerts. */
  alerts?: GroupAlertView[];
}

export interface OutboxMessage {
  deliveryId: string;
  tenantId: string;
  channel: string;
  personaId: string;
  customerId?: string | null;
  groupId?: string | null;
  agentId?: string | null;
  kind: string;
  text: string;
  createdAt: string;
  status: string;
  sentAt?: string | null;
}

export interface DevTokenResponse {
  token: string;
  tenantId: string;
  agentId: string;
  expiresAt: string;
}

// ---- script library (话术) and rich replies ----

export interface Script {
  scriptId: string;
  name: string;
  category: string;
  text: string;
  imageUrl?: string | null;
  linkUrl?: string | null;
  linkTitle?: string | null;
  materialId?: string | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
  uses?: number;
}

export interface ScriptDraft {
  name: string;
  category?: string | null;
  text: string;
  imageUrl?: string | null;
  linkUrl?: string | null;
  linkTitle?: string | null;
  materialId?: string | null;
}

export interface ScriptLibraryView {
  personaId: string;
  scripts: Script[];
  version: number;
}

export interface RenderedScript {
  scriptId: string;
  text: string;
  imageUrl?: string | null;
  linkUrl?: string | null;
  linkTitle?: string | null;
  materialId?: string | null;
}

export type ReplyKind = "text" | "image" | "link" | "material";

export interface ReplyContent {
  kind: ReplyKind;
  text?: string | null;
  mediaUrl?: string | null;
  url?: string | null;
  title?: string | null;
  materialId?: string | null;
  scriptId?: string | null;
}

// ---- Handover (在职/离职继承): GET/POST /api/v1/console/handovers ----

export type HandoverKind = "onTheJob" | "resigned";
export type HandoverState = "waiting" | "completed" | "refused" | "limit" | "cancelled" | "failed";

export interface HandoverCustomerView {
  customerId: string;
  state: HandoverState;
  reason?: string | null;
}

export interface HandoverView {
  handoverId: string;
  personaId: string;
  fromAgentId: string;
  toAgentId: string;
  kind: HandoverKind;
  createdAt: string;
  dueAt: string;
  finishedAt?: string | null;
  counts: Partial<Record<HandoverState, number>>;
  customers: HandoverCustomerView[];
  requestedBy: string;
}
