import { expect, test, emulatorUrl } from "./fixtures";
import type { FrameLocator, Page } from "@playwright/test";

// The emulator's Link modal in a real browser, on the emulator's bare demo page: the same script and
// iframe the app gets, without the app.

const AUTH = { "Content-Type": "application/json", "PLAID-CLIENT-ID": "emulator-client-id", "PLAID-SECRET": "emulator-secret" };

async function plaidCall(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulatorUrl()}${path}`, { method: "POST", headers: AUTH, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

async function openLink(page: Page, query = ""): Promise<FrameLocator> {
  await page.goto(`${emulatorUrl()}/__emulator/link-demo${query}`);
  await page.getByRole("button", { name: "Open Link" }).click();
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await expect(page.getByRole("dialog", { name: "Plaid Link" })).toBeVisible();
  return link;
}

async function signIn(link: FrameLocator, password = "pass_good"): Promise<void> {
  await link.getByLabel("Search institutions").fill("Platypus");
  await expect(link.getByRole("button", { name: "Tartan Bank" })).toHaveCount(0);
  await link.getByRole("button", { name: "First Platypus Bank" }).click();
  await link.getByLabel("Username").fill("user_good");
  await link.getByLabel("Password").fill(password);
  await link.getByRole("button", { name: "Submit" }).click();
}

async function result(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse((await page.getByLabel("Result").textContent()) ?? "{}") as Record<string, unknown>;
}

test.describe("emulator Link", () => {
  test("links First Platypus Bank and hands onSuccess a public token with Plaid's metadata", async ({ page }) => {
    const link = await openLink(page);
    await signIn(link);
    await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
    await link.getByRole("checkbox", { name: "Plaid Student Loan" }).uncheck();
    await link.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByLabel("Status")).toHaveText("success");
    await expect(page.getByRole("dialog", { name: "Plaid Link" })).toBeHidden();
    const { public_token: publicToken, metadata } = (await result(page)) as { public_token: string; metadata: { institution: unknown; accounts: { name: string; mask: string }[]; link_session_id: string } };
    expect(publicToken).toMatch(/^public-sandbox-[0-9a-f-]{36}$/);
    expect(metadata.institution).toEqual({ name: "First Platypus Bank", institution_id: "ins_109508" });
    expect(metadata.accounts.map((account) => account.name)).toEqual(["Plaid Checking", "Plaid Saving", "Plaid Credit Card"]);
    expect(metadata.link_session_id).toBeTruthy();
    await expect(page.getByRole("list", { name: "Events" })).toContainText("HANDOFF");

    // The token is a real one: the server side can exchange it, and the item has the chosen accounts.
    const exchanged = await plaidCall("/item/public_token/exchange", { public_token: publicToken });
    expect(exchanged.access_token).toMatch(/^access-sandbox-/);
    const accounts = (await plaidCall("/accounts/get", { access_token: exchanged.access_token })) as { accounts: unknown[] };
    expect(accounts.accounts).toHaveLength(3);
  });

  test("shows the credentials error for a wrong password; closing reports it to onExit", async ({ page }) => {
    const link = await openLink(page);
    await signIn(link, "wrong-password");
    await expect(link.getByRole("alert")).toContainText("The credentials you provided were incorrect");
    await expect(page.getByLabel("Status")).toHaveText("idle");
    await link.getByRole("button", { name: "Close" }).click();
    await expect(page.getByLabel("Status")).toHaveText("exit");
    const { error, metadata } = (await result(page)) as { error: { error_code: string }; metadata: { status: string; institution: { institution_id: string } } };
    expect(error.error_code).toBe("INVALID_CREDENTIALS");
    expect(metadata.status).toBe("requires_credentials");
    expect(metadata.institution.institution_id).toBe("ins_109508");
  });

  test("closing before choosing a bank calls onExit with no error", async ({ page }) => {
    const link = await openLink(page);
    await expect(link.getByLabel("Search institutions")).toBeFocused();
    await link.getByRole("button", { name: "Close" }).click();
    await expect(page.getByLabel("Status")).toHaveText("exit");
    const { error, metadata } = (await result(page)) as { error: unknown; metadata: { status: string; link_session_id: string } };
    expect(error).toBeNull();
    expect(metadata.status).toBe("institution_not_found");
    expect(metadata.link_session_id).toBeTruthy();
  });

  test("update mode skips the bank choice and repairs an item that needs a new login", async ({ page }) => {
    const { public_token: publicToken } = await plaidCall("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions"] });
    const { access_token: accessToken } = await plaidCall("/item/public_token/exchange", { public_token: publicToken });
    await plaidCall("/sandbox/item/reset_login", { access_token: accessToken });

    const link = await openLink(page, `?access_token=${encodeURIComponent(String(accessToken))}`);
    await expect(link.getByRole("heading", { name: "Log in to First Platypus Bank" })).toBeVisible();
    await expect(link.getByLabel("Search institutions")).toHaveCount(0);
    await link.getByLabel("Username").fill("user_good");
    await link.getByLabel("Password").fill("pass_good");
    await link.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByLabel("Status")).toHaveText("success");

    const item = (await plaidCall("/item/get", { access_token: accessToken })) as { item: { error: unknown } };
    expect(item.item.error).toBeNull();
  });
});
