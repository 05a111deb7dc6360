import { createCallerFactory, createTRPCRouter } from "./trpc";
import { viewerRouter } from "./routers/viewer";

export const appRouter = createTRPCRouter({
  viewer: viewerRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
