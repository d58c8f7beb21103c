// The Campaigns view's (群发) wire types, state and pure rules: progress math, "to confirm" counts, the template sample
// shown before confirming, which campaign a feed item is about, and the per-campaign re-read throttle.
import type { ConsoleItem } from "../types";

export interface CampaignCounts {
  deliveries: number;
  recipients: number;
  skippedQuota: number;
  skippedDuplicate: number;
  held: number;
  queued: number;
  paused: number;
  sent: number;
  failed: number;
  cancelled: number;
  reached: number;
  read: number;
  clicked: number;
  converted: number;
  revenue: number;
}

/** ListCampaigns: one row per campaign reaching the persona; toConfirm counts the open tasks this agent may confirm. */
export interface CampaignRow {
  campaignId: string;
  name: string;
  state: string;
  createdAt: string;
  counts: CampaignCounts;
  toConfirm: number;
}

export interface CampaignTask {
  taskId: string;
  agentId: string | null;
  deliveries: number;
  state: string;
  remindersSent: number;
  confirmedAt: string | null;
  confirmedBy: string | null;
  /** This agent may confirm it (their own task, or the persona's task without an agent). */
  mine: boolean;
}

/** GetCampaign: campaign-wide counts, the persona's tasks only. */
export interface Campaign {
  campaignId: string;
  name: string;
  state: string;
  channel: string;
  messageKind: string;
  template: string;
  createdAt: string;
  scheduledAt: string | null;
  plannedAt: string | null;
  counts: CampaignCounts;
  tasks: CampaignTask[];
  detail: string | null;
  canControl: boolean;
}

export interface CampaignGroup {
  groupId: string;
  name: string | null;
  status: string;
  members: number;
  read: number;
  clicked: number;
  converted: number;
  revenue: number;
}

export interface CampaignsState {
  /** The persona whose campaigns are listed. */
  personaId: string | null;
  list: CampaignRow[];
  loaded: boolean;
  error: string | null;
  selectedId: string | null;
  open: Map<string, Campaign>;
  groups: Map<string, CampaignGroup[]>;
  /** A confirm / pause / resume / cancel under way on this campaign. */
  busy: string | null;
}

export function emptyCampaigns(): CampaignsState {
  return { personaId: null, list: [], loaded: false, error: null, selectedId: null, open: new Map(), groups: new Map(), busy: null };
}

export const STATE_LABEL: Record<string, string> = {
  scheduled: "Scheduled · 待发送",
  planning: "Planning · 规划中",
  sending: "Sending · 发送中",
  paused: "Paused · 已暂停",
  cancelled: "Cancelled · 已取消",
  completed: "Completed · 已完成",
};

export const TASK_STATE_LABEL: Record<string, string> = { open: "To confirm · 待确认", confirmed: "Confirmed · 已确认", expired: "Expired · 已过期" };

/** The bar's parts in drawing order (done first); "held" waits for an agent's confirmation. */
export const SEGMENTS = ["sent", "failed", "cancelled", "queued", "paused", "held"] as const;
export type Segment = (typeof SEGMENTS)[number];

export const SEGMENT_LABEL: Record<Segment, string> = {
  sent: "Sent · 已发送",
  failed: "Failed · 失败",
  cancelled: "Cancelled · 已取消",
  queued: "Queued · 排队中",
  paused: "Paused · 已暂停",
  held: "To confirm · 待确认",
};

export interface Progress {
  /** Deliveries planned (at least the sum of the parts, should counts arrive out of step). */
  total: number;
  /** Sent, failed or cancelled: nothing more will happen to them. */
  done: number;
  /** Whole percent done, 0–100; 100 only when everything is done. */
  percent: number;
  parts: { segment: Segment; count: number; percent: number }[];
}

/** The progress bar: each part's share of the planned deliveries (parts with no delivery left out). */
export function progress(c: CampaignCounts): Progress {
  const count = (s: Segment) => Math.max(0, c[s] || 0);
  const sum = SEGMENTS.reduce((a, s) => a + count(s), 0);
  const total = Math.max(c.deliveries || 0, sum);
  const done = count("sent") + count("failed") + count("cancelled");
  const share = (n: number) => (total > 0 ? (n * 100) / total : 0);
  const whole = Math.floor(share(done));
  return {
    total,
    done,
    percent: done < total && whole === 100 ? 99 : whole,
    parts: SEGMENTS.filter((s) => count(s) > 0).map((s) => ({ segment: s, count: count(s), percent: share(count(s)) })),
  };
}

/** Open tasks this agent may confirm, and the deliveries they hold. */
export function toConfirm(tasks: readonly CampaignTask[]): { tasks: number; deliveries: number } {
  const open = tasks.filter((t) => t.mine && t.state === "open");
  return { tasks: open.length, deliveries: open.reduce((a, t) => a + t.deliveries, 0) };
}

/** The sum of the list's badges: what the Campaigns tab shows. */
export function totalToConfirm(list: readonly CampaignRow[]): number {
  return list.reduce((a, r) => a + Math.max(0, r.toConfirm || 0), 0);
}

export function isFinished(state: string): boolean {
  return state === "completed" || state === "cancelled";
}

export interface SampleFacts {
  personaName: string;
  customerName?: string;
  groupName?: string;
}

/**
 * The template as a recipient would read it, with sample values for the per-recipient variables. Unknown variables stay
 * visible as «name» (the server refuses them at creation, so they show an old template, never a silent blank).
 */
export function renderSample(template: string, f: SampleFacts): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (name === "persona.name") return f.personaName;
    if (name === "customer.name") return f.customerName ?? "张三";
    if (name === "group.name") return f.groupName ?? "福利群";
    if (name.startsWith("customer.property.")) return `«${name.slice("customer.property.".length)}»`;
    return `«${name}»`;
  });
}

/** The campaign a campaign feed item is about: EventId is the campaign id, or "{campaignId}/{taskId}" for a task. */
export function campaignOf(it: ConsoleItem): string | null {
  if (it.kind !== "campaign.progress" && it.kind !== "campaign.task") return null;
  const ev = it.eventId ?? "";
  const slash = ev.indexOf("/");
  const id = slash >= 0 ? ev.slice(0, slash) : ev;
  return id || null;
}

/**
 * At most one run per key per interval: the first request runs at once, requests inside the interval coalesce into one
 * run at its end. The clock and timer are passed in so the rule is tested without waiting.
 */
export class Throttle {
  private readonly last = new Map<string, number>();
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly later: (fn: () => void, ms: number) => unknown,
    private readonly cancel: (t: unknown) => void,
  ) {}

  request(key: string, run: () => void): void {
    if (this.timers.has(key)) return;
    const wait = (this.last.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.last.set(key, this.now());
      run();
      return;
    }
    this.timers.set(
      key,
      this.later(() => {
        this.timers.delete(key);
        this.last.set(key, this.now());
        run();
      }, wait),
    );
  }

  clear(): void {
    for (const t of this.timers.values()) this.cancel(t);
    this.timers.clear();
    this.last.clear();
  }
}
