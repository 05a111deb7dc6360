import { z } from "zod";

// Raw rows differ per driver (bigint as string on postgres-js, timestamps as strings or Dates).
export const claimedJobSchema = z.object({
  id: z.coerce.number(),
  kind: z.string(),
  key: z.string(),
  payload: z.unknown(),
  attempts: z.coerce.number(),
  max_attempts: z.coerce.number(),
});

export type ClaimedJob = z.infer<typeof claimedJobSchema>;
