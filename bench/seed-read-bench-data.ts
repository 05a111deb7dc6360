import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { plaidAccounts, plaidItems, users } from "@/db/schema";
import { seedCategories } from "@/server/edits/seed-categories";
import { rebuildMonthTotals } from "@/server/plaid/sync/refresh-month-totals";

/** Merchants as the emulator names them: name, merchant, primary and detailed category, typical dollars (negative = money in). */
const MERCHANTS: [string, string | null, string, string, number][] = [
  ["STARBUCKS STORE #", "Starbucks", "FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE", 7],
  ["Blue Bottle Coffee", "Blue Bottle Coffee", "FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE", 6],
  ["McDonald's #", "McDonald's", "FOOD_AND_DRINK", "FOOD_AND_DRINK_FAST_FOOD", 11],
  ["CHIPOTLE #", "Chipotle Mexican Grill", "FOOD_AND_DRINK", "FOOD_AND_DRINK_FAST_FOOD", 14],
  ["Whole Foods Market", "Whole Foods", "FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES", 85],
  ["Trader Joe's #", "Trader Joe's", "FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES", 60],
  ["Uber 063015 SF**POOL**", "Uber", "TRANSPORTATION", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", 23],
  ["LYFT *RIDE", "Lyft", "TRANSPORTATION", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", 19],
  ["SHELL OIL #", "Shell", "TRANSPORTATION", "TRANSPORTATION_GAS", 45],
  ["United Airlines", "United Airlines", "TRAVEL", "TRAVEL_FLIGHTS", 420],
  ["AIRBNB * HM", "Airbnb", "TRAVEL", "TRAVEL_LODGING", 310],
  ["Netflix.com", "Netflix", "ENTERTAINMENT", "ENTERTAINMENT_TV_AND_MOVIES", 15],
  ["AMC #", "AMC Theatres", "ENTERTAINMENT", "ENTERTAINMENT_TV_AND_MOVIES", 24],
  ["Amazon.com*", "Amazon", "GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", 48],
  ["Target T-", "Target", "GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_SUPERSTORES", 52],
  ["Home Depot #", "The Home Depot", "HOME_IMPROVEMENT", "HOME_IMPROVEMENT_HARDWARE", 96],
  ["CVS/PHARMACY #", "CVS", "MEDICAL", "MEDICAL_PHARMACIES_AND_SUPPLEMENTS", 21],
  ["PG&E WEB ONLINE", "PG&E", "RENT_AND_UTILITIES", "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY", 130],
  ["RENT PAYMENT", null, "RENT_AND_UTILITIES", "RENT_AND_UTILITIES_RENT", 2400],
  ["Touchstone Climbing", "Touchstone Climbing", "PERSONAL_CARE", "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS", 85],
  ["ACME CORP PAYROLL", null, "INCOME", "INCOME_WAGES", -3200],
  ["Transfer from savings", null, "TRANSFER_IN", "TRANSFER_IN_ACCOUNT_TRANSFER", -500],
  ["Transfer to savings", null, "TRANSFER_OUT", "TRANSFER_OUT_ACCOUNT_TRANSFER", 400],
  ["Credit card payment", null, "LOAN_PAYMENTS", "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", 650],
  ["Overdraft fee", null, "BANK_FEES", "BANK_FEES_OVERDRAFT_FEES", 35],
];

export interface ReadBenchData {
  userId: string;
  /** plaid_accounts.id of the measured user's first account. */
  accountId: string;
  /** plaid_items.id of the measured user's bank. */
  bankId: string;
  rows: number;
  totalRows: number;
}

async function createOwner(handle: DatabaseHandle, index: number) {
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `bench-reads-${index}-${userId}@example.test` });
  const [item] = await handle.db
    .insert(plaidItems)
    .values({ userId, plaidItemId: `bench-reads-item-${index}-${userId}`, institutionName: "First Platypus Bank", accessTokenCiphertext: "v1.k.iv.data", accessTokenKeyId: "k" })
    .returning({ id: plaidItems.id });
  if (!item) throw new Error("no item");
  const accounts = await handle.db
    .insert(plaidAccounts)
    .values(
      [
        { name: "Plaid Checking", type: "depository", currentBalance: "12840.17" },
        { name: "Plaid Credit Card", type: "credit", currentBalance: "1610.42" },
      ].map((account, a) => ({ itemId: item.id, userId, plaidAccountId: `bench-reads-acc-${index}-${a}-${userId}`, mask: `${a}000`, isoCurrencyCode: "USD", ...account })),
    )
    .returning({ id: plaidAccounts.id, plaidAccountId: plaidAccounts.plaidAccountId });
  return { userId, itemId: item.id, accounts };
}

/**
 * Inserts `count` transactions for one owner in one statement, generated inside PostgreSQL: dates
 * over two years, merchants in rotation (transfers and card payments among them) with spread
 * amounts (some exactly 4.31), one in 50 pending, one in 20 in EUR.
 */
async function insertTransactions(handle: DatabaseHandle, owner: Awaited<ReturnType<typeof createOwner>>, ownerIndex: number, count: number) {
  const merchants = sql.raw(
    `(values ${MERCHANTS.map(([name, merchant, primary, detailed, dollars], i) => `(${i}, '${name.replace(/'/g, "''")}', ${merchant ? `'${merchant.replace(/'/g, "''")}'` : "null"}, '${primary}', '${detailed}', ${dollars})`).join(", ")}) as m(i, name, merchant, primary_category, detailed_category, dollars)`,
  );
  const [first, second] = owner.accounts;
  if (!first || !second) throw new Error("no accounts");
  await handle.db.execute(sql`
    insert into plaid_transactions (plaid_transaction_id, item_id, user_id, plaid_account_id, amount, iso_currency_code, date, name, merchant_name,
      category_primary, category_detailed, pending, payment_channel)
    select
      md5(${owner.userId} || g::text),
      ${owner.itemId}, ${owner.userId},
      case when g % 3 = 0 then ${second.plaidAccountId} else ${first.plaidAccountId} end,
      case when g % 997 = 0 then 4.31 else round((m.dollars * (0.5 + ((g * 7919 + ${ownerIndex}) % 1000) / 1000.0))::numeric, 2) end,
      case when g % 20 = 7 then 'EUR' else 'USD' end,
      current_date - ((g * 37) % 730),
      case when m.name like '%#' or m.name like '%-' then m.name || (g % 9000)::text else m.name end,
      m.merchant, m.primary_category, m.detailed_category,
      g % 50 = 0,
      'in store'
    from generate_series(1, ${count}) as g
    join ${merchants} on m.i = (g * 13 + g / 7) % ${MERCHANTS.length}
  `);
}

/**
 * The read benchmark's data: one measured user with `userRows` transactions and other users
 * (10,000 rows each) until the table holds `totalRows`, so the indexes and the planner see a
 * shared table, not one user's. Inserted directly, so each owner's month totals are rebuilt as the
 * sync would keep them. Analysed afterwards, as autovacuum would in production.
 */
export async function seedReadBenchData(handle: DatabaseHandle, userRows: number, totalRows: number): Promise<ReadBenchData> {
  const measured = await createOwner(handle, 0);
  // Seeded before the totals are built, so they group by the user's categories (budgets read those).
  await seedCategories(handle.db, measured.userId);
  await insertTransactions(handle, measured, 0, userRows);
  await rebuildMonthTotals(handle.db, measured.itemId);
  const others = Math.max(0, Math.ceil((totalRows - userRows) / 10_000));
  for (let index = 1; index <= others; index += 1) {
    const owner = await createOwner(handle, index);
    await insertTransactions(handle, owner, index, Math.min(10_000, totalRows - userRows - (index - 1) * 10_000));
    await rebuildMonthTotals(handle.db, owner.itemId);
  }
  await handle.db.execute(sql`analyze`);
  const account = measured.accounts[0];
  if (!account) throw new Error("no account");
  return { userId: measured.userId, accountId: account.id, bankId: measured.itemId, rows: userRows, totalRows };
}
