"use client";

import { useCallback, useState } from "react";
import type { PlaidLinkError } from "react-plaid-link";
import { api } from "@/components/trpc/react";

export type LinkSessionPhase = "idle" | "starting" | "open";

/**
 * The part of a Link session the buttons share: ask our server for a Link token, hand it to the
 * launcher, and turn Link's exit into a message. What happens on success is the caller's.
 */
export function useLinkSession(itemId?: string, options: { addAccounts?: boolean } = {}) {
  const { addAccounts } = options;
  const { mutate: createLinkToken, isPending } = api.plaid.createLinkToken.useMutation();
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = useCallback(() => {
    setError(null);
    createLinkToken(itemId ? { itemId, addAccounts } : undefined, {
      onSuccess: (data) => setToken(data.linkToken),
      onError: (cause) => setError(cause.message),
    });
  }, [createLinkToken, itemId, addAccounts]);

  const finish = useCallback(() => setToken(null), []);

  const exit = useCallback((linkError: PlaidLinkError | null) => {
    setToken(null);
    // A plain close is the user's choice, not an error worth a message.
    if (linkError) setError(linkError.display_message ?? linkError.error_message ?? "Plaid Link closed with an error.");
  }, []);

  const loadFailed = useCallback(() => {
    setToken(null);
    setError("Plaid Link could not be loaded. Check your connection and try again.");
  }, []);

  const phase: LinkSessionPhase = token ? "open" : isPending ? "starting" : "idle";
  return { token, phase, error, setError, start, finish, exit, loadFailed };
}
