import { expect, formAlert, newTestUser, signIn, signOut, signUpNewUser, test } from "./fixtures";

test.describe("accounts", () => {
  test("sign up lands on an empty dashboard; sign out and back in returns to it", async ({ page }) => {
    const user = await signUpNewUser(page);
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
    await expect(page.getByRole("button", { name: "Connect a bank" })).toBeVisible();
    await expect(page.getByLabel(`Account menu for ${user.email}`)).toBeVisible();

    await signOut(page);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

    await signIn(page, user);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    const user = await signUpNewUser(page);
    await signOut(page);
    await signIn(page, { ...user, password: "not the right password" });
    await expect(formAlert(page, /don't match an account/)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an unknown email gets the same message, revealing nothing", async ({ page }) => {
    await signIn(page, newTestUser());
    await expect(formAlert(page, /don't match an account/)).toBeVisible();
  });

  test("sign-up explains a duplicate email, a weak password and a malformed email", async ({ page }) => {
    const user = await signUpNewUser(page);
    await signOut(page);

    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("another good passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(formAlert(page, /already exists/)).toBeVisible();

    await page.getByLabel("Email").fill(newTestUser().email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(formAlert(page, /at least 10 characters/)).toBeVisible();

    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("a perfectly fine passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(formAlert(page, /valid email address/)).toBeVisible();
  });

  test("a protected page without a session redirects to sign-in", async ({ page }) => {
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
});
