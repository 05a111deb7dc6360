# syntax=docker/dockerfile:1
#
# Ledgerlink images for compose.yaml (or any orchestrator). Two runtime targets from one build:
#   app    the Next standalone server:  node .next/standalone/server.js   (port 3000)
#   tools  migrations and the worker:   node --import tsx db/migrate-cli.ts
#                                       node --import tsx server/jobs/worker-cli.ts [--metrics-port 9464]
# These are the very commands `npm run start:standalone`, `npm run db:migrate` and `npm run worker`
# run, and the ones the reliability suite starts. Both run as the unprivileged `node` user.
#
#   docker build --target app -t ledgerlink-app .
#   docker build --target tools -t ledgerlink-tools .

ARG NODE_IMAGE=node:20-bookworm-slim

# ── dependencies (glibc: @node-rs/argon2 ships its prebuilt binary as an optional dependency) ──
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ── the Next build (standalone output; see next.config.js) ──
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build

# ── tools: migrations and the job worker, run from source through tsx ──
FROM ${NODE_IMAGE} AS tools
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json tsconfig.json ./
COPY --chown=node:node db ./db
COPY --chown=node:node server ./server
USER node
# Signals reach node directly (no npm in between): SIGTERM is the worker's graceful stop.
CMD ["node", "--import", "tsx", "server/jobs/worker-cli.ts"]

# ── app: only what the standalone server traced, plus the static assets it serves ──
FROM ${NODE_IMAGE} AS app
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app/.next/standalone ./.next/standalone
COPY --from=build --chown=node:node /app/.next/static ./.next/standalone/.next/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", ".next/standalone/server.js"]
