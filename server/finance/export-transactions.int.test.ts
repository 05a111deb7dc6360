import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/test/test-database";
import { exploreTransactions } from "./explore-transactions";
import { exportTransactionBatches } from "./export-transactions";
import { CSV_COLUMNS } from "./export-transactions-csv";
import { handleTransactionsExport } from "./export-transactions-handler";
import { fixtureAccount, fixtureOwner, fixtureRow, insertRows, seedFixtureUser, type FixtureUser } from "./testing/transaction-fixtures";
import { transactionFiltersSchema } from "./transaction-filters";

let handle: DatabaseHandle;
let alice: FixtureUser;
let bob: FixtureUser;

const FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"];
const AWKWARD = 'He said "hi", then\nleft, twice\r\nagain';

beforeAll(async () => {
  handle = await createTestDatabase();
  // 2,300 rows: the default export batch is 1,000, so the stream crosses batch boundaries.
  alice = await seedFixtureUser(handle.db, "a", 2_300);
  bob = await seedFixtureUser(handle.db, "b", 50);
  const owner = fixtureOwner(alice, 1, 0);
  await insertRows(handle.db, [
    ...FORMULAS.map((name, i) => ({ ...fixtureRow(owner, "f", i), name, merchantName: name, date: "2027-01-01" })),
    { ...fixtureRow(owner, "q", 1), name: AWKWARD, merchantName: "Ben, Jerry & \"Co\"", amount: "4.31", date: "2027-01-02" },
  ]);
});
afterAll(async () => {
  await handle.close();
});

const exportAs = (userId: string | null, query: string) =>
  handleTransactionsExport(new Request(`http://localhost/api/export/transactions?${query}`), {
    userId: async () => userId,
    database: async () => handle.db,
    today: () => "2027-02-03",
  });

type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;
const parse = (text: string): CsvRecord[] => parseCsv(text, { bom: true, columns: true, relax_quotes: false }) as CsvRecord[];

async function allRows(userId: string, query: Record<string, string>) {
  const filters = transactionFiltersSchema.parse(query);
  const rows = [];
  for await (const batch of exportTransactionBatches(handle.db, userId, filters, 1_000_000)) rows.push(...batch);
  return rows;
}

describe("GET /api/export/transactions", () => {
  it("streams exactly the filtered rows, in the explorer's order, and parses back to them", async () => {
    const query = { bank: alice.banks[0]?.id ?? "", sort: "amount_desc", from: "2026-02-01" };
    const response = await exportAs(alice.userId, new URLSearchParams(query).toString());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="transactions_2026-02-01_to_2027-02-03.csv"');
    const records = parse(await response.text());
    const expected = await allRows(alice.userId, query);
    expect(expected.length).toBeGreaterThan(1_000);
    expect(records.map((r) => r["Transaction ID"])).toEqual(expected.map((row) => row.id));
    const sample = expected[5];
    const record = records[5];
    expect(record).toEqual({
      Date: sample?.date,
      Description: sample?.name,
      Merchant: sample?.merchantName ?? "",
      Category: sample?.categoryName ?? "",
      "Plaid category": sample?.category ?? "",
      "Detailed category": sample?.categoryDetailed ?? "",
      Bank: "First Platypus Bank",
      Account: sample?.accountName,
      "Account mask": sample?.accountMask,
      // As the screen shows it: money in positive, money out negative.
      Amount: sample?.amount.startsWith("-") ? sample.amount.slice(1) : `-${sample?.amount}`,
      Currency: sample?.currency ?? "",
      Status: sample?.pending ? "Pending" : "Posted",
      "Display name": "",
      Tags: "",
      Note: "",
      "Hidden from reports": "No",
      Split: "No",
      "Transaction ID": sample?.id,
    });
  });

  it("writes RFC 4180 CSV with CRLF records and a header even when nothing matches", async () => {
    const response = await exportAs(alice.userId, "q=no-such-thing&to=2026-05-31");
    expect(response.headers.get("content-disposition")).toContain('filename="transactions_earliest_to_2026-05-31.csv"');
    // Read as bytes: Response.text() drops a byte order mark.
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.toString("utf8")).toBe(`\ufeff${CSV_COLUMNS.join(",")}\r\n`);
  });

  it("neutralises formulas in text cells and quotes commas, quotes and line breaks", async () => {
    const response = await exportAs(alice.userId, "from=2027-01-01&sort=date_asc");
    const text = await response.text();
    const records = parse(text);
    expect(records.map((r) => r.Description)).toEqual([...FORMULAS.map((formula) => `'${formula}`), AWKWARD]);
    expect(records.map((r) => r.Merchant)).toEqual([...FORMULAS.map((formula) => `'${formula}`), 'Ben, Jerry & "Co"']);
    expect(text).toContain(`"He said ""hi"", then\nleft, twice\r\nagain"`);
    // Amounts are numbers, not text: "-4.31" is written plain so spreadsheets can add it up.
    expect(records.at(-1)?.Amount).toBe("-4.31");
    expect(text).not.toContain("'-4.31");
  });

  it("never exports another user's rows, even with their account id in the filter", async () => {
    const foreign = await exportAs(alice.userId, `account=${fixtureAccount(bob, 0, 0).id}`);
    expect(parse(await foreign.text())).toEqual([]);
    const mine = parse(await (await exportAs(alice.userId, "q=starbucks")).text());
    expect(mine.length).toBeGreaterThan(0);
    const bobIds = new Set(bob.rows.map((row) => row.id));
    expect(mine.some((r) => bobIds.has(r["Transaction ID"]))).toBe(false);
    expect(mine.every((r) => r["Transaction ID"].startsWith("a"))).toBe(true);
  });

  it("answers 401 without a session and 400 for an invalid filter, with no CSV", async () => {
    const anonymous = await exportAs(null, "");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/json");
    const invalid = await exportAs(alice.userId, "from=2026-05-01&to=2026-04-01");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: "The start date is after the end date" });
  });

  it("reads in keyset batches that join up to the same rows as one big read", async () => {
    const filters = transactionFiltersSchema.parse({ sort: "date_desc", q: "a" });
    const batches: string[][] = [];
    for await (const batch of exportTransactionBatches(handle.db, bob.userId, filters, 7)) batches.push(batch.map((row) => row.id));
    const whole = await exploreTransactions(handle.db, { userId: bob.userId, filters, limit: 100 });
    expect(batches.length).toBe(Math.ceil(whole.items.length / 7));
    expect(batches.flat()).toEqual(whole.items.map((row) => row.id));
  });
});
