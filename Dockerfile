# syntax=docker/dockerfile:1
#
# Ledgerlink images for compose.yaml (or any orchestrator). Two runtime targets from one build:
#   app    the Next standalone server:  node .next/standalone/server.js   (port 3000)
#   tools  migrations and the worker:   node dist/migrate.js
#                                       node dist/worker.js [--metrics-port 9464]
#                                       (and node dist/rotate-keys.js for key rotation)
# These are the very commands `npm run start:standalone`, `npm run db:migrate` and `npm run worker`
# run after `npm run build` (plain JavaScript bundles from scripts/bundle-tools.mjs: no TypeScript
# loader at run time). Both run as the unprivileged `node` user.
#
#   docker build --target app -t ledgerlink-app .
#   docker build --target tools -t ledgerlink-tools .

ARG NODE_IMAGE=node:20-bookworm-slim

# ── dependencies (glibc: @node-rs/argon2 ships its prebuilt binary as an optional dependency) ──
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ── the Next build (standalone output; see next.config.js) and the tools' bundles in dist/ ──
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build

# ── production dependencies only: what the tools' bundles import at run time ──
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ── tools: migrations and the job worker, plain JavaScript (no tsx, no devDependencies) ──
FROM ${NODE_IMAGE} AS tools
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
# package.json says "type": "module", which the bundles are.
COPY --chown=node:node package.json ./
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node db/migrations ./db/migrations
USER node
# Signals reach node directly (no npm in between): SIGTERM is the worker's graceful stop.
CMD ["node", "dist/worker.js"]

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
