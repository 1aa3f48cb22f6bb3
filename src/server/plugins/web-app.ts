/**
 * @module server/plugins/web-app
 * Serves the built React app (dist/web) at `/`, (the not-found handler in error-handler.ts sends
 * index.html for the app's own paths).
 */
import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** Registers the static files; false when the app is not built (the API still serves). */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(root)) {
    app.log.warn({ root }, 'web app not built; run `npm run build` to serve it')
    return false
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] })
  return true
}
