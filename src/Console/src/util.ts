/** A v4 UUID: crypto.randomUUID where the context allows it (secure contexts), else built from getRandomValues. */
export function newId(): string {
  if (typeof crypto.randomUUID === "function") {
    try {
      return crypto.randomUUID();
    } catch {
      /* not a secure context */
    }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    // SignalR wraps hub exceptions as "An unexpected error occurred invoking 'X' on the server. HubException: ..."
    const m = /HubException: (.*)$/s.exec(e.message);
    return (m?.[1] ?? e.message).trim();
  }
  return String(e);
}
