"use client";

import { useEffect, useRef } from "react";
import { usePlaidLink, type PlaidLinkOnExit, type PlaidLinkOnSuccess } from "react-plaid-link";

interface Props {
  token: string;
  /** Set on /oauth-return: the URL the bank sent the user back to, which resumes Link's OAuth flow. */
  receivedRedirectUri?: string;
  onSuccess: PlaidLinkOnSuccess;
  onExit: PlaidLinkOnExit;
  onLoadError: () => void;
}

/**
 * Opens Plaid Link once for one Link token. Mounted with `key={token}`: each token gets a fresh
 * hook (react-plaid-link keeps the previous handler around while a new one is created, so reusing
 * one hook could open a stale, destroyed handler), and unmounting destroys the iframe.
 */
export function PlaidLinkLauncher({ token, receivedRedirectUri, onSuccess, onExit, onLoadError }: Props) {
  // Link keeps the callbacks it was created with; route them through a ref so they stay current.
  const callbacks = useRef({ onSuccess, onExit, onLoadError });
  useEffect(() => {
    callbacks.current = { onSuccess, onExit, onLoadError };
  });

  const { open, ready, error } = usePlaidLink({
    token,
    ...(receivedRedirectUri ? { receivedRedirectUri } : {}),
    onSuccess: (publicToken, metadata) => callbacks.current.onSuccess(publicToken, metadata),
    onExit: (linkError, metadata) => callbacks.current.onExit(linkError, metadata),
  });

  const opened = useRef(false);
  useEffect(() => {
    if (!ready || opened.current) return;
    opened.current = true;
    open();
  }, [ready, open]);

  useEffect(() => {
    if (error) callbacks.current.onLoadError();
  }, [error]);

  return null;
}
