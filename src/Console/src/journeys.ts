// The Journeys view's data: the tenant's journeys and the selected journey's analytics, read over REST with the
// agent token and polled while the view is on screen (a few small GETs every few seconds; the stats grain is
// eventually consistent anyway, so pushes would buy little).
import { ApiError, getJson } from "./api";
import { pickVersion } from "./journeyStats";
import type { AppState } from "./state";
import type { JourneyDefinition, JourneyDirectoryEntry, JourneyStatsView } from "./types";
import { errorText } from "./util";

export const JOURNEYS_POLL_MS = 3000;
const ROOT = "/api/v1/console/journeys";

export interface JourneysState {
  list: JourneyDirectoryEntry[] | null;
  selectedId: string | null;
  /** The version the agent picked; null follows the journey's current version. */
  pickedVersion: number | null;
  stats: Map<string, JourneyStatsView>;
  /** Published definitions by `${journeyId}@${version}`: immutable, so fetched once. */
  definitions: Map<string, JourneyDefinition>;
  error: string | null;
  refreshedAt: string | null;
}

export function emptyJourneys(): JourneysState {
  return { list: null, selectedId: null, pickedVersion: null, stats: new Map(), definitions: new Map(), error: null, refreshedAt: null };
}

export function definitionKey(journeyId: string, version: number): string {
  return `${journeyId}@${version}`;
}

/** The version the view shows for the selected journey (null until its stats are in). */
export function shownVersion(j: JourneysState): number | null {
  if (!j.selectedId) return null;
  const stats = j.stats.get(j.selectedId);
  const entry = j.list?.find((e) => e.journeyId === j.selectedId);
  return stats ? pickVersion(stats.versions ?? [], j.pickedVersion, entry?.currentVersion) : null;
}

export class JourneyPoller {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly state: AppState,
    private readonly token: () => string,
    private readonly unauthorized: () => void,
  ) {}

  /** Starts polling (and refreshes now); idempotent. */
  start(): void {
    this.stopped = false;
    if (!this.timer) this.timer = setInterval(() => void this.refresh(), JOURNEYS_POLL_MS);
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: the list, then the selected journey's stats and (once) its shown version's definition. */
  refresh(): Promise<void> {
    if (this.stopped || document.visibilityState === "hidden") return Promise.resolve();
    // Never two rounds at once: a slow server gets one request at a time from this console. A refresh asked for
    // during a round (say, another journey was selected) runs right after it.
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.round();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const j = this.state.journeys;
    try {
      const list = await this.get<JourneyDirectoryEntry[]>(ROOT);
      if (this.stopped) return;
      j.list = [...list].sort((a, b) => rank(a.status) - rank(b.status) || a.journeyId.localeCompare(b.journeyId));
      if (!j.selectedId || !j.list.some((e) => e.journeyId === j.selectedId)) {
        j.selectedId = j.list[0]?.journeyId ?? null;
        j.pickedVersion = null;
      }
      const id = j.selectedId;
      if (id) {
        const stats = await this.get<JourneyStatsView>(`${ROOT}/${encodeURIComponent(id)}/stats`);
        if (this.stopped) return;
        j.stats.set(id, stats);
        // Version 0 (decisions after the customer left) has no definition.
        const v = shownVersion(j);
        if (v !== null && v > 0 && !j.definitions.has(definitionKey(id, v))) {
          j.definitions.set(definitionKey(id, v), await this.get<JourneyDefinition>(`${ROOT}/${encodeURIComponent(id)}/versions/${v}`));
        }
      }
      j.error = null;
      j.refreshedAt = new Date().toISOString();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        this.stop();
        this.unauthorized();
        return;
      }
      j.error = `Could not load journeys: ${errorText(e)}`;
    }
    if (!this.stopped) this.state.emit("journeys");
  }

  private get<T>(path: string): Promise<T> {
    return getJson<T>(path, this.token());
  }
}

/** Active journeys first, then paused, draft, archived. */
function rank(status: string): number {
  const i = ["active", "paused", "draft", "archived"].indexOf(status);
  return i < 0 ? 4 : i;
}
