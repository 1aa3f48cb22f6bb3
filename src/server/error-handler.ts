/**
 * @module server/error-handler
 * The one place that turns refusals into HTTP statuses with `{ error: { code, message, details } }`.
 * Anything unexpected becomes a plain 500 whose body holds no stack, SQL or message from inside.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { Refusal, type RefusalCode } from '../app/errors.js'
import { FileProblems } from '../interop/csv/read-table.js'

const statusOf: Record<RefusalCode, number> = {
  invalid_request: 400,
  invalid_file: 422,
  not_found: 404,
  version_conflict: 409,
  exists_with_different_fields: 409,
  duplicate_code: 409,
  reference_record: 409,
  unknown_reference: 422,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  csrf_mismatch: 403,
  transfer_refused: 422,
  password_change_required: 403,
  not_allowed_by_owner: 403,
  invalid_transition: 409,
  no_route: 422,
  load_exceeds_asset: 422,
  asset_unsuitable: 422,
  tracking_refused: 422,
  replica_read_only: 409,
  stock_unavailable: 409,
  proposal_withdrawn: 409,
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body'
      const details = error.validation.map((issue) => {
        const path = issue.instancePath.split('/').filter(Boolean).join('.')
        return { field: path ? `${where}.${path}` : where, message: issue.message }
      })
      const first = details[0]
      return reply.code(400).send({
        error: {
          code: 'invalid_request',
          message: first ? `${first.field}: ${first.message}` : 'the request is not valid',
          details,
        },
      })
    }
    if (error instanceof Refusal) {
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)
        ?.retryAfterSeconds
      if (error.code === 'rate_limited' && retryAfter)
        reply.header('retry-after', String(retryAfter))
      return reply
        .code(statusOf[error.code])
        .send({ error: { code: error.code, message: error.message, details: error.details } })
    }
    if (error instanceof FileProblems) {
      return reply
        .code(422)
        .send({ error: { code: 'invalid_file', message: error.message, details: error.problems } })
    }
    // Fastify's own client errors (malformed JSON, body too large, wrong content type) keep their 4xx.
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const code =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body_too_large'
          : error.statusCode === 429
            ? 'rate_limited'
            : 'invalid_request'
      const retryAfterSeconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds
      return reply.code(error.statusCode).send({
        error: {
          code,
          message: error.message || 'the request was refused',
          ...(retryAfterSeconds ? { details: { retryAfterSeconds } } : {}),
        },
      })
    }
    request.log.error({ err: error }, 'unexpected error')
    return reply.code(500).send({
      error: {
        code: 'internal',
        message:
          'Something went wrong on the server; it has been logged. Try again, and tell the node administrator if it persists.',
      },
    })
  })
}

/** Installed last, once we know whether the web app is served. */
export function installNotFoundHandler(app: FastifyInstance, options: { webApp: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    // The web app's own paths (/places/…) are served its index.html so a reload works.
    if (
      options.webApp &&
      request.method === 'GET' &&
      !path.startsWith('/api') &&
      !/\.[a-z0-9]+$/i.test(path)
    ) {
      return reply.type('text/html').sendFile('index.html')
    }
    return reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${request.method} ${path}` } })
  })
}
