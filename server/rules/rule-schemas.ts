import { z } from "zod";
import { tagsSchema } from "@/server/edits/edit-schemas";

/** A positive magnitude of money as typed: "25", "25.5", "25.00". A string, never a float. */
const magnitudeSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, "Enter an amount like 25 or 25.00");

const textValueSchema = z.string().trim().min(1, "Enter the text to match").max(100, "Use at most 100 characters");

/**
 * One condition; a rule's conditions must all hold. Text matching ignores case and treats every
 * character literally (no wildcards). `merchant` is Plaid's merchant name, or the bank's
 * description where Plaid found no merchant; `name` is always the bank's description.
 */
export const ruleConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), field: z.enum(["merchant", "name"]), op: z.enum(["contains", "equals"]), value: textValueSchema }),
  z
    .object({
      type: z.literal("amount"),
      /** Bounds on the magnitude (inclusive); at least one. */
      min: magnitudeSchema.nullable().optional(),
      max: magnitudeSchema.nullable().optional(),
      direction: z.enum(["any", "in", "out"]).default("any"),
    })
    .refine((c) => (c.min ?? null) !== null || (c.max ?? null) !== null, { message: "Enter a minimum, a maximum or both", path: ["min"] })
    .refine((c) => c.min == null || c.max == null || Number(c.min) <= Number(c.max), { message: "The minimum is more than the maximum", path: ["max"] }),
  z.object({ type: z.literal("direction"), value: z.enum(["in", "out"]) }),
  z.object({ type: z.literal("account"), accountId: z.uuid("Pick an account from the list") }),
  z.object({
    type: z.literal("plaidCategory"),
    level: z.enum(["primary", "detailed"]),
    value: z
      .string()
      .trim()
      .regex(/^[A-Za-z_]{2,80}$/, "A Plaid category looks like FOOD_AND_DRINK")
      .transform((value) => value.toUpperCase()),
  }),
]);
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export const ruleConditionsSchema = z.array(ruleConditionSchema).min(1, "Add at least one condition").max(10, "Use at most 10 conditions");

export const ruleActionsSchema = z
  .object({
    setCategoryId: z.uuid("Pick a category from the list").nullable().default(null),
    setDisplayName: z.string().trim().min(1, "Enter a name or leave it out").max(100, "Use at most 100 characters").nullable().default(null),
    addTags: tagsSchema.default([]),
    /** true hides matching transactions from reports; null leaves them as they are. */
    hide: z.literal(true).nullable().default(null),
  })
  .refine((a) => a.setCategoryId !== null || a.setDisplayName !== null || a.addTags.length > 0 || a.hide !== null, {
    message: "Choose at least one action",
    path: ["setCategoryId"],
  });
export type RuleActions = z.infer<typeof ruleActionsSchema>;

export const ruleNameSchema = z.string().trim().min(1, "Enter a name").max(80, "Use at most 80 characters");

export const ruleInputSchema = z.object({
  name: ruleNameSchema,
  enabled: z.boolean().default(true),
  stop: z.boolean().default(false),
  conditions: ruleConditionsSchema,
  actions: ruleActionsSchema,
});
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const ruleIdSchema = z.uuid("That rule was not found");
