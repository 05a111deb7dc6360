import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { parseKeyRing } from "./key-ring";
import { rotateKeys } from "./rotate-keys";
import { createTokenVault } from "./token-vault";

const oldKey = randomBytes(32).toString("base64");
const oldVault = createTokenVault(parseKeyRing(`old:${oldKey}`));
const newVault = createTokenVault(parseKeyRing(`new:${randomBytes(32).toString("base64")},old:${oldKey}`));

// Projects do not inherit the root timeouts, and the emulator plus PGlite are slow on a busy machine.
describe("rotateKeys", { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  const userId = randomUUID();

  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.insert(users).values({ id: userId, email: `${userId}@example.test` });
  }, 120_000);
  afterAll(() => handle.close(), 60_000);

  async function insertItem(vault = oldVault) {
    const id = randomUUID();
    const token = `access-sandbox-${randomUUID()}`;
    const sealed = vault.encrypt(token, id);
    await handle.db.insert(plaidItems).values({
      id,
      userId,
      plaidItemId: `item-${id}`,
      accessTokenCiphertext: sealed.ciphertext,
      accessTokenKeyId: sealed.keyId,
    });
    return { id, token };
  }

  it("re-encrypts every row with the current key in batches, leaves the plaintext unchanged and reports counts", async () => {
    const items = await Promise.all(Array.from({ length: 5 }, () => insertItem()));
    const alreadyNew = await insertItem(newVault);
    const broken = await insertItem(createTokenVault(parseKeyRing(`gone:${randomBytes(32).toString("base64")}`)));

    const report = await rotateKeys(handle.db, newVault, { batchSize: 2 });
    expect(report).toMatchObject({ scanned: 7, rotated: 5, current: 1, skipped: 0 });
    expect(report.failed).toEqual([{ itemId: broken.id, reason: "unknown_key" }]);

    for (const item of [...items, alreadyNew]) {
      const [row] = await handle.db.select().from(plaidItems).where(eq(plaidItems.id, item.id));
      expect(row?.accessTokenKeyId).toBe("new");
      expect(newVault.keyIdOf(row?.accessTokenCiphertext ?? "")).toBe("new");
      expect(newVault.decrypt(row?.accessTokenCiphertext ?? "", item.id)).toBe(item.token);
    }

    const again = await rotateKeys(handle.db, newVault);
    expect(again).toMatchObject({ rotated: 0, current: 6 });
  });
});
