/**
 * `npm run mail` (and part of `npm run dev`): the development mail server at DEV_SMTP_URL. Every
 * email the app sends lands in DATA_DIR/mail/ as an .eml file (open it in any mail client) and
 * as one log line naming it; nothing leaves this machine.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEV_SMTP_URL } from "@/server/env";
import { errorLogFields } from "@/server/observability/error-log-fields";
import { startLocalSmtpServer } from "./testing/local-smtp-server";

async function main(): Promise<void> {
  const folder = path.resolve(process.env.DATA_DIR ?? ".data", "mail");
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const port = Number(new URL(DEV_SMTP_URL).port);
  let count = 0;
  const server = await startLocalSmtpServer({
    port,
    onMessage: (mail) => {
      count += 1;
      const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, "-")}-${count}.eml`);
      writeFileSync(file, mail.raw, { mode: 0o600 });
      console.log(`[mail] to ${mail.to.join(", ")} · ${mail.headers.subject ?? "(no subject)"} → ${path.relative(process.cwd(), file)}`);
    },
  });
  console.log(`[mail] development mail server on ${server.url}; messages are written to ${path.relative(process.cwd(), folder)}/`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  // By class and code (EADDRINUSE says what is wrong), never the message: see error-log-fields.ts.
  console.error(`[mail] failed to start: ${JSON.stringify(errorLogFields(error))}`);
  process.exit(1);
});
