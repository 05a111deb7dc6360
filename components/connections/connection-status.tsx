import type { Connection } from "./types";

const LABELS: Record<Connection["status"], { text: string; tone: "ok" | "warn" | "bad" }> = {
  healthy: { text: "Connected", tone: "ok" },
  login_required: { text: "Needs sign-in", tone: "warn" },
  pending_expiration: { text: "Access expiring soon", tone: "warn" },
  revoked: { text: "Access revoked", tone: "bad" },
  error: { text: "Error", tone: "bad" },
};

export function ConnectionStatus({ item }: { item: Connection }) {
  if (item.removedAt) return <span className="badge">{item.errorCode === "USER_PERMISSION_REVOKED" ? "Access revoked" : "Disconnected"}</span>;
  // PENDING_DISCONNECT: /item/get says healthy, the webhook said it stops soon.
  if (item.status === "healthy" && item.pendingDisconnectAt) return <span className="badge warn">Reconnect needed</span>;
  const { text, tone } = LABELS[item.status];
  return <span className={`badge ${tone}`}>{text}</span>;
}
