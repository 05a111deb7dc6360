/**
 * `npx tsx bench/transaction-reads-cli.ts`: only the transaction reads and export benchmark (part of
 * `npm run bench`), on a throwaway PostgreSQL or BENCH_DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import postgres from "postgres";
import { createDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { startThrowawayPostgres } from "@/test/embedded-postgres";
import { benchTransactionReads, printTransactionReads, saveTransactionReads } from "./transaction-reads";

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ? null : await startThrowawayPostgres();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? server?.url ?? "";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `bench_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase({ driver: "postgres", url: url.toString(), maxConnections: 10 });
  try {
    await migrateDatabase(handle);
    console.log(`Ledgerlink transaction reads · ${availableParallelism()} cores · Node ${process.version}`);
    const results = await benchTransactionReads(handle);
    printTransactionReads(results);
    // A partial run (BENCH_READS_ONLY) would replace the saved figures with a few of them.
    if (!process.env.BENCH_READS_ONLY) await saveTransactionReads(results);
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
