import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API's top-level paths, read from the OpenAPI snapshot: in dev mode Vite proxies exactly these. */
function apiPrefixes(): string[] {
  const document = JSON.parse(readFileSync(new URL('./src/api/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, unknown> };
  const prefixes = new Set(Object.keys(document.paths).map((path) => `/${path.split('/')[1]}`));
  prefixes.add('/docs');
  return [...prefixes];
}

const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(apiPrefixes().map((prefix) => [prefix, { target: api, changeOrigin: true }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // bench:web reads the manifest to tell the initial bundle from the lazy route chunks.
    manifest: true,
    chunkSizeWarningLimit: 800,
  },
});
