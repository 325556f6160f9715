import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // The network rules (pure TS) shared with the server: the composer validates and counts as the API does.
    alias: {
      '@rules': path.resolve(import.meta.dirname, '../server/src/modules/posts/rules'),
      // Engagement rate and the marks (pure TS), so every figure on screen is computed as the API computes it.
      '@reports': path.resolve(import.meta.dirname, '../server/src/modules/reports/shared'),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // ws: the real-time socket (/api/realtime) upgrades to a WebSocket through the proxy.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
