import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import type { ReadBenchData } from "./seed-read-bench-data";

/**
 * Budgets for the read benchmark's measured user, at their most expensive: one per category in
 * USD and EUR plus a total per currency, half with rollover, all created 13 months ago (so
 * rollover walks its whole 12-month limit), and 20 active recurring bills for the pace.
 */
export async function seedBudgetBenchData(handle: DatabaseHandle, data: ReadBenchData): Promise<{ budgets: number }> {
  await handle.db.execute(sql`
    insert into budgets (user_id, category_id, currency, amount, rollover, created_at)
    select ${data.userId}, c.id, cur, 250 + (row_number() over ()) * 10, (row_number() over ()) % 2 = 0, now() - interval '400 days'
    from (select id from categories where user_id = ${data.userId} union all select null) as c
    cross join (values ('USD'), ('EUR')) as currencies(cur)`);
  const [account] = await queryRows<{ plaid_account_id: string }>(handle.db, sql`select plaid_account_id from plaid_accounts where id = ${data.accountId}::uuid`);
  const plaidAccountId = account?.plaid_account_id ?? "";
  await handle.db.execute(sql`
    insert into recurring_streams (stream_id, item_id, user_id, plaid_account_id, direction, description, category_primary, frequency,
      predicted_next_date, average_amount, last_amount, iso_currency_code, is_active, status)
    select 'bench-stream-' || g || '-' || ${data.userId}, ${data.bankId}::uuid, ${data.userId}, ${plaidAccountId}, 'outflow', 'Bill ' || g,
      (array['ENTERTAINMENT','RENT_AND_UTILITIES','FOOD_AND_DRINK','PERSONAL_CARE'])[1 + g % 4],
      (array['WEEKLY','BIWEEKLY','SEMI_MONTHLY','MONTHLY','ANNUALLY'])[1 + g % 5],
      current_date + (g % 20), 10 + g, 10 + g, 'USD', true, 'MATURE'
    from generate_series(1, 20) as g`);
  const [count] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from budgets where user_id = ${data.userId}`);
  return { budgets: count?.n ?? 0 };
}
