import { z } from "zod";
import { transactionFiltersSchema } from "@/server/finance/transaction-filters";

/** Plaid's transaction ids: letters, digits, dashes and underscores. */
export const transactionIdSchema = z.string().trim().min(1).max(200);

export const categoryNameSchema = z.string().trim().min(1, "Enter a name").max(60, "Use at most 60 characters");

const tagSchema = z
  .string()
  .trim()
  .min(1, "A tag cannot be empty")
  .max(40, "Use at most 40 characters per tag")
  .regex(/^[^,]+$/, "A tag cannot contain a comma");
export const tagsSchema = z.array(tagSchema).max(20, "Use at most 20 tags").transform((tags) => [...new Set(tags)].sort());

/**
 * One transaction's edit: only the fields given change; null clears a field (the category goes
 * back to Plaid's, the name to the bank's).
 */
export const transactionEditSchema = z.object({
  id: transactionIdSchema,
  categoryId: z.uuid("Pick a category from the list").nullable().optional(),
  displayName: z.string().trim().max(100, "Use at most 100 characters").nullable().optional(),
  note: z.string().trim().max(500, "Use at most 500 characters").nullable().optional(),
  tags: tagsSchema.optional(),
  hidden: z.boolean().optional(),
});
export type TransactionEdit = z.infer<typeof transactionEditSchema>;

/** A bulk edit: selected ids, or every transaction the explorer's filters match. */
export const bulkEditSchema = z
  .object({
    target: z.union([
      z.object({ ids: z.array(transactionIdSchema).min(1, "Select at least one transaction").max(5000, "Select at most 5,000 rows, or use all matching") }),
      z.object({ filters: transactionFiltersSchema }),
    ]),
    categoryId: z.uuid("Pick a category from the list").nullable().optional(),
    addTags: tagsSchema.optional(),
    removeTags: tagsSchema.optional(),
    hidden: z.boolean().optional(),
  })
  .refine((input) => input.categoryId !== undefined || input.hidden !== undefined || (input.addTags?.length ?? 0) > 0 || (input.removeTags?.length ?? 0) > 0, {
    message: "Choose something to change",
    path: ["categoryId"],
  });
export type BulkEdit = z.infer<typeof bulkEditSchema>;

/** A money amount as typed: optional sign, up to 13 digits and 2 decimals. A string, never a float. */
export const signedAmountSchema = z
  .string()
  .trim()
  .regex(/^-?\d{1,13}(\.\d{1,2})?$/, "Enter an amount like 12.50");

export const splitSchema = z.object({
  id: transactionIdSchema,
  parts: z
    .array(
      z.object({
        categoryId: z.uuid("Pick a category for each part"),
        amount: signedAmountSchema.refine((value) => !/^-?0+(\.0+)?$/.test(value), "A part cannot be zero"),
        note: z.string().trim().max(200).nullable().optional(),
      }),
    )
    .min(2, "A split needs at least two parts")
    .max(20, "Use at most 20 parts"),
});
export type SplitInput = z.infer<typeof splitSchema>;
