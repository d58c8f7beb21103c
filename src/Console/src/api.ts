// REST calls to the Gateway and the signed-in session kept in sessionStorage.
import type { DevTokenResponse } from "./types";

export interface Session {
  token: string;
  tenantId: string;
  agentId: string;
  expiresAt: string;
}

const SESSION_KEY = "pd.console.session";

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "ApiError";
  }
}

/** Dev sign-in: POST /api/v1/dev/tokens. */
export async function devSignIn(tenantId: string, agentId: string): Promise<Session> {
  let res: Response;
  try {
    res = await fetch("/api/v1/dev/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ tenantId, agentId }),
    });
  } catch {
    throw new ApiError("Cannot reach the server.", 0);
  }
  if (!res.ok) {
    const detail = await problemDetail(res);
    throw new ApiError(detail || `Sign-in failed (HTTP ${res.status}).`, res.status);
  }
  const body = (await res.json()) as DevTokenResponse;
  if (!body || typeof body.token !== "string" || !body.token) {
    throw new ApiError("Sign-in answer carried no token.", res.status);
  }
  return {
    token: body.token,
    tenantId: body.tenantId || tenantId,
    agentId: body.agentId || agentId,
    expiresAt: body.expiresAt,
  };
}

/**
 * GET a console REST route with the agent token. A 401/403 is an {@link ApiError} with that status (the caller signs
 * out); any other failure an ApiError with the problem's detail.
 */
export async function getJson<T>(path: string, token: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: "application/json", Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError("Cannot reach the server.", 0);
  }
  if (!res.ok) throw new ApiError((await problemDetail(res)) || `HTTP ${res.status}`, res.status);
  return (await res.json()) as T;
}

/** POST a JSON body to a console REST route with the agent token; failures as in {@link getJson}. */
export async function postJson<T>(path: string, token: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiError("Cannot reach the server.", 0);
  }
  if (!res.ok) throw new ApiError((await problemDetail(res)) || `HTTP ${res.status}`, res.status);
  return (await res.json()) as T;
}

/** The human part of a ProblemDetails / ValidationProblem answer ("" when there is none). */
async function problemDetail(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (!body || typeof body !== "object") return "";
    const b = body as Record<string, unknown>;
    // ValidationProblem: { title, errors: { field: [messages] } }
    const errors = b["errors"];
    if (errors && typeof errors === "object") {
      const detail = Object.entries(errors as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(" ") : String(v)}`)
        .join("; ");
      if (detail) return detail;
    }
    const d = b["detail"] ?? b["title"] ?? b["error"];
    return typeof d === "string" ? d : "";
  } catch {
    return ""; // not JSON
  }
}

export function isExpired(s: Session, now = Date.now()): boolean {
  const t = Date.parse(s.expiresAt);
  return Number.isFinite(t) && t <= now;
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== "string" || typeof s.tenantId !== "string" || typeof s.agentId !== "string") {
      return null;
    }
    const session: Session = { token: s.token, tenantId: s.tenantId, agentId: s.agentId, expiresAt: String(s.expiresAt ?? "") };
    return isExpired(session) ? null : session;
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  } catch {
    /* storage unavailable: the session lives in memory only */
  }
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* ignore */
  }
}
