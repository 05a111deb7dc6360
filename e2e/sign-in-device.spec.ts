import { expect, formAlert, signIn, signOut, signUpNewUser, test } from "./fixtures";

// `__Host-` and Secure under `next start` (production); plain in development.
const isDeviceCookie = (name: string) => name === "__Host-ledgerlink-device" || name === "ledgerlink-device";

test.describe("sign-in device cookie", () => {
  test("a browser that signed in before still gets in while someone else's guesses keep the email in its backoff", async ({ page, browser }) => {
    const owner = await signUpNewUser(page);
    const cookie = (await page.context().cookies()).find((candidate) => isDeviceCookie(candidate.name));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.value).not.toContain(owner.email);
    await signOut(page);

    // The attacker: another browser, no device cookie, guessing until the form refuses to check.
    const attackerContext = await browser.newContext();
    try {
      const attacker = await attackerContext.newPage();
      await expect(async () => {
        await signIn(attacker, { ...owner, password: "a wrong guess" });
        await expect(formAlert(attacker, /Too many sign-in attempts/)).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 60_000 });
      // Even the right password is refused to the attacker's browser inside the wait.
      await signIn(attacker, owner);
      await expect(formAlert(attacker, /Too many sign-in attempts/)).toBeVisible();
    } finally {
      await attackerContext.close();
    }

    // The owner's browser carries its device cookie and is counted apart: straight in.
    await signIn(page, owner);
    await expect(page).toHaveURL(/\/dashboard$/);
    const renewed = (await page.context().cookies()).find((candidate) => isDeviceCookie(candidate.name));
    expect(renewed?.value).toBe(cookie?.value);
  });
});
