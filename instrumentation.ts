/**
 * Runs once when a Next server process starts (never during `next build`). A misconfigured
 * production deploy stops here with one line naming the bad variable instead of failing later.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnvironmentOrExit } = await import("./server/startup");
  checkEnvironmentOrExit();
}
