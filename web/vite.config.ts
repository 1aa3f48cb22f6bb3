/**
 * Vite config of the web app. `npm run build:web` writes dist/web, which the server serves (index.html for
 * every unknown non-/api path). `npx vite --config web/vite.config.ts` runs a dev server that forwards /api
 * to a running node (KIZUNA_API, default http://127.0.0.1:8099).
 */
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@contract': fileURLToPath(new URL('../src/contract', import.meta.url)) },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    // The offline basemap (world-atlas countries at 1:50m) is one large chunk by design.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.KIZUNA_API ?? 'http://127.0.0.1:8099' },
  },
})
