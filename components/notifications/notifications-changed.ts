/** Fired by the notification centre after marking read, so the header's bell recounts at once. */
export const NOTIFICATIONS_CHANGED_EVENT = "ledgerlink:notifications-changed";

export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED_EVENT));
}
