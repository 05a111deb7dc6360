import { z } from "zod";

// The `/transactions/sync` cursor: opaque base64url to the app, to us a position in the item's
// change log plus the log length when the page was answered. `more` marks a page with has_more,
// whose continuation is only valid while the log has not grown (otherwise Plaid answers
// TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION and the app restarts from its last final cursor).
const CursorSchema = z.object({
  v: z.literal(1),
  item: z.string(),
  position: z.number().int().min(0),
  logLength: z.number().int().min(0),
  more: z.boolean(),
});
export type SyncCursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: Omit<SyncCursor, "v">): string {
  return Buffer.from(JSON.stringify({ v: 1, ...cursor })).toString("base64url");
}

export function decodeCursor(text: string): SyncCursor | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
