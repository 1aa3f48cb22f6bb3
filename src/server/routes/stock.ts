/**
 * @module server/routes/stock
 * The stock ledger: balances (with totals by category, or as of a time), an account's stock card, the
 * movements (receive, move, adjust, loss, issue, kits) and generic transfers (batches, pending, post,
 * void). Every movement is idempotent by the client's id: a retry answers 200 with the original.
 */
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { setAllocationRule } from '../../app/allocation-rules.js'
import { Refusal } from '../../app/errors.js'
import type { BatchOutcome, LedgerWriter } from '../../app/ledger-writer.js'
import type { BalanceRow, StoredTransfer } from '../../app/ports.js'
import {
  adjustStock,
  assembleKit,
  breakDownKit,
  issueStock,
  moveStock,
  receiveStock,
  recordLoss,
  type StockContext,
  submitTransfers,
} from '../../app/stock.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  adjustSchema,
  allocationRuleListSchema,
  allocationRuleSchema,
  allocationRuleSetSchema,
  balanceListSchema,
  balanceQuerySchema,
  batchOutcomeSchema,
  issueSchema,
  kitSchema,
  lossSchema,
  moveSchema,
  receiveSchema,
  replicaBalanceListSchema,
  replicaBalanceQuerySchema,
  stockCardSchema,
  transferBatchSchema,
} from '../../contract/stock.js'
import { available } from '../../domain/ledger/account.js'
import type { ServerDeps } from '../build-app.js'
import { actorOf, principalOf } from '../plugins/access.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const read = { access: { resource: 'stock', action: 'read' } } as const
const write = { access: { resource: 'stock', action: 'write' } } as const

export function toBalanceView(row: BalanceRow) {
  const { account, item } = row
  return {
    accountId: account.id,
    kind: account.kind,
    where: account.where,
    place: row.place,
    item: {
      id: account.item,
      code: item.code,
      nameEn: item.nameEn,
      nameJa: item.nameJa,
      category: item.category,
      unit: item.unit,
    },
    owner: account.owner,
    lot: account.lot,
    expiresOn: account.expiresOn,
    posted: account.posted,
    pendingOut: account.pendingOut,
    pendingIn: account.pendingIn,
    available: available(account),
    weightKg: item.unitWeightG === null ? null : (item.unitWeightG * account.posted) / 1000,
    volumeM3: item.unitVolumeMl === null ? null : (item.unitVolumeMl * account.posted) / 1_000_000,
  }
}

const toTransferView = ({
  home: _h,
  org: _o,
  share: _s,
  createdAt: _c,
  updatedAt: _u,
  version: _v,
  ...transfer
}: StoredTransfer) => transfer

function answer(reply: FastifyReply, outcome: BatchOutcome) {
  return reply
    .code(outcome.result === 'committed' ? 201 : 200)
    .send({ result: outcome.result, transfers: outcome.transfers.map(toTransferView) })
}

export const stockRoutes: FastifyPluginAsyncZod<ServerDeps & { writer: LedgerWriter }> = async (
  app,
  { ctx, writer },
) => {
  const stock: StockContext = { ctx, writer }
  const movement = { 200: batchOutcomeSchema, 201: batchOutcomeSchema, ...errors }

  app.get(
    '/api/stock/replicas',
    {
      config: read,
      schema: {
        tags: ['stock'],
        summary:
          "Other nodes' stock balances as their released events rebuilt them, each with its home node (read-only)",
        querystring: replicaBalanceQuerySchema,
        response: { 200: replicaBalanceListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query
      const viewer = { org: principalOf(request).org }
      const page = await ctx.store.listReplicaBalances({ ...filter, limit, offset }, viewer)
      return {
        balances: page.rows.map((row) => ({ ...toBalanceView(row), home: row.account.home })),
        total: page.total,
        limit,
        offset,
      }
    },
  )

  app.get(
    '/api/stock',
    {
      config: read,
      schema: {
        tags: ['stock'],
        summary:
          'Stock balances by place, item, owner and lot (posted, pending, available), with totals by category',
        querystring: balanceQuerySchema,
        response: { 200: balanceListSchema, ...errors },
      },
    },
    async (request) => {
      const { asOf, limit, offset, ...filter } = request.query
      const viewer = { org: principalOf(request).org }
      const page = asOf
        ? await ctx.store.balancesAsOf(asOf, { ...filter, limit, offset }, viewer)
        : await ctx.store.listBalances({ ...filter, limit, offset }, viewer)
      const totals = asOf ? [] : await ctx.store.stockTotals(filter, viewer)
      return {
        balances: page.rows.map(toBalanceView),
        totals: totals.map((t) => ({
          category: t.category,
          quantity: t.quantity,
          available: t.available,
          weightKg: t.weightG / 1000,
          volumeM3: t.volumeMl / 1_000_000,
        })),
        total: page.total,
        limit,
        offset,
      }
    },
  )

  app.get(
    '/api/stock/accounts/:id/card',
    {
      config: read,
      schema: {
        tags: ['stock'],
        summary: "An account's stock card: every transfer in and out with the running balance",
        params: idParamsSchema,
        querystring: balanceQuerySchema.pick({ limit: true, offset: true }),
        response: { 200: stockCardSchema, ...errors },
      },
    },
    async (request) => {
      const [account] = await ctx.store.getAccounts([request.params.id])
      const viewer = { org: principalOf(request).org }
      const row = account
        ? (
            await ctx.store.listBalances(
              {
                kind: account.kind,
                place: account.where,
                item: account.item,
                owner: account.owner,
                lot: account.lot,
                limit: 1,
                offset: 0,
              },
              viewer,
            )
          ).rows[0]
        : undefined
      if (!account || !row) throw new Refusal('not_found', `no account ${request.params.id}`)
      const card = await ctx.store.stockCard(account.id, request.query.limit, request.query.offset)
      return {
        account: toBalanceView(row),
        lines: card.rows.map((line) => ({ ...line, transfer: toTransferView(line.transfer) })),
        total: card.total,
        limit: request.query.limit,
        offset: request.query.offset,
      }
    },
  )

  app.get(
    '/api/allocation-rules',
    {
      config: { access: { resource: 'allocation-rule', action: 'read' } },
      schema: {
        tags: ['stock'],
        summary: "Owners' allocation rules: who may receive their stock",
        response: { 200: allocationRuleListSchema, ...errors },
      },
    },
    async () => ({
      rules: (await ctx.store.listAllocationRules(null)).map(
        ({ home: _h, share: _s, createdAt: _c, ...rule }) => rule,
      ),
    }),
  )

  app.put(
    '/api/allocation-rules',
    {
      config: { access: { resource: 'allocation-rule', action: 'write' } },
      schema: {
        tags: ['stock'],
        summary:
          "Set your organisation's rule for its stock (per item and place; the most specific applies)",
        body: allocationRuleSetSchema,
        response: { 200: allocationRuleSchema, ...errors },
      },
    },
    async (request) => {
      const {
        home: _h,
        share: _s,
        createdAt: _c,
        ...rule
      } = await setAllocationRule(ctx, actorOf(request), request.body)
      return rule
    },
  )

  app.post(
    '/api/transfers',
    {
      config: write,
      schema: {
        tags: ['stock'],
        summary: 'Transfers, linked: all commit or none (single, pending, post, void)',
        description:
          "Every place, item and owner named must be known to the caller's organisation, and stock at a place is moved only by the organisation that runs it — also when a post or void resolves a reservation made there (403 otherwise, naming the field).",
        body: transferBatchSchema,
        response: movement,
      },
    },
    async (request, reply) =>
      answer(reply, await submitTransfers(stock, actorOf(request), request.body.transfers)),
  )
  // The movements: one shape each — a body, the use case, the batch it wrote.
  const movements = [
    [
      'receive',
      'Receive stock from a donor or supplier (supply → stock)',
      receiveSchema,
      receiveStock,
    ],
    [
      'move',
      "Move stock between this node's places (lots first-expiry-first-out unless named)",
      moveSchema,
      moveStock,
    ],
    [
      'adjust',
      'Adjust after a count: the book is set to what was counted',
      adjustSchema,
      adjustStock,
    ],
    ['loss', 'Record a loss: damaged, expired, stolen …', lossSchema, recordLoss],
    ['issue', 'Issue stock to people at a place (stock → issued)', issueSchema, issueStock],
    ['kits/assemble', 'Assemble kits from their components at a place', kitSchema, assembleKit],
    ['kits/break-down', 'Break kits down into their components', kitSchema, breakDownKit],
  ] as const
  for (const [path, summary, body, run] of movements) {
    app.post(
      `/api/stock/${path}`,
      { config: write, schema: { tags: ['stock'], summary, body, response: movement } },
      async (request, reply) =>
        // Each body was validated against its own schema above, which is the use case's input.
        answer(reply, await run(stock, actorOf(request), request.body as never)),
    )
  }
}
