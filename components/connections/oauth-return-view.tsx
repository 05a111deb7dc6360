"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import type { PlaidLinkError, PlaidLinkOnExitMetadata } from "react-plaid-link";
import { useCurrentUserId } from "@/components/shell/current-user";
import { ConnectBankButton } from "./connect-bank-button";
import { LazyPlaidLinkLauncher as PlaidLinkLauncher } from "./lazy-plaid-link-launcher";
import { linkExitMessage } from "./link-exit-message";
import { browserLinkStorage, forgetLinkSession, recallLinkSession, safeReturnPath, type LinkMode, type StoredLinkSession } from "./link-resume";
import { ReconnectButton } from "./reconnect-button";
import { useFinishLink } from "./use-finish-link";
import styles from "./connections.module.css";

type View =
  | { step: "checking" }
  | { step: "missing" }
  | { step: "other-user" }
  | { step: "expired"; session: StoredLinkSession }
  | { step: "resuming"; session: StoredLinkSession; redirectUri: string }
  | { step: "failed"; session: StoredLinkSession; message: string }
  | { step: "closed"; session: StoredLinkSession };

const CONNECT: LinkMode = { kind: "connect" };

/**
 * /oauth-return: where an OAuth bank sends the user back (the redirect path, used in webviews). Link
 * resumes with the *same* Link token (kept in localStorage before Link opened, with the user's id)
 * and this page's full URL, then finishes exactly as the button that started it would. A session
 * another user started on this browser is discarded, never resumed. It never asks for a new token
 * by itself: only *Start again* does.
 */
export function OAuthReturnView() {
  const router = useRouter();
  const userId = useCurrentUserId();
  const [view, setView] = useState<View>({ step: "checking" });

  useEffect(() => {
    const storage = browserLinkStorage();
    const recalled = storage && userId ? recallLinkSession(storage, userId) : ({ state: "missing" } as const);
    if (recalled.state === "missing") setView({ step: "missing" });
    else if (recalled.state === "other-user") setView({ step: "other-user" });
    else if (recalled.state === "expired") setView({ step: "expired", session: recalled.session });
    else setView({ step: "resuming", session: recalled.session, redirectUri: window.location.href });
  }, [userId]);

  const session = view.step === "checking" || view.step === "missing" || view.step === "other-user" ? null : view.session;
  const mode = session?.mode ?? CONNECT;
  const returnTo = safeReturnPath(session?.returnTo);
  const done = useCallback(() => router.replace(returnTo), [router, returnTo]);
  const forget = () => {
    const storage = browserLinkStorage();
    if (storage) forgetLinkSession(storage);
  };
  const finish = useFinishLink(mode, {
    onError: (message) => session && setView({ step: "failed", session, message }),
    onDone: done,
  });

  const onExit = (error: PlaidLinkError | null, metadata: PlaidLinkOnExitMetadata) => {
    forget();
    if (!session) return;
    if (!error) return setView({ step: "closed", session });
    const bank = metadata.institution?.name ?? (mode.kind === "update" ? mode.institutionName : null);
    setView({ step: "failed", session, message: linkExitMessage(error, bank) });
  };

  const startAgain =
    mode.kind === "update" ? (
      <ReconnectButton itemId={mode.itemId} institutionName={mode.institutionName} purpose={mode.addAccounts ? "add-accounts" : "reconnect"} onDone={done} />
    ) : (
      <ConnectBankButton label="Start again" onDone={done} />
    );
  const backLink = (
    <Link href={returnTo} className="button">
      {returnTo.startsWith("/dashboard") ? "Back to the overview" : "Back to Settings"}
    </Link>
  );

  return (
    <section className="card" aria-labelledby="oauth-return-heading">
      <h1 id="oauth-return-heading">{mode.kind === "update" ? `Reconnecting ${mode.institutionName}` : "Connecting your bank"}</h1>
      {(view.step === "checking" || view.step === "resuming") && (
        <p className="muted" role="status" aria-busy="true">
          {finish.isPending ? "Saving your connection…" : "Finishing with your bank…"}
        </p>
      )}
      {view.step === "resuming" && (
        <PlaidLinkLauncher
          token={view.session.linkToken}
          receivedRedirectUri={view.redirectUri}
          onSuccess={(publicToken, metadata) => {
            forget();
            finish.finish(publicToken, metadata);
          }}
          onExit={onExit}
          onLoadError={() => {
            forget();
            setView({ step: "failed", session: view.session, message: "Plaid Link could not be loaded. Check your connection and try again." });
          }}
        />
      )}
      {view.step === "missing" && (
        <div role="alert" className={styles.returnMessage}>
          <p>
            <strong>There is no connection attempt to finish here.</strong> It may have finished already, or started in another browser.
            Nothing was connected from here.
          </p>
        </div>
      )}
      {view.step === "other-user" && (
        <div role="alert" className={styles.returnMessage}>
          <p>
            <strong>This connection attempt was started by someone else signed in on this browser.</strong> It was discarded and nothing was
            connected. To connect your bank, start again.
          </p>
        </div>
      )}
      {view.step === "expired" && (
        <div role="alert" className={styles.returnMessage}>
          <p>
            <strong>This connection attempt expired.</strong> Connection attempts last 30 minutes; please start again.
          </p>
        </div>
      )}
      {view.step === "failed" && (
        <div role="alert" className={styles.returnMessage}>
          <p>{view.message}</p>
        </div>
      )}
      {view.step === "closed" && (
        <div role="status" className={styles.returnMessage}>
          <p>You closed Plaid before finishing. Nothing was changed.</p>
        </div>
      )}
      {view.step !== "checking" && view.step !== "resuming" && (
        <div className="actions-row">
          {startAgain}
          {backLink}
        </div>
      )}
    </section>
  );
}
