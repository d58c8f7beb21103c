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
  | "conversation.assigned";

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
}

export interface ConversationView {
  customerId: string;
  assignedAgentId?: string | null;
  lastMessageAt: string;
  lastText: string;
  unread: number;
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
