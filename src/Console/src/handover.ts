// Handover (在职/离职继承) view state and its pure helpers: parsing the customer list a supervisor types, and
// summarising a handover's per-state counts for the list.
import type { HandoverKind, HandoverState, HandoverView } from "./types";

export const STATE_LABEL: Record<HandoverState, string> = {
  waiting: "waiting · 等待接替",
  completed: "completed · 接替完毕",
  refused: "refused · 客户拒绝",
  limit: "limit · 达到上限",
  cancelled: "cancelled · 已取消",
  failed: "failed · 未接替",
};

const ORDER: HandoverState[] = ["completed", "waiting", "refused", "limit", "cancelled", "failed"];

/** Customer ids from free text (commas, spaces or new lines), distinct, in order; empty means "all of them". */
export function parseCustomerIds(text: string): string[] {
  return [...new Set(text.split(/[\s,，;；]+/).map((s) => s.trim()).filter((s) => s.length > 0))];
}

/** "2 completed · 1 waiting": the non-zero counts in a fixed order; "no customers" when all are zero. */
export function summarize(h: Pick<HandoverView, "counts">): string {
  const parts = ORDER.filter((s) => (h.counts[s] ?? 0) > 0).map((s) => `${h.counts[s]} ${s}`);
  return parts.length ? parts.join(" · ") : "no customers";
}

/** True while any customer still waits (the view keeps polling). */
export function isOpen(h: Pick<HandoverView, "finishedAt">): boolean {
  return !h.finishedAt;
}

export interface HandoverPageState {
  personaId: string | null;
  list: HandoverView[];
  open: HandoverView | null;
  error: string | null;
  busy: boolean;
}

export function emptyHandover(): HandoverPageState {
  return { personaId: null, list: [], open: null, error: null, busy: false };
}

/**
 * The Handover page's REST side: loads a persona's recent handovers, creates and cancels, and polls while one is
 * open and the page is on screen. It calls back after every change; the view renders from {@link page}.
 */
export class HandoverClient {
  readonly page = emptyHandover();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly token: () => string | null,
    private readonly changed: () => void,
    private readonly api: {
      get<T>(path: string, token: string): Promise<T>;
      post<T>(path: string, token: string, body: unknown): Promise<T>;
    },
  ) {}

  async load(personaId: string): Promise<void> {
    const token = this.token();
    if (!token) return;
    this.page.personaId = personaId;
    await this.run(async () => {
      this.page.list = await this.api.get<HandoverView[]>(`${ROOT}?personaId=${encodeURIComponent(personaId)}`, token);
      if (this.page.open) this.page.open = await this.api.get<HandoverView>(`${ROOT}/${encodeURIComponent(this.page.open.handoverId)}`, token);
    });
  }

  async open(handoverId: string): Promise<void> {
    const token = this.token();
    if (!token) return;
    await this.run(async () => {
      this.page.open = await this.api.get<HandoverView>(`${ROOT}/${encodeURIComponent(handoverId)}`, token);
    });
  }

  async create(body: { personaId: string; fromAgentId: string; toAgentId: string; kind: HandoverKind; customerIds?: string[] }): Promise<boolean> {
    const token = this.token();
    if (!token) return false;
    return this.run(async () => {
      this.page.open = await this.api.post<HandoverView>(ROOT, token, body);
      await this.load(body.personaId);
    });
  }

  async cancel(handoverId: string): Promise<void> {
    const token = this.token();
    if (!token) return;
    await this.run(async () => {
      this.page.open = await this.api.post<HandoverView>(`${ROOT}/${encodeURIComponent(handoverId)}/cancel`, token, {});
    });
  }

  /** Polls every two seconds while shown and something is still waiting. */
  setVisible(visible: boolean): void {
    if (!visible && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    } else if (visible && !this.timer) {
      this.timer = setInterval(() => {
        if (this.page.personaId && (this.page.list.some(isOpen) || (this.page.open && isOpen(this.page.open)))) void this.load(this.page.personaId);
      }, 2000);
    }
  }

  private async run(work: () => Promise<void>): Promise<boolean> {
    this.page.busy = true;
    this.changed();
    try {
      await work();
      this.page.error = null;
      return true;
    } catch (e) {
      this.page.error = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      this.page.busy = false;
      this.changed();
    }
  }
}

const ROOT = "/api/v1/console/handovers";
