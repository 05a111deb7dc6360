"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { PlaidLinkError } from "react-plaid-link";
import { useCurrentUserId } from "@/components/shell/current-user";
import { api } from "@/components/trpc/react";
import { linkExitMessage } from "./link-exit-message";
import { browserLinkStorage, forgetLinkSession, rememberLinkSession, type LinkMode } from "./link-resume";

export type LinkSessionPhase = "idle" | "starting" | "open";

/**
 * The part of a Link session the buttons share: ask our server for a Link token, hand it to the
 * launcher, and turn Link's exit into a message. What happens on success is the caller's. The
 * token and mode are also kept in localStorage (with the user's id) before Link opens: where an
 * OAuth bank leaves the page (webviews), /oauth-return resumes Link with them, in any tab.
 */
export function useLinkSession(mode: LinkMode) {
  const { mutate: createLinkToken, isPending } = api.plaid.createLinkToken.useMutation();
  const userId = useCurrentUserId();
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(mode);
  useEffect(() => {
    current.current = mode;
  });

  const start = useCallback(() => {
    setError(null);
    const startedWith = current.current;
    createLinkToken(startedWith.kind === "update" ? { itemId: startedWith.itemId, addAccounts: startedWith.addAccounts } : undefined, {
      onSuccess: (data) => {
        const storage = browserLinkStorage();
        if (storage && userId) {
          const returnTo = window.location.pathname + window.location.search;
          rememberLinkSession(storage, { linkToken: data.linkToken, mode: startedWith, userId, expiration: data.expiration, returnTo });
        }
        setToken(data.linkToken);
      },
      onError: (cause) => setError(cause.message),
    });
  }, [createLinkToken, userId]);

  const forget = useCallback(() => {
    const storage = browserLinkStorage();
    if (storage) forgetLinkSession(storage);
  }, []);

  const finish = useCallback(() => {
    forget();
    setToken(null);
  }, [forget]);

  const exit = useCallback(
    (linkError: PlaidLinkError | null) => {
      forget();
      setToken(null);
      // A plain close is the user's choice, not an error worth a message.
      if (linkError) setError(linkExitMessage(linkError, current.current.kind === "update" ? current.current.institutionName : null));
    },
    [forget],
  );

  const loadFailed = useCallback(() => {
    forget();
    setToken(null);
    setError("Plaid Link could not be loaded. Check your connection and try again.");
  }, [forget]);

  const phase: LinkSessionPhase = token ? "open" : isPending ? "starting" : "idle";
  return { token, phase, error, setError, start, finish, exit, loadFailed };
}
