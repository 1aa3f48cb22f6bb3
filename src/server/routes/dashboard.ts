/**
 * @module server/routes/dashboard
 * The dashboard: every figure in one answer for the page, and each figure's table as CSV
 * (/api/dashboard/<figure>.csv) with the same numbers. Anyone signed in may read it; each figure
 * counts only what the caller may see.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { readDashboard } from '../../app/dashboard.js'
import { exportFigure } from '../../app/dashboard-sheets.js'
import { errorBodySchema } from '../../contract/common.js'
import {
  type DashboardFigure,
  dashboardFigures,
  dashboardQuerySchema,
  dashboardSchema,
} from '../../contract/dashboard.js'
import { sheetSchema } from '../../contract/exchange.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
}
const read = { access: { resource: 'dashboard', action: 'read' } } as const

const summaries: Record<DashboardFigure, string> = {
  stock: 'Stock by place and category (posted, pending, available, weight, volume) as CSV',
  pipeline: 'The request pipeline per day (requested … delivered) as CSV',
  unmet: 'Unmet needs by place and priority as CSV',
  consignments: 'Consignments late against their ETA, or due soon, as CSV',
  contributions: "Partners' contributions (stock received, pledges, deliveries) as CSV",
}

export const dashboardRoutes: FastifyPluginAsyncZod<ServerDeps> = async (
  app,
  { ctx, viewerOf },
) => {
  app.get(
    '/api/dashboard',
    {
      config: read,
      schema: {
        tags: ['dashboard'],
        summary:
          'The dashboard: stock by place, the pipeline per day, unmet needs, late consignments and contributions',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema, ...errors },
      },
    },
    async (request) => readDashboard(ctx, viewerOf(request), request.query),
  )

  for (const figure of dashboardFigures) {
    app.get(
      `/api/dashboard/${figure}.csv`,
      {
        config: read,
        schema: {
          tags: ['dashboard'],
          summary: summaries[figure],
          querystring: dashboardQuerySchema,
          produces: ['text/csv'],
          response: { 200: sheetSchema, ...errors },
        },
      },
      async (request, reply) => {
        const sheet = await exportFigure(ctx, viewerOf(request), figure, request.query)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${sheet.fileName}"`)
          .header('x-record-count', String(sheet.count))
          .send(sheet.text)
      },
    )
  }
}
