# syntax=docker/dockerfile:1.7
# One image for every service of the platform; docker-compose.yml picks the command per service.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# Only the manifests, so the dependency layer is cached until a package.json changes.
FROM base AS manifests
COPY . /src
RUN cd /src && find . -name node_modules -prune -o -name package.json -print \
      | xargs -I{} cp --parents {} /app/ && cp package-lock.json /app/

FROM base AS deps
COPY --from=manifests /app /app
RUN npm ci

FROM deps AS build
COPY . .
RUN npm run db:generate && npm run build -w @city/web

FROM base AS runtime
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
# Services run from TypeScript sources through tsx's loader; see docker-compose.yml for each command.
CMD ["node", "--import", "tsx", "simulator/src/index.ts"]
