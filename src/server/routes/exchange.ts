/**
 * @module server/routes/exchange
 * Exchange files: exports of requests, pledges, stock and a 3W as HXL-tagged or plain CSV
 * (downloads, filtered by the caller's releasability), and the import of requests from a HXL CSV
 * body (all or nothing; a bad tag or value is refused naming its line and column).
 */
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  type ExportedSheet,
  exportPledges,
  exportRequests,
  exportStock,
  exportThreeW,
} from '../../app/exchange.js'
import { importPledges, importRequests } from '../../app/exchange-import.js'
import { errorBodySchema } from '../../contract/common.js'
import {
  pledgeExportQuerySchema,
  pledgeImportBodySchema,
  pledgeImportQuerySchema,
  pledgeImportResultSchema,
  requestExportQuerySchema,
  requestImportBodySchema,
  requestImportQuerySchema,
  requestImportResultSchema,
  sheetSchema,
  stockExportQuerySchema,
  threeWQuerySchema,
} from '../../contract/exchange.js'
import { decodeUtf8 } from '../../interop/csv/read-table.js'
import type { ServerDeps } from '../build-app.js'
import { actorOf, viewerOf } from '../plugins/access.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const download = { 200: sheetSchema, ...errors }

function send(reply: FastifyReply, sheet: ExportedSheet) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${sheet.fileName}"`)
    .header('x-record-count', String(sheet.count))
    .send(sheet.text)
}

export const exchangeRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx }) => {
  // CSV bodies, for this plugin's routes only. Decoded strictly, so a file saved as Shift_JIS is
  // refused naming its line rather than read with replacement characters.
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'buffer' },
    (request, body, done) => {
      const file = (request.query as { file?: string } | undefined)?.file || 'requests.csv'
      try {
        done(null, decodeUtf8(file, body as Buffer))
      } catch (error) {
        done(error as Error, undefined)
      }
    },
  )

  app.get(
    '/api/requests/export',
    {
      config: { access: { resource: 'request', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: 'Export requests as HXL-tagged CSV (one row per line) or plain CSV',
        querystring: requestExportQuerySchema,
        produces: ['text/csv'],
        response: download,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query
      return send(reply, await exportRequests(ctx, viewerOf(request), filter, format))
    },
  )

  app.post(
    '/api/requests/import',
    {
      config: { access: { resource: 'request', action: 'write' } },
      schema: {
        tags: ['requests'],
        summary:
          'Import requests from a HXL-tagged CSV body (content-type text/csv): all or nothing, drafts unless submit=true',
        querystring: requestImportQuerySchema,
        consumes: ['text/csv'],
        body: requestImportBodySchema,
        response: { 200: requestImportResultSchema, 201: requestImportResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { file, submit } = request.query
      const outcome = await importRequests(
        ctx,
        actorOf(request),
        file,
        Buffer.from(request.body, 'utf8'),
        { submit },
      )
      return reply.code(outcome.created > 0 ? 201 : 200).send(outcome)
    },
  )

  app.get(
    '/api/pledges/export',
    {
      config: { access: { resource: 'pledge', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: 'Export pledges and donations as HXL-tagged or plain CSV',
        querystring: pledgeExportQuerySchema,
        produces: ['text/csv'],
        response: download,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query
      return send(reply, await exportPledges(ctx, viewerOf(request), filter, format))
    },
  )

  app.post(
    '/api/pledges/import',
    {
      config: { access: { resource: 'pledge', action: 'write' } },
      schema: {
        tags: ['requests'],
        summary:
          'Import pledges from a HXL-tagged CSV body (content-type text/csv): all or nothing, each recorded as offered',
        querystring: pledgeImportQuerySchema,
        consumes: ['text/csv'],
        body: pledgeImportBodySchema,
        response: { 200: pledgeImportResultSchema, 201: pledgeImportResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await importPledges(
        ctx,
        actorOf(request),
        request.query.file,
        Buffer.from(request.body, 'utf8'),
      )
      return reply.code(outcome.created > 0 ? 201 : 200).send(outcome)
    },
  )

  app.get(
    '/api/stock/export',
    {
      config: { access: { resource: 'stock', action: 'read' } },
      schema: {
        tags: ['stock'],
        summary:
          'Export stock balances (place, item, owner, lot, expiry, posted, pending, available) as HXL-tagged or plain CSV',
        querystring: stockExportQuerySchema,
        produces: ['text/csv'],
        response: download,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query
      return send(reply, await exportStock(ctx, viewerOf(request), filter, format))
    },
  )

  app.get(
    '/api/3w',
    {
      config: { access: { resource: 'request', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary:
          'A 3W (who does what where): organisation × activity × prefecture and municipality × status, from requests, taskings, pledges and stock issued',
        querystring: threeWQuerySchema,
        produces: ['text/csv'],
        response: download,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query
      return send(reply, await exportThreeW(ctx, viewerOf(request), filter, format))
    },
  )
}
