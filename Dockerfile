# The service's image: one build, any role (LEDGER_ROLES). See docs/deploy.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 (the embedded default) compiles where no prebuilt binary is fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The folders the process writes to, made and given to its user here, as KurrentDB's image does for
# /var/lib/kurrentdb: a new named volume takes the owner of the folder it is mounted on, and one the
# image lacks is root's (the service, running as node, could not write its signing key to /keys).
RUN mkdir -p /keys /app/data && chown node:node /keys /app/data
USER node
EXPOSE 4000
CMD ["node", "dist/src/app/main.js"]
