import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { categoryNameSchema } from "@/server/edits/edit-schemas";
import { createCategory, listCategories, mergeCategory, renameCategory } from "@/server/edits/manage-categories";
import { mapEditErrors } from "./edit-errors";
import { userProcedure } from "./user-procedure";

export const categoriesRouter = createTRPCRouter({
  /** The user's categories: Plaid's primaries (seeded) and their own, by name. */
  list: userProcedure.query(({ ctx }) => listCategories(ctx.db, ctx.userId)),

  create: userProcedure.input(z.object({ name: categoryNameSchema })).mutation(({ ctx, input }) => mapEditErrors(() => createCategory(ctx.db, ctx.userId, input.name))),

  rename: userProcedure
    .input(z.object({ id: z.uuid(), name: categoryNameSchema }))
    .mutation(({ ctx, input }) => mapEditErrors(() => renameCategory(ctx.db, ctx.userId, input.id, input.name))),

  /** Moves everything in `id` to `targetId` and retires `id`. */
  merge: userProcedure
    .input(z.object({ id: z.uuid(), targetId: z.uuid("Pick the category to merge into") }))
    .mutation(({ ctx, input }) => mapEditErrors(() => mergeCategory(ctx.db, ctx.userId, input.id, input.targetId))),

  /** Deletes a category, moving its transactions, splits and budgets to `reassignTo`. */
  delete: userProcedure
    .input(z.object({ id: z.uuid(), reassignTo: z.uuid("Pick where its transactions go") }))
    .mutation(({ ctx, input }) => mapEditErrors(() => mergeCategory(ctx.db, ctx.userId, input.id, input.reassignTo))),
});
