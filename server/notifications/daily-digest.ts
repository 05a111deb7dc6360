import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { queryRows } from "@/db/query-rows";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { KIND_INFO, NOTIFICATION_KINDS, type NotificationKind } from "./kinds";
import { mailSettingsFromEnv, type MailSettings } from "./mail-settings";
import { SEND_EMAIL_JOB } from "./notify";
import { renderDigestEmail } from "./render-email";

const DEFAULT_DIGEST_KINDS = NOTIFICATION_KINDS.filter((kind) => KIND_INFO[kind].defaults.email && KIND_INFO[kind].defaults.dailyDigest);

interface DigestRow extends Record<string, unknown> {
  user_id: string;
  email: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link_path: string | null;
}

/**
 * One email per user for a finished UTC day with that day's notifications of the kinds the user
 * gets as a daily digest (email on, digest on). The outbox key `digest:<user>:<day>` makes a
 * second run (the next hour, another worker) write nothing. Notifications the user has already
 * read in the app are still listed: the digest is a record of the day.
 */
export async function queueDailyDigests(db: Database, day: string, settings: MailSettings = mailSettingsFromEnv()): Promise<number> {
  if (!settings.enabled) return 0;
  const rows = await queryRows<DigestRow>(
    db,
    sql`select n.user_id, u.email, n.kind, n.title, n.body, n.link_path
        from notifications n
        left join notification_preferences p on p.user_id = n.user_id and p.kind = n.kind
        join users u on u.id = n.user_id
        where n.created_at >= ${day}::date and n.created_at < ${day}::date + 1
          -- The user's choice, or the kind's default where they have not chosen.
          and (case when p.user_id is null then n.kind::text in (${sql.join(DEFAULT_DIGEST_KINDS.map((kind) => sql`${kind}`), sql`, `)})
                    else p.email and p.daily_digest end)
          and not exists (select 1 from email_outbox o where o.idempotency_key = 'digest:' || n.user_id || ':' || ${day}::text)
        order by n.user_id, n.created_at, n.id`,
  );
  const byUser = new Map<string, DigestRow[]>();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  let queued = 0;
  for (const [userId, items] of byUser) {
    const content = renderDigestEmail(
      settings,
      userId,
      day,
      items.map((item) => ({ kind: item.kind, title: item.title, body: item.body, linkPath: item.link_path })),
    );
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(emailOutbox)
        .values({
          userId,
          digestDay: day,
          idempotencyKey: `digest:${userId}:${day}`,
          toAddress: items[0]?.email ?? "",
          subject: content.subject,
          textBody: content.text,
          htmlBody: content.html,
          unsubscribeKind: "digest",
        })
        .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
        .returning({ id: emailOutbox.id });
      if (inserted.length > 0) {
        queued += 1;
        await enqueueJob(tx, SEND_EMAIL_JOB);
      }
    });
  }
  return queued;
}

/** The day before `now`'s UTC day: the latest day that is over. */
export function yesterdayUtc(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
