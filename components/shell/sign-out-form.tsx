"use client";

import { signOutAction } from "@/app/(auth)/actions";
import { browserLinkStorage, forgetLinkSession } from "@/components/connections/link-resume";

/**
 * *Sign out*. Before the server action ends the session, forget the Link session kept in this
 * browser's localStorage, so whoever signs in next on a shared browser cannot resume it.
 */
export function SignOutForm() {
  return (
    <form
      action={signOutAction}
      onSubmit={() => {
        const storage = browserLinkStorage();
        if (storage) forgetLinkSession(storage);
      }}
    >
      <button type="submit" className="button">
        Sign out
      </button>
    </form>
  );
}
