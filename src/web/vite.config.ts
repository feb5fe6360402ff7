/**
 * The web UI build: `vite build --config src/web/vite.config.ts` writes web-dist/ at the repo root,
 * which `kefu serve` serves at /. Pages use hash routes (#/review), so no server fallback is needed
 * and page paths never collide with API paths. `vite --config src/web/vite.config.ts` serves the UI
 * in development and proxies the API to `kefu serve` on 127.0.0.1:3000 (KEFU_API to change it).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../web-dist', import.meta.url));
const api = process.env.KEFU_API ?? 'http://127.0.0.1:3000';
const API_PREFIXES = [
  '/health', '/meta', '/auth', '/imports', '/conversations', '/inspections', '/jobs', '/review-queue', '/findings',
  '/appeals', '/rule-sets', '/stats', '/webhooks', '/assist', '/tickets', '/kpis', '/staffing', '/drills', '/docs',
];

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(API_PREFIXES.map((p) => [p, { target: api, ws: p === '/assist' }])),
  },
});
