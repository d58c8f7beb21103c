// Pure shaping of a journey's analytics for the Journeys view: steps in the definition's order with their counters,
// totals and rates. No DOM here (unit-tested in test/journeys.test.ts).
import type { JourneyDefinition, JourneyStepDefinition, JourneyStepStats, JourneyVersionStats } from "./types";

export interface StepRow {
  stepId: string;
  /** The step's type from the definition ("wait", "action", …), or null when the definition is not (yet) known. */
  type: string | null;
  /** A short description of what the step does, e.g. "wait 3d" or "send_message". */
  summary: string;
  entered: number;
  waiting: number;
  exited: number;
  exitedBy: Record<string, number>;
  converted: number;
  /** converted ÷ entered at this step; null when nobody entered it. */
  conversionRate: number | null;
  /** entered ÷ the version's entered: how far down the flow customers get; null when nobody entered the version. */
  reach: number | null;
  sent: number;
  deferred: number;
  deferredBy: Record<string, number>;
  dropped: number;
  droppedBy: Record<string, number>;
  skipped: number;
  skippedBy: Record<string, number>;
}

export interface VersionSummary {
  version: number;
  entered: number;
  waiting: number;
  converted: number;
  exited: number;
  exitedBy: Record<string, number>;
  conversionRate: number | null;
  /** Touches the cadence ledger held back: deferred + dropped + skipped over all steps. */
  heldBack: number;
  steps: StepRow[];
}

export function sum(counts: Record<string, number> | null | undefined): number {
  let n = 0;
  for (const v of Object.values(counts ?? {})) if (typeof v === "number" && Number.isFinite(v)) n += v;
  return n;
}

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** "12.5%", "0%", "—" for no denominator. */
export function percent(r: number | null): string {
  if (r === null) return "—";
  const p = r * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** "quiet_hours 3 · cap_reached 1", largest first. */
export function breakdown(counts: Record<string, number> | null | undefined): string {
  return Object.entries(counts ?? {})
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(" · ");
}

function str(v: unknown): string | null {
  return typeof v === "string" && v ? v : null;
}

/** What a step does, in a few words. Unknown shapes fall back to the type. */
export function describeStep(step: JourneyStepDefinition): string {
  switch (step.type) {
    case "wait": {
      const duration = str(step["duration"]);
      if (duration) return `wait ${duration}`;
      const until = step["until"] as Record<string, unknown> | undefined;
      const time = str(until?.["time"]);
      if (time) return `wait until ${time}`;
      const ev = step["event"] as Record<string, unknown> | undefined;
      const name = str(ev?.["event"]);
      const timeout = str(step["timeout"]);
      if (name) return `wait for ${name}${timeout ? ` (≤ ${timeout})` : ""}`;
      return "wait";
    }
    case "action": {
      const action = step["action"] as Record<string, unknown> | undefined;
      const type = str(action?.["type"]) ?? "action";
      const detail = str(action?.["tag"]) ?? str(action?.["journey"]) ?? str(action?.["pool"]) ?? str(action?.["class"]);
      return detail ? `${type} · ${detail}` : type;
    }
    case "branch": {
      const cases = step["cases"];
      return `branch · ${Array.isArray(cases) ? cases.length + 1 : "?"} ways`;
    }
    case "split": {
      const variants = step["variants"];
      const holdout = step["holdoutPercent"];
      return `A/B split · ${Array.isArray(variants) ? variants.length : "?"} variants${typeof holdout === "number" && holdout > 0 ? ` + ${holdout}% holdout` : ""}`;
    }
    case "exit":
      return "exit";
    default:
      return step.type || "step";
  }
}

function row(stepId: string, def: JourneyStepDefinition | null, s: JourneyStepStats | undefined, versionEntered: number): StepRow {
  const entered = s?.entered ?? 0;
  const converted = s?.converted ?? 0;
  return {
    stepId,
    type: def?.type ?? null,
    summary: def ? describeStep(def) : "",
    entered,
    waiting: s?.waiting ?? 0,
    exited: sum(s?.exited),
    exitedBy: s?.exited ?? {},
    converted,
    conversionRate: rate(converted, entered),
    reach: rate(entered, versionEntered),
    sent: s?.sent ?? 0,
    deferred: sum(s?.deferred),
    deferredBy: s?.deferred ?? {},
    dropped: sum(s?.dropped),
    droppedBy: s?.dropped ?? {},
    skipped: sum(s?.skipped),
    skippedBy: s?.skipped ?? {},
  };
}

/**
 * One version's figures with a row per step: the definition's steps in its order (counted or not), then steps the
 * stats know but the definition does not (e.g. version 0, or before the definition has loaded).
 */
export function summarize(v: JourneyVersionStats, def: JourneyDefinition | null): VersionSummary {
  const byId = new Map((v.steps ?? []).map((s) => [s.stepId, s]));
  const steps: StepRow[] = [];
  const seen = new Set<string>();
  for (const d of def?.steps ?? []) {
    if (!d || typeof d.id !== "string" || seen.has(d.id)) continue;
    seen.add(d.id);
    steps.push(row(d.id, d, byId.get(d.id), v.entered));
  }
  for (const s of v.steps ?? []) if (!seen.has(s.stepId)) steps.push(row(s.stepId, null, s, v.entered));
  return {
    version: v.version,
    entered: v.entered,
    waiting: v.waiting,
    converted: v.converted,
    exited: sum(v.exited),
    exitedBy: v.exited ?? {},
    conversionRate: rate(v.converted, v.entered),
    heldBack: steps.reduce((n, r) => n + r.deferred + r.dropped + r.skipped, 0),
    steps,
  };
}

/** The version to show: the one asked for if it exists, else the current version, else the newest counted. */
export function pickVersion(versions: JourneyVersionStats[], wanted: number | null, current: number | null | undefined): number | null {
  if (wanted !== null && versions.some((v) => v.version === wanted)) return wanted;
  if (current !== null && current !== undefined && versions.some((v) => v.version === current)) return current;
  const newest = versions.reduce<number | null>((m, v) => (v.version > 0 && (m === null || v.version > m) ? v.version : m), null);
  return newest ?? versions[0]?.version ?? null;
}
