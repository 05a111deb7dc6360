import { allLogLines } from "../child-process";
import { readStaticFiles, type Cluster } from "../cluster";
import { recordedExchanges } from "../http-record";
import { recordedFetch } from "../http-record";
import { runScenario } from "../summary";
import { emulatorItems } from "../truth";

interface Secret {
  kind: string;
  value: string;
}

/**
 * After everything else: no access token, Plaid secret, encryption key, AUTH_SECRET or password
 * hash in any answer the harness got from the apps (bodies and headers), any line any process
 * printed, a 404 or 500 page, or any file of the client bundle.
 */
export function secretScan(cluster: Cluster, cookie: string) {
  return runScenario("secret scan", async (result) => {
    await recordedFetch(`${cluster.front.url}/no-such-page-${Date.now()}`, { headers: { cookie } });
    await recordedFetch(`${cluster.front.url}/no-such-page-${Date.now()}`);

    const secrets: Secret[] = [
      ...(await emulatorItems(cluster)).map((item) => ({ kind: "access token", value: item.access_token })),
      { kind: "PLAID_SECRET", value: cluster.secrets.plaidSecret },
      { kind: "TOKEN_ENCRYPTION_KEYS key", value: cluster.secrets.tokenEncryptionKey },
      { kind: "TOKEN_ENCRYPTION_KEYS key (base64url)", value: Buffer.from(cluster.secrets.tokenEncryptionKey, "base64").toString("base64url") },
      { kind: "AUTH_SECRET", value: cluster.secrets.authSecret },
      { kind: "METRICS_TOKEN", value: cluster.secrets.metricsToken },
      ...(await cluster.sql<{ password_hash: string }[]>`select password_hash from users where password_hash is not null`).map((row) => ({ kind: "password hash", value: row.password_hash })),
      { kind: "argon2id hash", value: "$argon2id$" },
    ];
    const findings = new Map<string, number>();
    const examples: string[] = [];
    const scan = (where: string, text: string) => {
      for (const secret of secrets) {
        if (!text.includes(secret.value)) continue;
        const key = `${secret.kind} in ${where.split(":")[0]}`;
        findings.set(key, (findings.get(key) ?? 0) + 1);
        if (examples.length < 8) {
          const at = text.indexOf(secret.value);
          examples.push(`${secret.kind} in ${where}: …${text.slice(Math.max(0, at - 80), at).replace(/\s+/g, " ")}[secret]…`);
        }
      }
    };
    for (const exchange of recordedExchanges) scan(`response: ${exchange.method} ${exchange.url} ${exchange.status}`, `${exchange.headers}\n${exchange.body}`);
    // The emulator is Plaid's stand-in: its own lines may name its own secret; the app's may not.
    for (const line of allLogLines) scan(`log: ${line.source}`, line.text);
    const files = readStaticFiles();
    for (const file of files) scan(`static: ${file.file}`, file.text);

    result.sent = recordedExchanges.length;
    result.accepted = allLogLines.length;
    result.rejected = [...findings.values()].reduce((a, b) => a + b, 0);
    for (const [where, count] of findings) result.failures.push(`${count}× ${where}`);
    result.failures.push(...(findings.size > 0 ? examples : []));
    if (files.length === 0) result.failures.push(".next/static has no files: was `next build` run?");
    if (recordedExchanges.length < 100) result.failures.push(`only ${recordedExchanges.length} answers recorded`);
    result.notes.push(`${recordedExchanges.length} answers, ${allLogLines.length} log lines, ${files.length} static files, ${secrets.length} secrets looked for (sent = answers, accepted = log lines, rejected = leaks)`);
  });
}
