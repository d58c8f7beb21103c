// Per-feed ordering and gap repair. A feed is a persona's or the agent's gap-free sequence of
// ConsoleItems. Pushes that follow the last shown sequence are appended; older ones are dropped as
// duplicates; a gap (or a push for a feed never synced) triggers Sync(after=last). Syncs for one
// feed never overlap: a request made while one is running is folded into a follow-up round.
import type { ConsoleFeedPage, ConsoleItem, FeedOwnerKind } from "./types";

export type FetchPage = (kind: FeedOwnerKind, ownerId: string, afterSequence: number) => Promise<ConsoleFeedPage>;

export class Feed {
  /** Highest sequence applied; 0 before anything was. */
  last = 0;
  /** Applied items, ascending by sequence (oldest trimmed past the store's cap). */
  readonly items: ConsoleItem[] = [];
  /** True once one sync finished: items applied after that count as live (for toasts). */
  synced = false;
  syncing: Promise<void> | null = null;
  again = false;

  constructor(
    readonly kind: FeedOwnerKind,
    readonly ownerId: string,
  ) {}

  get key(): string {
    return feedKey(this.kind, this.ownerId);
  }
}

export function feedKey(kind: FeedOwnerKind, ownerId: string): string {
  return `${kind}:${ownerId}`;
}

/** Normalises the wire value of FeedOwnerKind ("persona"/"Persona"/0, "agent"/"Agent"/1). */
export function parseOwnerKind(v: unknown): FeedOwnerKind | null {
  if (v === 0 || v === "0") return "persona";
  if (v === 1 || v === "1") return "agent";
  if (typeof v !== "string") return null;
  const s = v.toLowerCase();
  return s === "persona" || s === "agent" ? s : null;
}

export interface FeedEvents {
  /** Items appended to a feed, in order. `live` is false while the feed's first sync runs. */
  appended(feed: Feed, items: ConsoleItem[], live: boolean): void;
  /** The server could not supply sequences from..to (history truncated). */
  skipped?(feed: Feed, from: number, to: number): void;
  error?(feed: Feed, err: unknown): void;
}

export class FeedStore {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly events: FeedEvents,
    private readonly maxItems = 2000,
    /** Pages fetched per sync at most, so a misbehaving server cannot spin the client. */
    private readonly maxRounds = 50,
  ) {}

  get(kind: FeedOwnerKind, ownerId: string): Feed | undefined {
    return this.feeds.get(feedKey(kind, ownerId));
  }

  ensure(kind: FeedOwnerKind, ownerId: string): Feed {
    const key = feedKey(kind, ownerId);
    let f = this.feeds.get(key);
    if (!f) {
      f = new Feed(kind, ownerId);
      this.feeds.set(key, f);
    }
    return f;
  }

  remove(kind: FeedOwnerKind, ownerId: string): void {
    this.feeds.delete(feedKey(kind, ownerId));
  }

  all(): Feed[] {
    return [...this.feeds.values()];
  }

  clear(): void {
    this.feeds.clear();
  }

  /** A live push. Returns what was done, for logging and tests. */
  push(kind: FeedOwnerKind, ownerId: string, item: ConsoleItem): "appended" | "duplicate" | "gap" {
    const f = this.ensure(kind, ownerId);
    if (item.sequence <= f.last) return "duplicate";
    if (item.sequence === f.last + 1) {
      this.apply(f, [item], true);
      return "appended";
    }
    void this.sync(f);
    return "gap";
  }

  /** Fetches everything after the feed's last sequence. Concurrent calls share one run. */
  sync(f: Feed): Promise<void> {
    if (this.feeds.get(f.key) !== f) return Promise.resolve();
    if (f.syncing) {
      f.again = true;
      return f.syncing;
    }
    const run = (async () => {
      try {
        do {
          f.again = false;
          await this.syncRounds(f);
        } while (f.again && this.feeds.get(f.key) === f);
      } catch (err) {
        this.events.error?.(f, err);
      } finally {
        f.syncing = null;
      }
    })();
    f.syncing = run;
    return run;
  }

  syncAll(): Promise<void> {
    return Promise.all(this.all().map((f) => this.sync(f))).then(() => undefined);
  }

  private async syncRounds(f: Feed): Promise<void> {
    for (let round = 0; round < this.maxRounds; round++) {
      const before = f.last;
      const page = await this.fetchPage(f.kind, f.ownerId, f.last);
      if (this.feeds.get(f.key) !== f) return; // removed meanwhile
      const fresh = (page.items ?? [])
        .filter((i) => typeof i.sequence === "number" && i.sequence > f.last)
        .sort((a, b) => a.sequence - b.sequence);
      const accepted: ConsoleItem[] = [];
      let cursor = f.last;
      for (const it of fresh) {
        if (it.sequence <= cursor) continue; // duplicate inside the page
        if (it.sequence > cursor + 1) {
          // The server has nothing for cursor+1..sequence-1 (retention cut); asking again won't help.
          this.events.skipped?.(f, cursor + 1, it.sequence - 1);
        }
        accepted.push(it);
        cursor = it.sequence;
      }
      this.apply(f, accepted, f.synced);
      const head = typeof page.headSequence === "number" ? page.headSequence : f.last;
      if (f.last >= head || f.last === before) break;
    }
    f.synced = true;
  }

  private apply(f: Feed, items: ConsoleItem[], live: boolean): void {
    if (!items.length) return;
    for (const it of items) f.items.push(it);
    const lastItem = items[items.length - 1];
    if (lastItem) f.last = lastItem.sequence;
    if (f.items.length > this.maxItems) f.items.splice(0, f.items.length - this.maxItems);
    this.events.appended(f, items, live);
  }
}
