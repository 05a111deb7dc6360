import { Products, type LinkTokenCreateRequest, type PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorOptions } from "@/emulator/server";
import { createLogger } from "@/server/logger";
import { createLinkToken } from "./create-link-token";
import { PlaidRequestError } from "./errors";
import type { PlaidDeps } from "./services";
import { emulatorPlaidDeps } from "./testing/emulator-plaid-deps";

const REDIRECT = "http://localhost:3310/oauth-return";

describe("Link tokens with an OAuth redirect_uri and optional products", { timeout: 30_000 }, () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let base: PlaidDeps;
  const sent: LinkTokenCreateRequest[] = [];

  beforeAll(async () => {
    const options: EmulatorOptions = { port: 0, timeScale: 0.001, readyDelayMs: 0, allowedRedirectUris: [REDIRECT] };
    emulator = await startEmulator(options);
    base = emulatorPlaidDeps({ emulatorUrl: emulator.url, logger: createLogger({ level: "silent" }) }).deps;
  });
  afterAll(() => emulator.close());

  /** The deps with this config, recording every /link/token/create request sent to the emulator. */
  function depsWith(config: Partial<PlaidDeps["config"]>): PlaidDeps {
    const client = Object.assign(Object.create(base.client) as PlaidApi, {
      linkTokenCreate: (request: LinkTokenCreateRequest) => {
        sent.push(request);
        return base.client.linkTokenCreate(request);
      },
    });
    return { ...base, client, config: { ...base.config, ...config } };
  }

  it("sends redirect_uri and optional_products for a new connection, and redirect_uri alone in update mode", async () => {
    const deps = depsWith({ redirectUri: REDIRECT, optionalProducts: [Products.Liabilities] });
    await expect(createLinkToken(deps, { userId: "user-1" })).resolves.toMatchObject({ linkToken: expect.stringMatching(/^link-sandbox-/) });
    expect(sent.at(-1)).toMatchObject({ redirect_uri: REDIRECT, products: ["transactions"], optional_products: ["liabilities"] });

    const created = await base.client.sandboxPublicTokenCreate({ institution_id: "ins_127287", initial_products: [Products.Transactions] });
    const { access_token: accessToken } = (await base.client.itemPublicTokenExchange({ public_token: created.data.public_token })).data;
    await createLinkToken(deps, { userId: "user-1", accessToken });
    expect(sent.at(-1)).toMatchObject({ redirect_uri: REDIRECT, access_token: accessToken });
    expect(sent.at(-1)).not.toHaveProperty("optional_products");
    expect(sent.at(-1)).not.toHaveProperty("products");
  });

  it("sends neither when they are not configured", async () => {
    await createLinkToken(depsWith({ redirectUri: undefined, optionalProducts: [] }), { userId: "user-1" });
    expect(sent.at(-1)).not.toHaveProperty("redirect_uri");
    expect(sent.at(-1)).not.toHaveProperty("optional_products");
  });

  it("is refused by Plaid when the redirect_uri is not on the dashboard's allowed list", async () => {
    const refused = await createLinkToken(depsWith({ redirectUri: "http://localhost:9999/elsewhere" }), { userId: "user-1" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PlaidRequestError);
    expect((refused as PlaidRequestError).failure).toMatchObject({ code: "INVALID_FIELD", kind: "invalid_request" });
  });
});
