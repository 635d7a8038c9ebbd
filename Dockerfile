# syntax=docker/dockerfile:1
# Quartermaster's chat bot: `qm bot` serves Slack (/slack/events) and GitHub comments
# (/api/github/webhooks) on one port, with /healthz and /readyz. See docs/bot.md.
#
#   docker build -t quartermaster .
#   docker run -p 3000:3000 --env-file bot.env -v "$PWD/fleet:/fleet:ro" quartermaster node bin/qm.js bot --dir /fleet
#   docker run -p 3000:3000 --env-file bot.env -e QM_DEFINITIONS_REPO=acme/fleet quartermaster

# ---- build: compile TypeScript, build better-sqlite3 when no prebuilt binary fits --------------
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 falls back to building from source (node-gyp) when its prebuilt download fails.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts off first (`prepare` would build before the sources are copied), then only the native
# addon and esbuild's binary get their install scripts.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY scripts/build-cli.mjs scripts/esbuild-node.mjs ./scripts/
COPY src ./src
COPY bot ./bot
COPY actions/shared ./actions/shared
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

# ---- run: the compiled CLI and production dependencies only, as an unprivileged user -----------
FROM node:20-slim
ENV NODE_ENV=production \
    PORT=3000 \
    QM_STATE_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/bin ./bin
# The embedded store and the sim fleet live here when QM_DATABASE_URL is unset (one replica only).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop, Kubernetes) shuts down gracefully: in-flight commands get up to 25 s.
STOPSIGNAL SIGTERM
CMD ["node", "bin/qm.js", "bot"]
