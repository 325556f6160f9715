# Sotong: one image for both process roles (`--role api` / `--role worker`).
# Build: docker build -t sotong .      Run: see compose.yaml and docs/SCALING.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:client && npm run build:server && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# The API answers /api/health (ready: database and Redis answer) and /api/health/live (the process runs).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# No --enable-source-maps: it parses every package's source map (~20 MB per process); see docs/SCALING.md "Memory".
ENTRYPOINT ["node", "server/build/main.js"]
CMD ["--role", "api"]
