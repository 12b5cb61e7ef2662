FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/web/package.json ./apps/web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web app, served under /app/ (found upwards from dist/apps/api).
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY --from=build /app/seeds ./seeds
# The fonts embedded in rendered PDFs (found upwards from dist/libs/render).
COPY --from=build /app/assets ./assets
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]
