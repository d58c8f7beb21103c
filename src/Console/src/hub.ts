// The SignalR connection to /hubs/console: reconnect policy, status, typed invocations.
import {
  HttpError,
  type HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  type IRetryPolicy,
  LogLevel,
  type RetryContext,
} from "@microsoft/signalr";
import type {
  ConversationActionResult,
  ConversationHold,
  ConsoleFeedPage,
  ConsolePush,
  CustomerView,
  GroupSummary,
  GroupView,
  HelloResult,
  OutboxMessage,
  RenderedScript,
  ReplyContent,
  Script,
  ScriptDraft,
  ScriptLibraryView,
} from "./types";
import type { Campaign, CampaignGroup, CampaignRow } from "./view/campaignsModel";

export type ConnStatus = "live" | "reconnecting" | "offline";

export const HUB_PATH = "/hubs/console";
/** Backoff between reconnect tries; the last delay repeats for ever. */
export const RECONNECT_DELAYS_MS: readonly number[] = [0, 1000, 2000, 5000, 10000];

export interface HubHandlers {
  status(s: ConnStatus): void;
  /** Connected (first time or after a reconnect): the caller says Hello and syncs its feeds. */
  connected(reconnect: boolean): void;
  feed(push: ConsolePush): void;
  /** The server refused the token (401/403): the caller signs out. */
  unauthorized(): void;
}

function isAuthError(e: unknown): boolean {
  if (e instanceof HttpError) return e.statusCode === 401 || e.statusCode === 403;
  // A refused negotiate surfaces as FailedToNegotiateWithServerError wrapping "Unauthorized: Status code '401'".
  return e instanceof Error && /Status code '(401|403)'/.test(e.message);
}

function delayFor(retry: number): number {
  const i = Math.min(retry, RECONNECT_DELAYS_MS.length - 1);
  return RECONNECT_DELAYS_MS[i] ?? 10000;
}

export class ConsoleHub {
  private readonly conn: HubConnection;
  private stopped = false;
  private startTimer: ReturnType<typeof setTimeout> | null = null;
  private startTries = 0;
  private authFailed = false;

  constructor(
    token: () => string,
    private readonly on: HubHandlers,
  ) {
    const policy: IRetryPolicy = {
      nextRetryDelayInMilliseconds: (ctx: RetryContext) => {
        if (this.stopped) return null;
        if (isAuthError(ctx.retryReason)) {
          this.authFailed = true;
          return null; // -> onclose -> unauthorized
        }
        return delayFor(ctx.previousRetryCount);
      },
    };
    this.conn = new HubConnectionBuilder()
      .withUrl(HUB_PATH, { accessTokenFactory: token })
      .withAutomaticReconnect(policy)
      .configureLogging(LogLevel.Warning)
      .build();

    this.conn.on("feed", (push: ConsolePush) => this.on.feed(push));
    this.conn.onreconnecting(() => this.on.status("reconnecting"));
    this.conn.onreconnected(() => {
      this.on.status("live");
      this.on.connected(true);
    });
    this.conn.onclose(() => {
      if (this.stopped) return;
      if (this.authFailed) {
        this.on.status("offline");
        this.on.unauthorized();
        return;
      }
      // Closed without reconnect (e.g. the server closed it): start again with backoff.
      this.on.status("offline");
      this.scheduleStart(true);
    });
  }

  get state(): HubConnectionState {
    return this.conn.state;
  }

  start(): void {
    this.stopped = false;
    this.startTries = 0;
    void this.tryStart(false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    try {
      await this.conn.stop();
    } catch {
      /* ignore */
    }
    this.on.status("offline");
  }

  private scheduleStart(reconnect: boolean): void {
    if (this.stopped || this.startTimer) return;
    // The first try of a start loop waits at least a second: a server that closes at once must not spin us.
    const delay = Math.max(1000, delayFor(this.startTries));
    this.startTries++;
    this.startTimer = setTimeout(() => {
      this.startTimer = null;
      void this.tryStart(reconnect);
    }, delay);
  }

  private async tryStart(reconnect: boolean): Promise<void> {
    if (this.stopped || this.conn.state !== HubConnectionState.Disconnected) return;
    try {
      await this.conn.start();
    } catch (e) {
      if (this.stopped) return;
      if (isAuthError(e)) {
        this.on.status("offline");
        this.on.unauthorized();
        return;
      }
      this.on.status("offline");
      this.scheduleStart(reconnect);
      return;
    }
    if (this.stopped) {
      await this.conn.stop();
      return;
    }
    this.startTries = 0;
    this.on.status("live");
    this.on.connected(reconnect);
  }

  // ---- client -> server ----
  hello(): Promise<HelloResult> {
    return this.conn.invoke<HelloResult>("Hello");
  }
  syncPersona(personaId: string, afterSequence: number): Promise<ConsoleFeedPage> {
    return this.conn.invoke<ConsoleFeedPage>("SyncPersona", personaId, afterSequence);
  }
  syncAgent(afterSequence: number): Promise<ConsoleFeedPage> {
    return this.conn.invoke<ConsoleFeedPage>("SyncAgent", afterSequence);
  }
  getCustomer(customerId: string): Promise<CustomerView> {
    return this.conn.invoke<CustomerView>("GetCustomer", customerId);
  }
  getGroup(groupId: string): Promise<GroupView> {
    return this.conn.invoke<GroupView>("GetGroup", groupId);
  }
  reply(personaId: string, customerId: string, text: string, clientMessageId: string): Promise<OutboxMessage> {
    return this.conn.invoke<OutboxMessage>("Reply", personaId, customerId, text, clientMessageId);
  }
  claimConversation(personaId: string, customerId: string, confirm: boolean): Promise<ConversationActionResult> {
    return this.conn.invoke<ConversationActionResult>("ClaimConversation", personaId, customerId, confirm);
  }
  transferConversation(personaId: string, customerId: string, toAgentId: string): Promise<ConversationActionResult> {
    return this.conn.invoke<ConversationActionResult>("TransferConversation", personaId, customerId, toAgentId);
  }
  resolveConversation(personaId: string, customerId: string): Promise<ConversationActionResult> {
    return this.conn.invoke<ConversationActionResult>("ResolveConversation", personaId, customerId);
  }
  holdConversation(personaId: string, customerId: string): Promise<ConversationHold> {
    return this.conn.invoke<ConversationHold>("HoldConversation", personaId, customerId);
  }
  releaseConversation(personaId: string, customerId: string): Promise<void> {
    return this.conn.invoke<void>("ReleaseConversation", personaId, customerId);
  }
  send(personaId: string, customerId: string, content: ReplyContent, clientMessageId: string): Promise<OutboxMessage> {
    return this.conn.invoke<OutboxMessage>("Send", personaId, customerId, content, clientMessageId);
  }
  listScripts(personaId: string): Promise<ScriptLibraryView> {
    return this.conn.invoke<ScriptLibraryView>("ListScripts", personaId);
  }
  saveScript(personaId: string, scriptId: string, draft: ScriptDraft, expectedVersion: number | null): Promise<Script> {
    return this.conn.invoke<Script>("SaveScript", personaId, scriptId, draft, expectedVersion);
  }
  deleteScript(personaId: string, scriptId: string, expectedVersion: number | null): Promise<void> {
    return this.conn.invoke<void>("DeleteScript", personaId, scriptId, expectedVersion);
  }
  renderScript(personaId: string, customerId: string, scriptId: string): Promise<RenderedScript> {
    return this.conn.invoke<RenderedScript>("RenderScript", personaId, customerId, scriptId);
  }
  markRead(personaId: string, customerId: string): Promise<void> {
    return this.conn.invoke<void>("MarkRead", personaId, customerId);
  }
  listGroups(personaId: string): Promise<GroupSummary[]> {
    return this.conn.invoke<GroupSummary[]>("ListGroups", personaId);
  }
  postToGroup(personaId: string, groupId: string, text: string, clientMessageId: string): Promise<OutboxMessage> {
    return this.conn.invoke<OutboxMessage>("PostToGroup", personaId, groupId, text, clientMessageId);
  }
  tagCustomer(customerId: string, tag: string, remove: boolean): Promise<CustomerView> {
    return this.conn.invoke<CustomerView>("TagCustomer", customerId, tag, remove);
  }
  listCampaigns(personaId: string): Promise<CampaignRow[]> {
    return this.conn.invoke<CampaignRow[]>("ListCampaigns", personaId);
  }
  getCampaign(personaId: string, campaignId: string): Promise<Campaign> {
    return this.conn.invoke<Campaign>("GetCampaign", personaId, campaignId);
  }
  getCampaignGroups(personaId: string, campaignId: string): Promise<CampaignGroup[]> {
    return this.conn.invoke<CampaignGroup[]>("GetCampaignGroups", personaId, campaignId);
  }
  confirmCampaignTask(personaId: string, campaignId: string, taskId: string): Promise<Campaign> {
    return this.conn.invoke<Campaign>("ConfirmCampaignTask", personaId, campaignId, taskId);
  }
  /** Supervisors only: "Pause", "Resume" or "Cancel". */
  controlCampaign(verb: "Pause" | "Resume" | "Cancel", personaId: string, campaignId: string): Promise<Campaign> {
    return this.conn.invoke<Campaign>(`${verb}Campaign`, personaId, campaignId);
  }
}
