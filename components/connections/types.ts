import type { RouterOutputs } from "@/components/trpc/react";

export type Connection = RouterOutputs["items"]["list"][number];
export type Account = RouterOutputs["accounts"]["list"][number];
