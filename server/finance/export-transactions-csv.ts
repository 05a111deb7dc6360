import { stringify } from "csv-stringify/sync";
import type { ExploredTransaction } from "./explore-transactions";

export const CSV_COLUMNS = [
  "Date",
  "Description",
  "Merchant",
  "Category",
  "Plaid category",
  "Detailed category",
  "Bank",
  "Account",
  "Account mask",
  "Amount",
  "Currency",
  "Status",
  "Display name",
  "Tags",
  "Note",
  "Hidden from reports",
  "Split",
  "Transaction ID",
] as const;

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading single
 * quote, so a merchant name like "=HYPERLINK(…)" shows as text instead of executing (OWASP's
 * CSV injection advice). Amounts are not text: they are written as plain numbers ("-4.31"), which
 * spreadsheets read as numbers, so they are left as they are.
 */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Plaid's sign flipped, as the screen shows it: money in positive, money out negative. */
export function displayAmount(plaidAmount: string): string {
  if (/^-?0*(\.0*)?$/.test(plaidAmount)) return plaidAmount.replace(/^-/, "");
  return plaidAmount.startsWith("-") ? plaidAmount.slice(1) : `-${plaidAmount}`;
}

export function csvRecord(row: ExploredTransaction): string[] {
  const text = (value: string | null) => neutraliseCell(value ?? "");
  return [
    row.date,
    text(row.name),
    text(row.merchantName),
    // The person's category (effective-category.ts); Plaid's own beside it.
    text(row.categoryName),
    text(row.category),
    text(row.categoryDetailed),
    text(row.institutionName),
    text(row.accountName),
    text(row.accountMask),
    displayAmount(row.amount),
    text(row.currency),
    row.pending ? "Pending" : "Posted",
    text(row.displayName),
    text(row.tags.join(", ")),
    text(row.note),
    row.hidden ? "Yes" : "No",
    row.split ? "Yes" : "No",
    text(row.id),
  ];
}

/**
 * A CSV download as a byte stream: RFC 4180 (CRLF records, fields with commas, quotes or line
 * breaks quoted, quotes doubled) by csv-stringify, a BOM so spreadsheet apps read UTF-8. Pulled
 * one batch at a time, so a slow client slows the database reads instead of filling memory.
 */
export function transactionsCsvStream(batches: AsyncGenerator<ExploredTransaction[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let first = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await batches.next();
        if (next.done) {
          if (first) controller.enqueue(encoder.encode(stringify([], { header: true, columns: [...CSV_COLUMNS], bom: true, record_delimiter: "\r\n" })));
          controller.close();
          return;
        }
        const csv = stringify(next.value.map(csvRecord), {
          header: first,
          columns: [...CSV_COLUMNS],
          bom: first,
          record_delimiter: "\r\n",
          // A lone CR would end a record in some readers; quote it like a newline.
          quoted_match: /\r/,
        });
        first = false;
        controller.enqueue(encoder.encode(csv));
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
