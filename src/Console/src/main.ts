// The controller: owns the session, the hub connection and the feed store; applies what arrives
// to AppState; the views render AppState.
import { clearSession, devSignIn, loadSession, saveSession, type Session } from "./api";
import { applyAssignmentItem } from "./assignment";
import { FeedStore, parseOwnerKind, type Feed } from "./feeds";
import { applyToGroup, applyToSummary, sortGroups } from "./groups";
import { ConsoleHub, type ConnStatus } from "./hub";
import { JourneyPoller } from "./journeys";
import { AppState, convKey, type Notice, type PendingReply, type PersonaState, type ViewName } from "./state";
import type { ConsoleItem, ConsolePush, ConversationActionResult, CustomerView, FeedOwnerKind, GroupView, HelloResult } from "./types";
import type { OutboxMessage, RenderedScript, ReplyContent, Script, ScriptDraft, ScriptLibraryView } from "./types";
import { newId, errorText } from "./util";
import type { Actions } from "./view/actions";
import type { AssignmentActions } from "./view/assignment";
import { CenterView } from "./view/center";
import { ScriptsDrawer } from "./view/scripts";
import { byId } from "./view/dom";
import { GroupsView, type GroupActions } from "./view/groups";
import { JourneysView } from "./view/journeys";
import { NoticesView } from "./view/notices";
import { PanelView } from "./view/panel";
import { SidebarView } from "./view/sidebar";
import { SigninView } from "./view/signin";
import { TopbarView } from "./view/topbar";
import { getJson, postJson } from "./api";
import { HandoverClient } from "./handover";
import { HandoverView } from "./view/handover";
import { CampaignsView, type CampaignActions } from "./view/campaigns";
import { campaignOf, Throttle, type Campaign } from "./view/campaignsModel";

type GroupsPost = AppState["groupsView"]["posting"][number];

const MAX_NOTICES = 100;
const REFRESH_DEBOUNCE_MS = 250;
const HELLO_RETRY_MS = 5000;

/** How often the hold ("is replying") is renewed while the agent keeps typing; the server's lease is 30 s. */
const HOLD_RENEW_MS = 10_000;

/** A campaign is re-read at most this often however many of its feed items arrive. */
const CAMPAIGN_REREAD_MS = 1000;

class Controller implements Actions, GroupActions, AssignmentActions, CampaignActions {
  readonly state = new AppState();
  private hub: ConsoleHub | null = null;
  private feeds: FeedStore | null = null;
  private journeys: JourneyPoller | null = null;
  /** Bumped on every sign-in/out so answers for an older session are dropped. */
  private generation = 0;
  private helloRun = 0;
  private helloRetry: ReturnType<typeof setTimeout> | null = null;
  private refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private campaignReads = new Throttle(CAMPAIGN_REREAD_MS, () => Date.now(), (fn, ms) => setTimeout(fn, ms), (t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  /** The latest read asked per campaign key: an older answer arriving late is dropped. */
  private campaignAsked = new Map<string, number>();

  private signinView!: SigninView;
  private noticesView!: NoticesView;
  private panelView!: PanelView;

  boot(): void {
    this.signinView = new SigninView(this);
    new TopbarView(this.state, this);
    new SidebarView(this.state, this);
    new CenterView(this.state, this).rich = new ScriptsDrawer(this.state, this);
    this.panelView = new PanelView(this.state, this);
    this.noticesView = new NoticesView(this.state, this);
    new JourneysView(this.state, this);
    new GroupsView(this.state, this);
    // After the top bar: the Campaigns view adds and drives its own tab.
    new CampaignsView(this.state, this);
    // Handover (supervisors): a self-contained page over the REST API; it renders after every answer.
    const handover: HandoverView = new HandoverView(this.state, new HandoverClient(() => this.state.session?.token ?? null, () => handover.render(), { get: getJson, post: postJson }));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      this.markSelectedRead();
      if (this.state.view === "journeys") void this.journeys?.refresh();
    });

    const q = new URLSearchParams(location.search);
    const qTenant = q.get("tenant")?.trim();
    const qAgent = q.get("agent")?.trim();
    const saved = loadSession();
    if (qTenant && qAgent) {
      // Drop the query so a later sign-out + reload does not sign in again.
      history.replaceState(null, "", location.pathname + location.hash);
      if (saved && saved.tenantId === qTenant && saved.agentId === qAgent) this.enter(saved);
      else {
        this.signinView.fill(qTenant, qAgent);
        this.showSignin();
        this.signinView.busy(true);
        void this.signIn(qTenant, qAgent).finally(() => this.signinView.busy(false));
      }
      return;
    }
    if (saved) this.enter(saved);
    else this.showSignin();
  }

  // ---- session ----

  async signIn(tenantId: string, agentId: string): Promise<void> {
    try {
      const s = await devSignIn(tenantId, agentId);
      saveSession(s);
      this.enter(s);
    } catch (e) {
      this.signinView.showError(errorText(e));
    }
  }

  signOut(message: string | null = null): void {
    this.generation++;
    const hub = this.hub;
    this.hub = null;
    this.feeds?.clear();
    this.feeds = null;
    void hub?.stop();
    this.journeys?.stop();
    this.journeys = null;
    for (const t of this.refreshTimers.values()) clearTimeout(t);
    this.refreshTimers.clear();
    this.campaignReads.clear();
    if (this.helloRetry) clearTimeout(this.helloRetry);
    this.helloRetry = null;
    clearSession();
    const last = this.state.session;
    this.state.session = null;
    this.state.reset();
    this.state.status = "offline";
    if (last) this.signinView.fill(last.tenantId, last.agentId);
    this.showSignin();
    this.signinView.showError(message);
    for (const t of ["session", "status", "personas", "selection", "panel", "notices", "pending", "error", "view"] as const) this.state.emit(t);
    byId("toasts").replaceChildren();
  }

  private showSignin(): void {
    byId("app").hidden = true;
    byId("signin").hidden = false;
    document.title = "Sign in · PrivateDomain console";
    this.signinView.focus();
  }

  private enter(s: Session): void {
    this.generation++;
    const gen = this.generation;
    this.state.reset();
    this.state.session = s;
    byId("signin").hidden = true;
    byId("app").hidden = false;
    document.title = `${s.agentId} · ${s.tenantId} · PrivateDomain console`;
    this.journeys = new JourneyPoller(this.state, () => s.token, () => {
      if (gen === this.generation) this.signOut("Your session has expired or was refused. Please sign in again.");
    });
    // The view lives in the address (#journeys), so a reload or a shared link opens it again.
    this.state.view = location.hash === "#journeys" ? "journeys" : location.hash === "#groups" ? "groups" : location.hash === "#handover" ? "handover" : location.hash === "#campaigns" ? "campaigns" : "inbox";
    if (this.state.view === "journeys") this.journeys.start();
    for (const t of ["session", "personas", "selection", "panel", "notices", "pending", "error", "view"] as const) this.state.emit(t);

    const feeds = new FeedStore(
      (kind, id, after) => {
        const hub = this.hub;
        if (!hub || gen !== this.generation) return Promise.reject(new Error("signed out"));
        return kind === "agent" ? hub.syncAgent(after) : hub.syncPersona(id, after);
      },
      {
        appended: (f, items, live) => {
          if (gen === this.generation) this.onAppended(f, items, live);
        },
        skipped: (f, from, to) => console.info(`feed ${f.key}: sequences ${from}..${to} are no longer kept by the server`),
        error: (f, err) => {
          if (gen === this.generation && this.state.status === "live") console.warn(`sync of ${f.key} failed`, err);
        },
      },
    );
    this.feeds = feeds;
    this.hub = new ConsoleHub(() => s.token, {
      status: (st) => {
        if (gen === this.generation) this.setStatus(st);
      },
      connected: () => {
        if (gen === this.generation) void this.helloAndSync();
      },
      feed: (p) => {
        if (gen === this.generation) this.onPush(p);
      },
      unauthorized: () => {
        if (gen === this.generation) this.signOut("Your session has expired or was refused. Please sign in again.");
      },
    });
    this.hub.start();
  }

  private setStatus(st: ConnStatus): void {
    if (this.state.status === st) return;
    this.state.status = st;
    this.state.emit("status");
  }

  // ---- hello and sync ----

  private async helloAndSync(): Promise<void> {
    const hub = this.hub;
    const feeds = this.feeds;
    if (!hub || !feeds) return;
    const gen = this.generation;
    const run = ++this.helloRun;
    if (this.helloRetry) clearTimeout(this.helloRetry);
    this.helloRetry = null;
    let hello: HelloResult;
    try {
      hello = await hub.hello();
    } catch (e) {
      if (gen !== this.generation || run !== this.helloRun) return;
      console.warn("Hello failed", e);
      this.state.lastError = `Could not load your personas: ${errorText(e)}`;
      this.state.emit("error");
      if (this.state.status === "live") this.helloRetry = setTimeout(() => void this.helloAndSync(), HELLO_RETRY_MS);
      return;
    }
    if (gen !== this.generation || run !== this.helloRun) return;
    if (this.state.lastError) {
      this.state.lastError = null;
      this.state.emit("error");
    }
    this.applyHello(hello, feeds);
    await feeds.syncAll();
    if (gen !== this.generation) return;
    // The open conversation's messages that came while we were away are in view now: they are read.
    if (document.visibilityState === "visible") this.markSelectedRead();
    // Whatever the panel shows may have changed while we were away.
    this.reloadPanel();
    if (this.state.view === "groups") this.reloadGroups();
    // Also while another view is on screen: the Campaigns tab shows how many tasks wait for confirmation.
    this.reloadCampaigns();
  }

  private applyHello(h: HelloResult, feeds: FeedStore): void {
    const s = this.state;
    s.agent = h.agent;
    this.held = null; // a new connection holds nothing
    const next = new Map<string, PersonaState>();
    for (const p of h.personas ?? []) {
      const ps: PersonaState = {
        view: p,
        convAsOf: p.feedSequence ?? 0,
        conversations: new Map((p.conversations ?? []).map((c) => [c.customerId, { ...c }])),
      };
      for (const c of ps.conversations.values()) {
        const seen = s.readUpTo.get(convKey(p.personaId, c.customerId));
        if (seen && (Date.parse(seen) || 0) >= (Date.parse(c.lastMessageAt) || 0)) c.unread = 0;
      }
      next.set(p.personaId, ps);
      // Items we already hold beyond the snapshot are not in it: apply them again.
      const f = feeds.ensure("persona", p.personaId);
      for (const it of f.items) if (it.sequence > ps.convAsOf) this.applyToConversation(p.personaId, ps, it);
    }
    for (const old of s.personas.keys()) if (!next.has(old)) feeds.remove("persona", old);
    s.personas = next;
    const agentId = h.agent?.agentId ?? s.session?.agentId;
    if (agentId) {
      for (const f of feeds.all()) if (f.kind === "agent" && f.ownerId !== agentId) feeds.remove("agent", f.ownerId);
      feeds.ensure("agent", agentId);
    }
    let selectionChanged = false;
    if (!s.selectedPersonaId || !next.has(s.selectedPersonaId)) {
      s.selectedPersonaId = next.keys().next().value ?? null;
      s.selectedCustomerId = null;
      selectionChanged = true;
    }
    s.emit("personas");
    if (selectionChanged) s.emit("selection");
  }

  private onPush(p: ConsolePush): void {
    const feeds = this.feeds;
    if (!feeds || !p || !p.item || typeof p.item.sequence !== "number") return;
    const kind = parseOwnerKind(p.ownerKind);
    if (!kind) return;
    if (kind === "persona" && !this.state.personas.has(p.ownerId)) {
      // A persona we were not told about (just assigned?): ask again; Hello adds its feed and syncs it.
      this.scheduleHello();
      return;
    }
    if (kind === "agent" && this.state.agent && p.ownerId !== this.state.agent.agentId) return;
    feeds.push(kind, p.ownerId, p.item);
  }

  private scheduleHello(): void {
    if (this.helloRetry) return;
    this.helloRetry = setTimeout(() => {
      this.helloRetry = null;
      void this.helloAndSync();
    }, 300);
  }

  // ---- applying items ----

  private onAppended(f: Feed, items: ConsoleItem[], live: boolean): void {
    const s = this.state;
    let conversationsChanged = false;
    const ps = f.kind === "persona" ? s.personas.get(f.ownerId) : undefined;
    for (const it of items) {
      if (ps && it.sequence > ps.convAsOf) {
        this.applyToConversation(f.ownerId, ps, it);
        conversationsChanged = true;
      }
      if (it.customerId && (it.kind === "customer.updated" || it.kind === "customer.added" || it.kind === "conversation.assigned")) {
        this.customerChanged(it.customerId);
      }
      if (it.groupId && s.panel?.kind === "group" && s.panel.id === it.groupId) this.scheduleRefresh(`group:${it.groupId}`);
      if (it.groupId && f.kind === "persona" && s.groupsView.personaId === f.ownerId) this.groupItem(it);
      const campaignId = campaignOf(it);
      if (campaignId) this.campaignItem(f.kind === "persona" ? f.ownerId : (it.personaId ?? null), campaignId);
      if (it.kind === "reply.sent") this.resolvePending(f.kind === "persona" ? f.ownerId : (it.personaId ?? null), it);
      const toMe = it.kind === "conversation.transferred" && !!it.agentId && it.agentId === s.agent?.agentId;
      if (f.kind === "agent" || it.kind === "alert.churn" || toMe) this.addNotice(f.kind, f.ownerId, it, live);
    }
    s.emitFeed({ ownerKind: f.kind, ownerId: f.ownerId, items, live });
    if (conversationsChanged) s.emit("personas");
  }

  private applyToConversation(personaId: string, ps: PersonaState, it: ConsoleItem): void {
    ps.convAsOf = Math.max(ps.convAsOf, it.sequence);
    if (it.kind === "customer.added") ps.view = { ...ps.view, customerCount: ps.view.customerCount + 1 };
    const cid = it.customerId;
    if (!cid) return;
    const get = () => {
      let c = ps.conversations.get(cid);
      if (!c) {
        c = { customerId: cid, assignedAgentId: null, lastMessageAt: it.at, lastText: "", unread: 0 };
        ps.conversations.set(cid, c);
      }
      return c;
    };
    switch (it.kind) {
      case "message.direct": {
        const c = get();
        c.lastText = it.text;
        c.lastMessageAt = it.at;
        if (this.isOpen(personaId, cid)) this.state.readUpTo.set(convKey(personaId, cid), it.at);
        else c.unread += 1;
        break;
      }
      case "reply.sent": {
        const c = get();
        c.lastText = it.text;
        c.lastMessageAt = it.at;
        c.unread = 0; // answered
        break;
      }
      default:
        if (it.kind.startsWith("conversation.")) applyAssignmentItem(get(), it);
    }
    if (it.kind === "message.direct") applyAssignmentItem(get(), it);
  }

  private isOpen(personaId: string, customerId: string): boolean {
    return (
      this.state.selectedPersonaId === personaId &&
      this.state.selectedCustomerId === customerId &&
      document.visibilityState === "visible"
    );
  }

  private addNotice(kind: FeedOwnerKind, ownerId: string, it: ConsoleItem, live: boolean): void {
    const testKey = kind === "agent" ? String(it.sequence) : `persona-${ownerId}-${it.sequence}`;
    const s = this.state;
    if (s.notices.some((n) => n.testKey === testKey)) return;
    const n: Notice = { testKey, ownerKind: kind, ownerId, item: it, unseen: live };
    s.notices.unshift(n);
    s.notices.sort((a, b) => (Date.parse(b.item.at) || 0) - (Date.parse(a.item.at) || 0));
    if (s.notices.length > MAX_NOTICES) s.notices.length = MAX_NOTICES;
    s.emit("notices");
    if (live) this.noticesView.toast(n);
  }

  private resolvePending(personaId: string | null, it: ConsoleItem): void {
    const s = this.state;
    const before = s.pending.length;
    const ev = it.eventId;
    // The item's eventId is the outbox deliveryId, which embeds the clientMessageId ("reply:<persona>:<clientMessageId>").
    const byId = ev
      ? s.pending.findIndex((p) => p.deliveryId === ev || p.clientMessageId === ev || ev.endsWith(`:${p.clientMessageId}`))
      : -1;
    let idx = byId;
    if (idx < 0) {
      idx = s.pending.findIndex(
        (p) =>
          p.status !== "failed" &&
          p.customerId === it.customerId &&
          (personaId === null || p.personaId === personaId) &&
          p.text.trim() === it.text.trim(),
      );
    }
    if (idx >= 0) s.pending.splice(idx, 1);
    if (s.pending.length !== before) s.emit("pending");
  }

  // ---- selection and panel ----

  selectPersona(personaId: string): void {
    const s = this.state;
    if (!s.personas.has(personaId)) return;
    s.selectedPersonaId = personaId;
    s.selectedCustomerId = null;
    s.emit("selection");
  }

  selectConversation(personaId: string, customerId: string): void {
    const s = this.state;
    if (!s.personas.has(personaId)) return;
    s.selectedPersonaId = personaId;
    s.selectedCustomerId = customerId;
    this.markSelectedRead();
    s.emit("selection");
    this.openCustomer(customerId);
  }

  private markSelectedRead(): void {
    const s = this.state;
    const pid = s.selectedPersonaId;
    const cid = s.selectedCustomerId;
    if (!pid || !cid) return;
    const c = s.personas.get(pid)?.conversations.get(cid);
    if (!c) return;
    s.readUpTo.set(convKey(pid, cid), c.lastMessageAt);
    if (c.unread !== 0) {
      c.unread = 0;
      s.emit("personas");
      // Read state lives on the server so every console of the persona (and a reload) agrees.
      this.hub?.markRead(pid, cid).catch(() => undefined);
    }
  }

  openCustomer(customerId: string): void {
    this.state.panel = { kind: "customer", id: customerId };
    this.state.emit("panel");
    void this.loadCustomer(customerId);
  }

  openGroup(groupId: string): void {
    this.state.panel = { kind: "group", id: groupId };
    this.state.emit("panel");
    void this.loadGroup(groupId);
  }

  closePanel(): void {
    this.state.panel = null;
    this.state.emit("panel");
  }

  reloadPanel(): void {
    const p = this.state.panel;
    if (p?.kind === "customer") void this.loadCustomer(p.id);
    else if (p?.kind === "group") void this.loadGroup(p.id);
  }

  private customerChanged(customerId: string): void {
    const p = this.state.panel;
    if (p?.kind === "customer" && p.id === customerId) this.scheduleRefresh(`customer:${customerId}`);
    else this.state.customers.delete(customerId); // stale: load afresh when opened
  }

  private scheduleRefresh(key: string): void {
    if (this.refreshTimers.has(key)) return;
    this.refreshTimers.set(
      key,
      setTimeout(() => {
        this.refreshTimers.delete(key);
        const [kind, ...rest] = key.split(":");
        const id = rest.join(":");
        if (kind === "customer") void this.loadCustomer(id);
        else if (kind === "groups") void this.loadGroups(id);
        else void this.loadGroup(id);
      }, REFRESH_DEBOUNCE_MS),
    );
  }

  private storeCustomer(c: CustomerView): void {
    const old = this.state.customers.get(c.customerId);
    // Answers can overtake each other: never go back to an older projection.
    if (old && (old.appliedSequence ?? 0) > (c.appliedSequence ?? 0)) return;
    this.state.customers.set(c.customerId, c);
    const p = this.state.panel;
    if (p?.kind === "customer" && p.id === c.customerId) this.state.emit("panel");
  }

  private storeGroup(g: GroupView): void {
    const old = this.state.groups.get(g.groupId);
    if (old && (old.appliedSequence ?? 0) > (g.appliedSequence ?? 0)) return;
    this.state.groups.set(g.groupId, g);
    const p = this.state.panel;
    if (p?.kind === "group" && p.id === g.groupId) this.state.emit("panel");
    if (this.state.groupsView.selectedId === g.groupId) this.state.emit("groups");
  }

  private async loadCustomer(customerId: string): Promise<void> {
    const hub = this.hub;
    if (!hub || this.state.status !== "live") return;
    const gen = this.generation;
    try {
      const c = await hub.getCustomer(customerId);
      if (gen === this.generation && c) this.storeCustomer(c);
    } catch (e) {
      if (gen === this.generation) this.panelView.showError(`customer:${customerId}`, `Could not load the customer: ${errorText(e)}`);
    }
  }

  private async loadGroup(groupId: string): Promise<void> {
    const hub = this.hub;
    if (!hub || this.state.status !== "live") return;
    const gen = this.generation;
    try {
      const g = await hub.getGroup(groupId);
      if (gen === this.generation && g) this.storeGroup(g);
    } catch (e) {
      if (gen === this.generation) this.panelView.showError(`group:${groupId}`, `Could not load the group: ${errorText(e)}`);
    }
  }

  async tag(customerId: string, tag: string, remove: boolean): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    const gen = this.generation;
    try {
      const c = await hub.tagCustomer(customerId, tag, remove);
      if (gen === this.generation && c) this.storeCustomer(c);
    } catch (e) {
      if (gen === this.generation) this.panelView.showError(`customer:${customerId}`, `Could not ${remove ? "remove" : "add"} tag “${tag}”: ${errorText(e)}`);
    }
  }

  // ---- assignment ----

  private held: { key: string; at: number } | null = null;

  claimConversation(personaId: string, customerId: string, confirm: boolean): Promise<string | null> {
    return this.assignmentCall(personaId, "claim", (hub) => hub.claimConversation(personaId, customerId, confirm));
  }

  async transferConversation(personaId: string, customerId: string, toAgentId: string): Promise<void> {
    await this.assignmentCall(personaId, "transfer", (hub) => hub.transferConversation(personaId, customerId, toAgentId));
  }

  async resolveConversation(personaId: string, customerId: string): Promise<void> {
    await this.assignmentCall(personaId, "resolve", (hub) => hub.resolveConversation(personaId, customerId));
  }

  private async assignmentCall(
    personaId: string,
    verb: string,
    call: (hub: ConsoleHub) => Promise<ConversationActionResult>,
  ): Promise<string | null> {
    const hub = this.hub;
    if (!hub) return null;
    const gen = this.generation;
    try {
      const r = await call(hub);
      if (gen !== this.generation) return null;
      // The feed brings the same change to every console; applying the answer now just saves the wait.
      const c = r?.conversation;
      const ps = this.state.personas.get(personaId);
      const known = c && ps?.conversations.get(c.customerId);
      if (known) {
        Object.assign(known, { assignedAgentId: c.assignedAgentId, status: c.status, waitingSince: c.waitingSince, hold: c.hold });
        this.state.emit("personas");
      }
      return r?.outcome ?? null;
    } catch (e) {
      if (gen === this.generation) {
        this.state.lastError = `Could not ${verb} the conversation: ${errorText(e)}`;
        this.state.emit("error");
      }
      return null;
    }
  }

  composing(personaId: string, customerId: string, active: boolean): void {
    const hub = this.hub;
    if (!hub) return;
    const key = convKey(personaId, customerId);
    if (!active) {
      if (this.held?.key !== key) return;
      this.held = null;
      hub.releaseConversation(personaId, customerId).catch(() => undefined);
      return;
    }
    const now = Date.now();
    if (this.held?.key === key && now - this.held.at < HOLD_RENEW_MS) return;
    this.held = { key, at: now };
    const gen = this.generation;
    hub
      .holdConversation(personaId, customerId)
      .then((hold) => {
        const c = this.state.personas.get(personaId)?.conversations.get(customerId);
        // A colleague already holds it: show them now rather than after their feed item.
        if (gen === this.generation && c && hold && hold.agentId !== c.hold?.agentId) {
          c.hold = hold;
          this.state.emit("personas");
        }
      })
      .catch(() => {
        if (this.held?.key === key) this.held = null;
      });
  }

  // ---- script library (话术) and rich replies ----

  private connected(): ConsoleHub {
    if (!this.hub) throw new Error("not connected");
    return this.hub;
  }

  listScripts(personaId: string): Promise<ScriptLibraryView> {
    return this.connected().listScripts(personaId);
  }

  saveScript(personaId: string, scriptId: string, draft: ScriptDraft, expectedVersion: number | null): Promise<Script> {
    return this.connected().saveScript(personaId, scriptId, draft, expectedVersion);
  }

  deleteScript(personaId: string, scriptId: string, expectedVersion: number | null): Promise<void> {
    return this.connected().deleteScript(personaId, scriptId, expectedVersion);
  }

  renderScript(personaId: string, customerId: string, scriptId: string): Promise<RenderedScript> {
    return this.connected().renderScript(personaId, customerId, scriptId);
  }

  sendRich(personaId: string, customerId: string, content: ReplyContent, clientMessageId: string): Promise<OutboxMessage> {
    this.held = null; // the server ends the sender's hold with the reply
    return this.connected().send(personaId, customerId, content, clientMessageId);
  }

  // ---- replies ----

  async reply(text: string): Promise<boolean> {
    const s = this.state;
    const pid = s.selectedPersonaId;
    const cid = s.selectedCustomerId;
    if (!pid || !cid || !text.trim()) return false;
    this.held = null; // the server ends the sender's hold with the reply
    const p: PendingReply = {
      clientMessageId: newId(),
      personaId: pid,
      customerId: cid,
      text,
      at: new Date().toISOString(),
      status: "sending",
    };
    s.pending.push(p);
    s.emit("pending");
    return this.sendPending(p);
  }

  retryReply(clientMessageId: string): void {
    const p = this.state.pending.find((x) => x.clientMessageId === clientMessageId);
    if (!p || p.status !== "failed") return;
    p.status = "sending";
    delete p.error;
    this.state.emit("pending");
    void this.sendPending(p);
  }

  discardReply(clientMessageId: string): void {
    const s = this.state;
    s.pending = s.pending.filter((x) => x.clientMessageId !== clientMessageId);
    s.emit("pending");
  }

  private async sendPending(p: PendingReply): Promise<boolean> {
    const hub = this.hub;
    const gen = this.generation;
    try {
      if (!hub) throw new Error("not connected");
      // The same clientMessageId on a retry: the server keeps the first (idempotent outbox).
      const out = await hub.reply(p.personaId, p.customerId, p.text, p.clientMessageId);
      if (gen !== this.generation) return false;
      p.deliveryId = out?.deliveryId;
      p.status = out?.status === "sent" ? "sent" : out?.status === "failed" ? "failed" : "pending";
      // The reply.sent item may have arrived before this answer.
      const feed = this.feeds?.get("persona", p.personaId);
      const echoed = feed?.items.some(
        (it) => it.kind === "reply.sent" && it.customerId === p.customerId && !!it.eventId && (it.eventId === p.deliveryId || it.eventId === p.clientMessageId),
      );
      if (echoed) this.state.pending = this.state.pending.filter((x) => x !== p);
      this.state.emit("pending");
      return true;
    } catch (e) {
      if (gen !== this.generation) return false;
      p.status = "failed";
      p.error = errorText(e);
      this.state.emit("pending");
      return false;
    }
  }

  // ---- notices ----

  openNotice(testKey: string): void {
    const n = this.state.notices.find((x) => x.testKey === testKey);
    if (!n) return;
    if (n.unseen) {
      n.unseen = false;
      this.state.emit("notices");
    }
    const cid = n.item.customerId;
    const pid = n.ownerKind === "persona" ? n.ownerId : (n.item.personaId ?? null);
    const campaignId = campaignOf(n.item);
    if (campaignId && pid && this.state.personas.has(pid)) this.openCampaign(pid, campaignId);
    else if (cid && pid && this.state.personas.has(pid)) this.selectConversation(pid, cid);
    else if (cid) this.openCustomer(cid);
    else if (n.item.groupId) this.openGroup(n.item.groupId);
  }

  dismissNotice(testKey: string): void {
    this.state.notices = this.state.notices.filter((x) => x.testKey !== testKey);
    this.state.emit("notices");
  }

  dismissAllNotices(): void {
    this.state.notices = [];
    this.state.emit("notices");
  }

  feed(kind: FeedOwnerKind, ownerId: string): Feed | undefined {
    return this.feeds?.get(kind, ownerId);
  }

  // ---- journeys ----

  showView(view: ViewName): void {
    if (!this.state.session) return;
    if (this.state.view !== view) {
      this.state.view = view;
      history.replaceState(null, "", location.pathname + location.search + (view === "inbox" ? "" : `#${view}`));
      this.state.emit("view");
    }
    if (view === "groups") this.reloadGroups();
    if (view === "campaigns") this.reloadCampaigns();
    // Poll only while the view is on screen.
    if (view === "journeys") this.journeys?.start();
    else this.journeys?.stop();
  }

  // ---- groups ----

  /** Lists the groups of the persona shown (the selected persona by default) and reloads the open group. */
  private reloadGroups(): void {
    const g = this.state.groupsView;
    const pid = g.personaId && this.state.personas.has(g.personaId) ? g.personaId : this.state.selectedPersonaId;
    if (!pid) return;
    if (g.personaId !== pid) this.state.groupsView = { ...g, personaId: pid, list: [], loaded: false, selectedId: null };
    void this.loadGroups(pid);
    if (this.state.groupsView.selectedId) void this.loadGroup(this.state.groupsView.selectedId);
  }

  showGroupsOf(personaId: string): void {
    if (!this.state.personas.has(personaId)) return;
    this.state.groupsView = { ...this.state.groupsView, personaId, list: [], loaded: false, selectedId: null, error: null };
    this.state.emit("groups");
    void this.loadGroups(personaId);
  }

  selectGroup(groupId: string): void {
    this.state.groupsView.selectedId = groupId;
    this.state.emit("groups");
    void this.loadGroup(groupId);
  }

  private async loadGroups(personaId: string): Promise<void> {
    const hub = this.hub;
    if (!hub || this.state.status !== "live") return;
    const gen = this.generation;
    try {
      const list = await hub.listGroups(personaId);
      const g = this.state.groupsView;
      if (gen !== this.generation || g.personaId !== personaId) return;
      g.list = sortGroups(list ?? []);
      g.loaded = true;
      g.error = null;
      if (!g.selectedId && g.list[0]) this.selectGroup(g.list[0].groupId);
    } catch (e) {
      if (gen !== this.generation) return;
      this.state.groupsView.error = `Could not load the groups: ${errorText(e)}`;
    }
    this.state.emit("groups");
  }

  /** A persona feed item about one of the listed groups: shown at once, then both are reloaded a moment later. */
  private groupItem(it: ConsoleItem): void {
    const g = this.state.groupsView;
    const id = it.groupId ?? "";
    g.list = applyToSummary(g.list, it);
    const open = this.state.groups.get(id);
    if (open) this.state.groups.set(id, applyToGroup(open, it));
    if (it.kind === "group.posted" && it.eventId) g.posting = g.posting.filter((p) => !it.eventId?.endsWith(`:${p.clientMessageId}`));
    if (this.state.view === "groups" && g.personaId) {
      this.scheduleRefresh(`groups:${g.personaId}`);
      if (g.selectedId === id) this.scheduleRefresh(`group:${id}`);
    }
    this.state.emit("groups");
  }

  async postToGroup(text: string): Promise<boolean> {
    const g = this.state.groupsView;
    const hub = this.hub;
    const pid = g.personaId;
    const gid = g.selectedId;
    if (!hub || !pid || !gid || !text.trim()) return false;
    const post: GroupsPost = { clientMessageId: newId(), groupId: gid, text };
    g.posting.push(post);
    this.state.emit("groups");
    const gen = this.generation;
    try {
      // A retry would reuse the clientMessageId: the server posts it once.
      const out = await hub.postToGroup(pid, gid, text, post.clientMessageId);
      if (gen !== this.generation) return false;
      const open = this.state.groups.get(gid);
      if (open && out) {
        const item: ConsoleItem = { sequence: 0, kind: "group.posted", at: out.createdAt, groupId: gid, personaId: pid, agentId: out.agentId ?? null, text: out.text, eventId: out.deliveryId };
        this.state.groups.set(gid, applyToGroup(open, item));
      }
      this.state.groupsView.posting = this.state.groupsView.posting.filter((p) => p !== post);
      this.state.emit("groups");
      return true;
    } catch (e) {
      if (gen !== this.generation) return false;
      post.error = errorText(e);
      this.state.emit("groups");
      return false;
    }
  }

  // ---- campaigns (群发) ----

  /** Lists the campaigns of the persona shown (the selected persona by default) and re-reads the open one. */
  private reloadCampaigns(): void {
    const c = this.state.campaignsView;
    const pid = c.personaId && this.state.personas.has(c.personaId) ? c.personaId : this.state.selectedPersonaId;
    if (!pid) return;
    if (c.personaId !== pid) this.state.campaignsView = { ...c, personaId: pid, list: [], loaded: false, selectedId: null, open: new Map(), groups: new Map() };
    void this.loadCampaigns(pid);
    const open = this.state.campaignsView.selectedId;
    if (open && this.state.view === "campaigns") void this.loadCampaign(pid, open);
  }

  showCampaignsOf(personaId: string): void {
    if (!this.state.personas.has(personaId)) return;
    this.state.campaignsView = { ...this.state.campaignsView, personaId, list: [], loaded: false, selectedId: null, error: null, open: new Map(), groups: new Map() };
    this.state.emit("campaigns");
    void this.loadCampaigns(personaId);
  }

  selectCampaign(campaignId: string): void {
    const c = this.state.campaignsView;
    c.selectedId = campaignId;
    c.error = null;
    this.state.emit("campaigns");
    if (c.personaId) void this.loadCampaign(c.personaId, campaignId);
  }

  /** From a notification: the Campaigns view with that campaign open. */
  private openCampaign(personaId: string, campaignId: string): void {
    if (this.state.campaignsView.personaId !== personaId) this.showCampaignsOf(personaId);
    this.showView("campaigns");
    this.selectCampaign(campaignId);
  }

  /**
   * A campaign feed item: the feed is gap-free and resynced, so the item only says "read it again". The list (its
   * badges feed the tab) is re-read even off screen; the open campaign while the view shows it. A burst of items
   * ends with one trailing read, which also catches a list row written just after the item that announced it.
   */
  private campaignItem(personaId: string | null, campaignId: string): void {
    const c = this.state.campaignsView;
    if (!personaId || c.personaId !== personaId) return;
    this.campaignReads.request(`list:${personaId}`, () => void this.loadCampaigns(personaId));
    if (this.state.view === "campaigns" && c.selectedId === campaignId) {
      this.campaignReads.request(`campaign:${personaId}/${campaignId}`, () => void this.loadCampaign(personaId, campaignId));
    }
  }

  private async loadCampaigns(personaId: string): Promise<void> {
    const hub = this.hub;
    if (!hub || this.state.status !== "live") return;
    const gen = this.generation;
    const ask = this.askCampaign(`list:${personaId}`);
    try {
      const list = await hub.listCampaigns(personaId);
      const c = this.state.campaignsView;
      if (gen !== this.generation || c.personaId !== personaId || !ask()) return;
      c.list = list ?? [];
      c.loaded = true;
      if (!c.selectedId && c.list[0] && this.state.view === "campaigns") this.selectCampaign(c.list[0].campaignId);
    } catch (e) {
      if (gen !== this.generation) return;
      this.state.campaignsView.error = `Could not load the campaigns: ${errorText(e)}`;
      this.state.campaignsView.loaded = true;
    }
    this.state.emit("campaigns");
  }

  private async loadCampaign(personaId: string, campaignId: string): Promise<void> {
    const hub = this.hub;
    if (!hub || this.state.status !== "live") return;
    const gen = this.generation;
    const ask = this.askCampaign(`campaign:${personaId}/${campaignId}`);
    try {
      const [view, groups] = await Promise.all([hub.getCampaign(personaId, campaignId), hub.getCampaignGroups(personaId, campaignId)]);
      const c = this.state.campaignsView;
      if (gen !== this.generation || c.personaId !== personaId || !ask()) return;
      this.storeCampaign(view);
      c.groups.set(campaignId, groups ?? []);
    } catch (e) {
      if (gen !== this.generation) return;
      this.state.campaignsView.error = `Could not load the campaign: ${errorText(e)}`;
    }
    this.state.emit("campaigns");
  }

  /** A new read of a key; the answer it gives says whether the read is still the latest one asked. */
  private askCampaign(key: string): () => boolean {
    const n = (this.campaignAsked.get(key) ?? 0) + 1;
    this.campaignAsked.set(key, n);
    return () => this.campaignAsked.get(key) === n;
  }

  private storeCampaign(view: Campaign): void {
    const c = this.state.campaignsView;
    c.open.set(view.campaignId, view);
    // The row follows at once; the list re-read brings the rest.
    const mine = view.tasks.filter((t) => t.mine && t.state === "open").length;
    c.list = c.list.map((r) => (r.campaignId === view.campaignId ? { ...r, state: view.state, counts: view.counts, toConfirm: mine } : r));
  }

  async confirmCampaignTask(campaignId: string, taskId: string): Promise<void> {
    const c = this.state.campaignsView;
    const pid = c.personaId;
    await this.campaignCall(campaignId, "confirm the task", (hub) => hub.confirmCampaignTask(pid ?? "", campaignId, taskId));
  }

  async controlCampaign(verb: "Pause" | "Resume" | "Cancel", campaignId: string): Promise<void> {
    const pid = this.state.campaignsView.personaId;
    await this.campaignCall(campaignId, `${verb.toLowerCase()} the campaign`, (hub) => hub.controlCampaign(verb, pid ?? "", campaignId));
  }

  private async campaignCall(campaignId: string, what: string, call: (hub: ConsoleHub) => Promise<Campaign>): Promise<void> {
    const hub = this.hub;
    const c = this.state.campaignsView;
    const pid = c.personaId;
    if (!hub || !pid) return;
    const gen = this.generation;
    c.busy = campaignId;
    c.error = null;
    this.state.emit("campaigns");
    try {
      const view = await call(hub);
      if (gen !== this.generation || this.state.campaignsView.personaId !== pid) return;
      // Newer than any read under way: drop their answers.
      this.askCampaign(`campaign:${pid}/${campaignId}`);
      this.storeCampaign(view);
    } catch (e) {
      if (gen === this.generation) this.state.campaignsView.error = `Could not ${what}: ${errorText(e)}`;
    } finally {
      if (gen === this.generation) {
        this.state.campaignsView.busy = null;
        this.state.emit("campaigns");
      }
    }
  }

  selectJourney(journeyId: string): void {
    const j = this.state.journeys;
    if (j.selectedId === journeyId) return;
    j.selectedId = journeyId;
    j.pickedVersion = null;
    this.state.emit("journeys");
    void this.journeys?.refresh();
  }

  selectJourneyVersion(version: number): void {
    this.state.journeys.pickedVersion = version;
    this.state.emit("journeys");
    void this.journeys?.refresh();
  }
}

function start(): void {
  const c = new Controller();
  c.boot();
  // For browser tests and debugging only; nothing in the page depends on it.
  (window as unknown as { pdConsole?: Controller }).pdConsole = c;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
