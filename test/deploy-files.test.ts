import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { WORKER_USAGE } from "@/server/jobs/worker-flags";
import { TOOLS } from "../scripts/tools.mjs";

// Nothing container-based can run here (no Docker daemon), so this keeps the deploy files honest
// instead: the commands, ports and variables in the Dockerfile and compose.yaml are the README's
// and server/env.ts's, and the commands are the ones npm scripts and the reliability suite run.

const root = process.cwd();
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Variables the platform reads, not server/env.ts: Next's listener, Node, the postgres image. */
const PLATFORM_VARIABLES = new Set(["NODE_ENV", "PORT", "HOSTNAME", "NEXT_TELEMETRY_DISABLED", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"]);

/** The names server/env.ts parses: each is a `NAME: z…` (or `NAME: csv(…)`) line of its schema. */
function envTsNames(): Set<string> {
  return new Set([...read("server/env.ts").matchAll(/^ {4}([A-Z][A-Z0-9_]*): (?:z\b|csv\()/gm)].map((match) => match[1] ?? ""));
}

function readmeSection(): string {
  const readme = read("README.md");
  const start = readme.indexOf("\n## Running in production\n");
  expect(start, "README.md has a '## Running in production' section").toBeGreaterThan(-1);
  const next = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, next === -1 ? undefined : next);
}

/** The section's role table: role → { command, npm script, port }. */
function readmeRoles(): Map<string, { command: string; script: string | null; port: string | null }> {
  const roles = new Map<string, { command: string; script: string | null; port: string | null }>();
  for (const line of readmeSection().split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length < 5) continue;
    const [, roleCell = "", commandCell = "", portCell = ""] = cells;
    const role = /^(migrate|app|worker)\b/.exec(roleCell)?.[1];
    if (!role) continue;
    const [command = "", script] = [...commandCell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
    roles.set(role, { command, script: script ?? null, port: /`(\d+)`/.exec(portCell)?.[1] ?? null });
  }
  return roles;
}

const serviceSchema = z.object({
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  ports: z.array(z.string()).optional(),
  stop_grace_period: z.string().optional(),
  build: z.object({ context: z.string(), target: z.string() }).optional(),
  image: z.string().optional(),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });

function compose() {
  return composeSchema.parse(parseYaml(read("compose.yaml"), { merge: true }));
}

/** Each `FROM … AS name` stage of the Dockerfile with its USER, EXPOSE, ENV and CMD lines. */
function dockerStages(): Map<string, { user: string | null; expose: string[]; env: Map<string, string>; cmd: string[] | null }> {
  const stages = new Map<string, { user: string | null; expose: string[]; env: Map<string, string>; cmd: string[] | null }>();
  // Continuation lines joined, comments dropped.
  const lines = read("Dockerfile")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  let current: ReturnType<typeof stages.get>;
  for (const line of lines) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)$/i.exec(line);
    if (from?.[1]) {
      current = { user: null, expose: [], env: new Map(), cmd: null };
      stages.set(from[1], current);
      continue;
    }
    if (!current) continue;
    const [instruction = "", ...rest] = line.split(/\s+/);
    const argument = rest.join(" ");
    if (instruction === "USER") current.user = argument;
    if (instruction === "EXPOSE") current.expose.push(...rest);
    if (instruction === "ENV") for (const [, name = "", value = ""] of argument.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) current.env.set(name, value);
    if (instruction === "CMD") current.cmd = z.array(z.string()).parse(JSON.parse(argument));
  }
  return stages;
}

const scripts = () => z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(read("package.json"))).scripts;

describe("deploy files (Dockerfile, compose.yaml) against the README and server/env.ts", () => {
  it("the README names the command and npm script of each role, and each script runs that command", () => {
    const roles = readmeRoles();
    expect([...roles.keys()].sort()).toEqual(["app", "migrate", "worker"]);
    const npm = scripts();
    const scriptOf = (role: string) => roles.get(role)?.script?.replace(/^npm run /, "") ?? "";
    // The npm script launches the tool whose bundle the container runs (scripts/run-tool.mjs).
    for (const [role, tool] of [["migrate", TOOLS.migrate], ["worker", TOOLS.worker]] as const) {
      expect(roles.get(role)?.command, role).toBe(`node ${tool.bundle}`);
      const launched = /^node scripts\/run-tool\.mjs (\S+)$/.exec(npm[scriptOf(role)] ?? "")?.[1] ?? "";
      expect(TOOLS[launched as keyof typeof TOOLS], `npm run ${scriptOf(role)}`).toBe(tool);
    }
    expect(npm["keys:rotate"]).toBe("node scripts/run-tool.mjs rotate-keys");
    expect(npm[scriptOf("app")]).toMatch(new RegExp(`node ${roles.get("app")?.command.replace(/^node /, "").replace(/\./g, "\\.")}$`));
  });

  it("compose runs exactly the README's commands for migrate, app and worker", () => {
    const { services } = compose();
    const roles = readmeRoles();
    for (const role of ["migrate", "app", "worker"]) {
      expect(services[role]?.command?.join(" "), role).toBe(roles.get(role)?.command);
    }
    expect(Object.keys(services).sort()).toEqual(["app", "migrate", "postgres", "worker"]);
  });

  it("the Dockerfile's runtime stages run those commands as the unprivileged node user", () => {
    const stages = dockerStages();
    const roles = readmeRoles();
    const { services } = compose();
    expect(stages.get("app")?.cmd?.join(" ")).toBe(roles.get("app")?.command);
    expect(stages.get("tools")?.cmd?.join(" ")).toBe(roles.get("worker")?.command);
    for (const role of ["migrate", "app", "worker"]) {
      const target = services[role]?.build?.target ?? "";
      expect(stages.has(target), `${role} builds target ${target}`).toBe(true);
      expect(stages.get(target)?.user, `${target} runs as node`).toBe("node");
    }
  });

  it("the app listens where the README, the Dockerfile and compose say, and the worker's metrics port is the documented flag", () => {
    const port = readmeRoles().get("app")?.port;
    expect(port).toBe("3000");
    const app = dockerStages().get("app");
    expect(app?.expose).toEqual([port]);
    expect(app?.env.get("PORT")).toBe(port);
    expect(app?.env.get("HOSTNAME")).toBe("0.0.0.0");
    const service = compose().services.app;
    expect(String(service?.environment?.PORT)).toBe(port);
    expect(service?.ports).toEqual([`${port}:${port}`]);
    expect(readmeRoles().get("worker")?.port).toBe("9464");
    expect(readmeSection()).toContain("--metrics-port 9464");
    expect(WORKER_USAGE).toContain("--metrics-port");
  });

  it("every variable compose sets is one server/env.ts parses (or the platform's) and the README's section names it", () => {
    const known = envTsNames();
    expect(known.has("DATABASE_URL")).toBe(true);
    expect(known.has("WORKER_SHUTDOWN_GRACE_SECONDS")).toBe(true);
    const section = readmeSection();
    for (const [name, service] of Object.entries(compose().services)) {
      for (const variable of Object.keys(service.environment ?? {})) {
        if (PLATFORM_VARIABLES.has(variable)) continue;
        expect(known.has(variable), `${name}: ${variable} is parsed by server/env.ts`).toBe(true);
        expect(section, `${name}: README names ${variable}`).toContain(`\`${variable}\``);
      }
    }
  });

  it("every variable in the section's table is one server/env.ts parses (or the platform's)", () => {
    const known = envTsNames();
    const tableNames = [...readmeSection().matchAll(/^\| `([A-Z][A-Z0-9_]*)`(?: \/ `([A-Z][A-Z0-9_]*)`)? \|/gm)].flatMap((match) => [match[1], match[2]]).filter((name): name is string => Boolean(name));
    expect(tableNames).toContain("METRICS_TOKEN");
    for (const name of tableNames) expect(known.has(name) || PLATFORM_VARIABLES.has(name), name).toBe(true);
  });

  it("gives containers longer to stop than a worker's grace period, and the probes it documents exist", () => {
    const graceDefault = Number(/WORKER_SHUTDOWN_GRACE_SECONDS: z\.coerce\.number\(\)[^\n]*\.default\((\d+)\)/.exec(read("server/env.ts"))?.[1]);
    expect(graceDefault).toBe(20);
    for (const role of ["app", "worker"]) {
      const grace = compose().services[role]?.stop_grace_period ?? "10s";
      expect(Number(/^(\d+)s$/.exec(grace)?.[1]), `${role} stop_grace_period`).toBeGreaterThanOrEqual(graceDefault + 5);
    }
    for (const route of ["app/api/health/route.ts", "app/api/health/ready/route.ts", "app/api/metrics/route.ts"]) expect(existsSync(path.join(root, route)), route).toBe(true);
    expect(read("Dockerfile")).toContain("/api/health");
    expect(readmeSection()).toMatch(/`GET \/api\/health`[\s\S]*`GET \/api\/health\/ready`[\s\S]*`GET \/api\/metrics`/);
  });

  it("runs the tools from their bundles with production dependencies only: no tsx, no devDependencies, no TypeScript", () => {
    const build = scripts().build ?? "";
    expect(build).toMatch(/next build && node scripts\/bundle-tools\.mjs$/);
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/FROM \S+ AS prod-deps[\s\S]*RUN npm ci --omit=dev/);
    const tools = dockerfile.slice(dockerfile.indexOf("AS tools"), dockerfile.indexOf("AS app"));
    expect(tools).toContain("COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules");
    expect(tools).toContain("COPY --from=build --chown=node:node /app/dist ./dist");
    expect(tools).not.toMatch(/tsx|COPY[^\n]* (server|tsconfig\.json)/);
    expect(dockerStages().get("tools")?.cmd).toEqual(["node", TOOLS.worker.bundle]);
    expect(read(".gitignore").split("\n")).toContain("dist/");
  });

  it("builds the standalone output the app stage copies", () => {
    expect(read("next.config.js")).toMatch(/output: "standalone"/);
    expect(read("Dockerfile")).toMatch(/COPY --from=build --chown=node:node \/app\/\.next\/standalone \.\/\.next\/standalone/);
    expect(read("Dockerfile")).toMatch(/COPY --from=build --chown=node:node \/app\/\.next\/static \.\/\.next\/standalone\/\.next\/static/);
  });
});
