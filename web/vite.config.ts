import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the dashboard into dist/web, which the Keyward server serves at / (src/http/web-ui.ts).
 * `npm run dev:web` proxies the API to a server on :8080 so the page and API share an origin,
 * as they do in production (the page talks to the same origin only).
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // One small app: a single chunk keeps the page to three requests.
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/healthz', '/openapi.json', '/docs'].map((path) => [path, 'http://127.0.0.1:8080'])),
  },
});
