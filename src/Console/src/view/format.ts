// Formatting helpers: times, money, kind labels.

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const moneyFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 0 });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "14:05" today, "03/12 14:05" otherwise. */
export function shortTime(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return "";
  const now = new Date();
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? timeFmt.format(d) : dateTimeFmt.format(d);
}

export function fullTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? fullFmt.format(d) : "—";
}

export function money(n: number | null | undefined): string {
  return typeof n === "number" && Number.isFinite(n) ? moneyFmt.format(n) : "—";
}

export interface KindInfo {
  label: string;
  zh: string;
  tone: "msg" | "group" | "info" | "good" | "alert" | "radar" | "reply" | "assign" | "other";
}

const KINDS: Record<string, KindInfo> = {
  "message.direct": { label: "Message", zh: "私聊", tone: "msg" },
  "message.group": { label: "Group", zh: "群聊", tone: "group" },
  "customer.updated": { label: "Profile", zh: "画像更新", tone: "info" },
  "customer.added": { label: "New customer", zh: "新客户", tone: "good" },
  "alert.churn": { label: "Churn alert", zh: "流失预警", tone: "alert" },
  "radar.material_open": { label: "Material radar", zh: "素材雷达", tone: "radar" },
  "reply.sent": { label: "Reply", zh: "已回复", tone: "reply" },
  "conversation.assigned": { label: "Assigned", zh: "会话分配", tone: "assign" },
  "conversation.queued": { label: "Waiting", zh: "排队中", tone: "assign" },
  "conversation.claimed": { label: "Claimed", zh: "认领", tone: "assign" },
  "conversation.transferred": { label: "Transferred", zh: "转接", tone: "assign" },
  "conversation.resolved": { label: "Resolved", zh: "已解决", tone: "good" },
  "conversation.held": { label: "Replying", zh: "正在回复", tone: "info" },
  "conversation.released": { label: "Stopped replying", zh: "结束回复", tone: "other" },
  "conversation.reply_over_hold": { label: "Sent over a hold", zh: "重复回复", tone: "alert" },
  "reply.delivery": { label: "Delivery", zh: "送达", tone: "reply" },
  "scripts.changed": { label: "Scripts", zh: "话术更新", tone: "info" },
  "alert.group": { label: "Group alert", zh: "群预警", tone: "alert" },
  "group.posted": { label: "Group post", zh: "群发言", tone: "group" },
  "handover.in": { label: "Handed to you", zh: "客户继承", tone: "good" },
  "handover.out": { label: "Handed over", zh: "客户转出", tone: "info" },
  "campaign.task": { label: "Mass-send to confirm", zh: "群发待确认", tone: "alert" },
  "campaign.progress": { label: "Campaign progress", zh: "群发进度", tone: "info" },
};

/** A dead-group alert names its silence in its event id (`dead:{group}:{ticks}`); other group alerts keep the kind's label. */
const DEAD_GROUP: KindInfo = { label: "Dead group", zh: "沉寂群", tone: "alert" };

export function kindInfo(kind: string, eventId?: string | null): KindInfo {
  if (kind === "alert.group" && eventId?.startsWith("dead:")) return DEAD_GROUP;
  return KINDS[kind] ?? { label: kind || "event", zh: "", tone: "other" };
}

export function initial(s: string): string {
  const ch = Array.from(s.trim())[0];
  return ch ? ch.toUpperCase() : "?";
}
