import { createCallerFactory, createTRPCRouter } from "./trpc";
import { accountRouter } from "./routers/account";
import { accountsRouter } from "./routers/accounts";
import { budgetsRouter } from "./routers/budgets";
import { categoriesRouter } from "./routers/categories";
import { forecastRouter } from "./routers/forecast";
import { identityRouter } from "./routers/identity";
import { itemsRouter } from "./routers/items";
import { liabilitiesRouter } from "./routers/liabilities";
import { notificationsRouter } from "./routers/notifications";
import { overviewRouter } from "./routers/overview";
import { plaidRouter } from "./routers/plaid";
import { recurringRouter } from "./routers/recurring";
import { rulesRouter } from "./routers/rules";
import { sessionsRouter } from "./routers/sessions";
import { syncRouter } from "./routers/sync";
import { transactionEditsRouter } from "./routers/transaction-edits";
import { transactionsRouter } from "./routers/transactions";
import { twoFactorRouter } from "./routers/two-factor";
import { upcomingRouter } from "./routers/upcoming";
import { viewerRouter } from "./routers/viewer";

export const appRouter = createTRPCRouter({
  viewer: viewerRouter,
  account: accountRouter,
  plaid: plaidRouter,
  items: itemsRouter,
  accounts: accountsRouter,
  identity: identityRouter,
  transactions: transactionsRouter,
  transactionEdits: transactionEditsRouter,
  categories: categoriesRouter,
  sync: syncRouter,
  overview: overviewRouter,
  recurring: recurringRouter,
  liabilities: liabilitiesRouter,
  upcoming: upcomingRouter,
  forecast: forecastRouter,
  budgets: budgetsRouter,
  rules: rulesRouter,
  notifications: notificationsRouter,
  twoFactor: twoFactorRouter,
  sessions: sessionsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
