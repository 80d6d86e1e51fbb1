# syntax=docker/dockerfile:1.7
#
# One image for the five StudioFlow services. It holds every app bundle and production-only
# node_modules; the APP variable (build arg default, overridable at run time) picks which one runs:
#
#   docker build --build-arg APP=crm -t studioflow/crm .
#   docker run -e APP=finance studioflow/crm        # same image, another service
#
# Health checks live in docker-compose.yml / Kubernetes probes (GET /health/ready), not here.

ARG NODE_IMAGE=node:22-bookworm-slim

# --- manifests: only the package.json files + lockfile, so `npm ci` layers stay cached -----------
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find . -name package.json -not -path '*/node_modules/*' -not -path './package.json' \
      -exec cp --parents {} /manifests/ \;

# --- build: full dependencies, webpack bundles for the five apps ------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --projects=gateway,crm,projects,finance,notifications \
      --outputStyle=stream --skip-sync \
 && for app in gateway crm projects finance notifications; do \
      test -f "apps/$app/dist/main.js" || { echo "missing apps/$app/dist/main.js" >&2; exit 1; }; \
    done

# --- prod-deps: node_modules without devDependencies ------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# --- runtime ----------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ENV NODE_ENV=production \
    APP=${APP} \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Owned by root and read-only for the process: the app cannot rewrite its own code.
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/apps/gateway/dist ./apps/gateway/dist
COPY --from=build /app/apps/crm/dist ./apps/crm/dist
COPY --from=build /app/apps/projects/dist ./apps/projects/dist
COPY --from=build /app/apps/finance/dist ./apps/finance/dist
COPY --from=build /app/apps/notifications/dist ./apps/notifications/dist
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000 3001 3002 3003 3004
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec node apps/$APP/dist/main.js"]
