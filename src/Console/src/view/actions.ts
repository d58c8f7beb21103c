// What views may ask the controller to do. Views never touch the hub or the feed store directly.
import type { Feed } from "../feeds";
import type { ViewName } from "../state";
import type { FeedOwnerKind } from "../types";

export interface Actions {
  signIn(tenantId: string, agentId: string): Promise<void>;
  signOut(): void;
  selectPersona(personaId: string): void;
  selectConversation(personaId: string, customerId: string): void;
  openCustomer(customerId: string): void;
  openGroup(groupId: string): void;
  closePanel(): void;
  reloadPanel(): void;
  reply(text: string): Promise<boolean>;
  retryReply(clientMessageId: string): void;
  discardReply(clientMessageId: string): void;
  tag(customerId: string, tag: string, remove: boolean): Promise<void>;
  openNotice(testKey: string): void;
  dismissNotice(testKey: string): void;
  dismissAllNotices(): void;
  feed(kind: FeedOwnerKind, ownerId: string): Feed | undefined;
  showView(view: ViewName): void;
  selectJourney(journeyId: string): void;
  selectJourneyVersion(version: number): void;
}
