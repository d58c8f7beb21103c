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
