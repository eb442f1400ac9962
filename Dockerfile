# c4bot production image (docs/deployment.md).
# Build: docker build -t c4bot .
# Run:   docker run -p 3000:3000 -v c4bot-data:/data \
#          -e APP_ID=... -e PRIVATE_KEY="$(cat app.pem)" -e WEBHOOK_SECRET=... c4bot
# test/docker/image.e2e.test.ts builds and runs it with podman (the base image
# from .ci/node-base-image where no registry is reachable);
# test/docker/dockerfile.test.ts checks its facts and replays its production
# install where podman is not.

# Debian slim throughout, not Alpine: zeromq's prebuilt binary links against
# glibc, and the stages share one Debian release (bookworm) so that the native
# modules built in `deps` load in `run`.

# --- build: compile TypeScript with the dev dependencies -------------------
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) needs the sources, copied below.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The image runs `serve` and `worker`: the tools (the GitHub simulator, the
# benchmarks) stay out; `c4bot bench` and `c4bot sandbox` say so if asked.
RUN rm -rf dist/sandbox dist/bench

# --- deps: production dependencies, native modules built -------------------
FROM node:20-bookworm-slim AS deps
# better-sqlite3 fetches a prebuilt binary, or compiles one: a compiler for
# the latter, kept out of the final image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts skips our own `prepare` (tsc is a dev dependency), so the
# native modules' install steps run by name: better-sqlite3 builds its addon;
# zeromq ships prebuilt binaries for linux x64 and arm64 in its package.
# npm_config_nodedir: compile against the image's own Node headers, with no download.
ENV npm_config_nodedir=/usr/local
# Then out goes what `serve` never loads: better-sqlite3's sources and object
# files (it loads build/Release/better_sqlite3.node) and zeromq's binaries for
# other systems, a quarter of the image's own share (docs/deployment.md).
RUN npm ci --omit=dev --ignore-scripts \
  && npm rebuild better-sqlite3 \
  && npm cache clean --force \
  && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
    node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target \
    node_modules/zeromq/build/darwin node_modules/zeromq/build/win32

# --- run ---------------------------------------------------------------------
FROM node:20-bookworm-slim AS run
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    C4BOT_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json package-lock.json app.yml LICENSE ./
# The history (SQLite) lives in /data: mount a volume there to keep it across upgrades.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Webhooks, the dashboard, /healthz, /readyz and /metrics; 5555 only with C4BOT_BIND (remote workers).
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The young-generation size every core process starts with: src/core/gc-tuning.ts.
ENTRYPOINT ["node", "--min-semi-space-size=16", "dist/cli.js"]
CMD ["serve"]
