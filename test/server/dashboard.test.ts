/**
 * The dashboard through the API on both databases, over a small world built by the use cases over
 * three days: stock received for two partners (part of one partner's stock not released to the
 * node's organisation), requests submitted and validated, consignments planned, dispatched (one late
 * against its ETA, one due soon, one without an ETA) and received, pledges confirmed and received.
 * Asserts every figure exactly, for the node's organisation and for the partner, with and without
 * an operation, in two time zones; that each CSV carries the JSON's numbers; and the refusals.
 */
import SqliteDatabase from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actOnConsignment,
  createConsignment,
  receiveConsignment,
} from '../../src/app/consignments.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createOperation } from '../../src/app/operations.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { actOnPledge, createPledge } from '../../src/app/pledges.js'
import { actOnRequest, createRequest } from '../../src/app/requests.js'
import { receiveStock } from '../../src/app/stock.js'
import { type DashboardView, dashboardFigures } from '../../src/contract/dashboard.js'
import type { Principal } from '../../src/domain/access/permissions.js'
import { buildApp } from '../../src/server/build-app.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const NOW = '2026-01-02T17:00:00.000Z' // 02:00 on 3 January in Japan

/** Makes one stock account visible to its owner only, as a partner's node may keep it. */
async function keepToOwner(node: TestNode, owner: string, lot: string): Promise<void> {
  if (node.store.kind === 'sqlite') {
    const db = new SqliteDatabase(node.database)
    try {
      db.prepare(`update accounts set share = 'own' where owner = ? and lot = ?`).run(owner, lot)
    } finally {
      db.close()
    }
    return
  }
  const db = openPostgres(node.database, node.schema)
  try {
    await db
      .updateTable('accounts')
      .set({ share: 'own' })
      .where('owner', '=', owner)
      .where('lot', '=', lot)
      .execute()
  } finally {
    await db.destroy()
  }
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`dashboard API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    const viewers = { node: { authorization: '' }, partner: { authorization: '' } }
    const ids = { partner: '', hub: '', warehouse: '', operation: '', late: '', dueSoon: '' }

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      const { ctx } = node
      const org = ctx.node.org
      const stock = { ctx, writer: new LedgerWriter(ctx) }
      const at = (iso: string) => node.clock.set(iso)
      const hubActor = { kind: 'cli' as const, id: 'test', org }
      const admin: Principal = { kind: 'user', id: 'setup', userId: 'setup', org, roles: ['admin'] }
      const partner = await createOrganisation(ctx, admin, {
        code: 'AU-TEST',
        nameEn: 'Test partner',
        nameJa: null,
        country: 'AU',
        kind: 'ngo',
      })
      ids.partner = partner.organisation.id
      const partnerActor = { kind: 'cli' as const, id: 'partner', org: ids.partner }
      viewers.node = { authorization: (await tokenHeaders(ctx, ['viewer'])).authorization }
      viewers.partner = {
        authorization: (await tokenHeaders(ctx, ['viewer'], ids.partner)).authorization,
      }
      ids.hub = (await createPlace(ctx, hubActor, placeDraft({ code: 'HUB:A' }))).place.id
      ids.warehouse = (
        await createPlace(
          ctx,
          hubActor,
          placeDraft({ code: 'WH:B', type: 'warehouse', nameEn: 'Warehouse B', lat: 36.6 }),
        )
      ).place.id
      const water = (await createItem(ctx, hubActor, itemDraft())).item.id
      const rice = (
        await createItem(
          ctx,
          hubActor,
          itemDraft({
            code: 'KZ-TEST-RICE',
            nameEn: 'Rice, 5 kg bag',
            category: 'food',
            unit: 'bag',
            unitWeightG: 5000,
            unitVolumeMl: 6000,
          }),
        )
      ).item.id
      const leg = {
        id: uuidv7(),
        home: ctx.node.id,
        org,
        share: 'all' as const,
        createdAt: NOW,
        updatedAt: NOW,
        version: 1,
        mode: 'road' as const,
        from: ids.hub,
        to: ids.warehouse,
        distanceKm: 40,
        transitMinutes: 120,
        status: 'open' as const,
        note: null,
        edited: true,
      }
      await node.store.transact((tx) => tx.insertLegs([leg]))
      ids.operation = (
        await createOperation(ctx, hubActor, { name: 'Noto', startedOn: '2026-01-01' })
      ).id

      const receive = (owner: string, item: string, quantity: number, lot = '') =>
        receiveStock(stock, hubActor, {
          id: uuidv7(),
          place: ids.hub,
          item,
          owner,
          quantity,
          lot,
          source: 'JRC',
        })
      const request = async (
        actor: typeof hubActor,
        lines: { quantity: number; priority: 'life-saving' | 'life-sustaining' | 'other' }[],
        extra: { operation?: string; share?: 'own'; destination?: string } = {},
      ) => {
        const made = await createRequest(ctx, actor, {
          destination: ids.warehouse,
          neededBy: '2030-01-01T00:00:00Z',
          lines: lines.map((line) => ({ kind: 'item' as const, item: water, ...line })),
          ...extra,
        })
        await actOnRequest(ctx, actor, made.request.id, 'submit')
        return made.request
      }
      const consign = async (
        quantity: number,
        serves: { request: string; requestLine: string } | null,
        route: string[],
        steps: ('dispatch' | 'receive')[],
      ) => {
        const { consignment } = await createConsignment(stock, hubActor, {
          origin: ids.hub,
          destination: ids.warehouse,
          route,
          lines: [{ item: water, owner: org, quantity, ...(serves ?? {}) }],
        })
        if (steps.includes('dispatch'))
          await actOnConsignment(stock, hubActor, consignment.id, 'dispatch')
        if (steps.includes('receive'))
          await receiveConsignment(stock, hubActor, consignment.id, {
            lines: consignment.lines.map((line) => ({ line: line.id, quantityReceived: quantity })),
            proof: { receivedBy: 'Sato' },
          })
        return consignment.id
      }

      // Before the pipeline's window: a validated request outside any operation, at the hub.
      at('2025-12-30T00:00:00Z')
      const old = await request(hubActor, [{ quantity: 7, priority: 'life-sustaining' }], {
        destination: ids.hub,
      })
      await actOnRequest(ctx, hubActor, old.id, 'validate')

      at('2026-01-01T20:00:00Z') // 05:00 on 2 January in Japan
      await receive(org, water, 100)
      await receive(ids.partner, rice, 40) // kept to the partner below
      await receive(ids.partner, rice, 10, 'L2')
      const noto = await request(
        hubActor,
        [
          { quantity: 80, priority: 'life-saving' },
          { quantity: 30, priority: 'other' },
        ],
        { operation: ids.operation },
      )
      await actOnRequest(ctx, hubActor, noto.id, 'validate')
      const line = (index: number) => ({
        request: noto.id,
        requestLine: noto.lines[index]?.id ?? '',
      })
      const pledged = await createPledge(ctx, hubActor, {
        kind: 'item',
        item: rice,
        quantity: 25,
        org: ids.partner,
        operation: ids.operation,
      })
      await actOnPledge(ctx, stock, hubActor, pledged.id, 'confirm')
      const given = await createPledge(ctx, hubActor, {
        kind: 'item',
        item: rice,
        quantity: 5,
        org: ids.partner,
      })
      await actOnPledge(ctx, stock, hubActor, given.id, 'confirm')
      await actOnPledge(ctx, stock, hubActor, given.id, 'receive', { place: ids.hub, lot: 'P1' })
      await keepToOwner(node, ids.partner, '')

      at('2026-01-02T01:00:00Z') // 10:00 on 2 January in Japan; ETA 03:00 UTC
      ids.late = await consign(60, line(0), [leg.id], ['dispatch'])
      await request(partnerActor, [{ quantity: 50, priority: 'life-saving' }], { share: 'own' })

      at('2026-01-02T15:00:00Z') // midnight into 3 January in Japan
      await consign(20, line(1), [], ['dispatch', 'receive'])
      await consign(5, null, [], []) // planned: reserves 5
      await consign(5, null, [], ['dispatch']) // on its way without an ETA

      at('2026-01-02T16:00:00Z') // ETA 18:00 UTC
      ids.dueSoon = await consign(10, line(1), [leg.id], ['dispatch'])
      at(NOW)
    }, 60_000)

    afterAll(async () => {
      await app?.close()
      await node?.close()
    })

    const get = (url: string, as: keyof typeof viewers = 'node') =>
      app.inject({ method: 'GET', url, headers: viewers[as] })
    const dashboard = async (query = '', as: keyof typeof viewers = 'node') => {
      const response = await get(`/api/dashboard${query}`, as)
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as DashboardView
    }
    const hub = { code: 'HUB:A', nameEn: 'Test hub', nameJa: 'テスト拠点' }
    const warehouse = { code: 'WH:B', nameEn: 'Warehouse B', nameJa: 'テスト拠点' }

    it('sums stock by place and category without the stock a partner keeps to itself', async () => {
      const { stock } = await dashboard()
      expect(stock.rows).toEqual([
        {
          place: { id: ids.hub, ...hub },
          category: 'food',
          posted: 15,
          pending: 0,
          available: 15,
          weightKg: 75,
          volumeM3: 0.09,
        },
        {
          place: { id: ids.hub, ...hub },
          category: 'wash',
          posted: 5,
          pending: 5,
          available: 0,
          weightKg: 10.5,
          volumeM3: 0.011,
        },
        {
          place: { id: ids.warehouse, ...warehouse },
          category: 'wash',
          posted: 20,
          pending: 0,
          available: 20,
          weightKg: 42,
          volumeM3: 0.044,
        },
      ])
      // The partner sees its own 40 bags as well.
      const own = await dashboard('', 'partner')
      expect(own.stock.rows.find((r) => r.category === 'food')?.posted).toBe(55)
    })

    it('counts the pipeline per calendar day of the zone asked for', async () => {
      const stages = (days: DashboardView['pipeline']['days']) =>
        days.map((d) => [d.day, d.requested, d.validated, d.planned, d.dispatched, d.delivered])
      const tokyo = await dashboard('?zone=Asia/Tokyo&days=3')
      expect(tokyo.pipeline.zone).toBe('Asia/Tokyo')
      expect(stages(tokyo.pipeline.days)).toEqual([
        ['2026-01-01', 0, 0, 0, 0, 0],
        ['2026-01-02', 110, 110, 60, 60, 0],
        ['2026-01-03', 0, 0, 30, 30, 20],
      ])
      const utc = await dashboard('?days=3')
      expect(stages(utc.pipeline.days)).toEqual([
        ['2025-12-31', 0, 0, 0, 0, 0],
        ['2026-01-01', 110, 110, 0, 0, 0],
        ['2026-01-02', 0, 0, 90, 90, 20],
      ])
      // The partner's own request counts for the partner only.
      const own = await dashboard('?zone=Asia/Tokyo&days=3', 'partner')
      expect(stages(own.pipeline.days)[1]).toEqual(['2026-01-02', 160, 110, 60, 60, 0])
    })

    it('sums unmet needs by priority and place, and narrows them to an operation', async () => {
      const { unmet } = await dashboard()
      expect(unmet.byPriority).toEqual([
        { priority: 'life-saving', openQuantity: 80, openWeightKg: 168, lines: 1 },
        { priority: 'life-sustaining', openQuantity: 7, openWeightKg: 14.7, lines: 1 },
        { priority: 'other', openQuantity: 10, openWeightKg: 21, lines: 1 },
      ])
      expect(unmet.rows.map((r) => [r.place.code, r.priority, r.openQuantity, r.lines])).toEqual([
        ['HUB:A', 'life-sustaining', 7, 1],
        ['WH:B', 'life-saving', 80, 1],
        ['WH:B', 'other', 10, 1],
      ])
      const noto = await dashboard(`?operation=${ids.operation}`)
      expect(noto.operation).toEqual({ id: ids.operation, name: 'Noto' })
      expect(noto.unmet.byOperation).toBe(true)
      expect(noto.unmet.rows.map((r) => [r.place.code, r.priority, r.openQuantity])).toEqual([
        ['WH:B', 'life-saving', 80],
        ['WH:B', 'other', 10],
      ])
      expect(noto.unmet.byPriority[1]).toEqual({
        priority: 'life-sustaining',
        openQuantity: 0,
        openWeightKg: 0,
        lines: 0,
      })
    })

    it('lists consignments late against their ETA and due soon', async () => {
      const { consignments } = await dashboard()
      expect(consignments).toEqual({
        byOperation: false,
        dueWithinHours: 24,
        withoutEta: 1,
        rows: [
          {
            id: ids.late,
            state: 'late',
            origin: { id: ids.hub, ...hub },
            destination: { id: ids.warehouse, ...warehouse },
            dispatchedAt: '2026-01-02T01:00:00.000Z',
            eta: '2026-01-02T03:00:00.000Z',
            minutes: 840,
            quantity: 60,
          },
          {
            id: ids.dueSoon,
            state: 'due-soon',
            origin: { id: ids.hub, ...hub },
            destination: { id: ids.warehouse, ...warehouse },
            dispatchedAt: '2026-01-02T16:00:00.000Z',
            eta: '2026-01-02T18:00:00.000Z',
            minutes: 60,
            quantity: 10,
          },
        ],
      })
      // Due within the hour excludes the one due in exactly 60 minutes; the one without a request
      // (and without an ETA) is no part of the operation.
      const narrow = await dashboard(`?operation=${ids.operation}&dueWithinHours=1`)
      expect(narrow.consignments.rows.map((r) => r.id)).toEqual([ids.late])
      expect(narrow.consignments.withoutEta).toBe(0)
    })

    it("sums partners' contributions: stock received, pledges and deliveries", async () => {
      const { contributions } = await dashboard()
      expect(contributions.categories).toEqual(['food', 'wash'])
      expect(
        contributions.partners.map((p) => [
          p.organisation.code,
          p.received,
          p.receivedWeightKg,
          p.pledgesConfirmed,
          p.pledgesReceived,
          p.consignmentsDelivered,
        ]),
      ).toEqual([
        ['AU-TEST', [{ category: 'food', quantity: 15, weightKg: 75 }], 75, 1, 1, 0],
        ['JP-TEST', [{ category: 'wash', quantity: 100, weightKg: 210 }], 210, 0, 0, 1],
      ])
      const noto = await dashboard(`?operation=${ids.operation}`)
      expect(
        noto.contributions.partners.map((p) => [p.pledgesReceived, p.pledgesConfirmed]),
      ).toEqual([
        [0, 1],
        [0, 0],
      ])
    })

    it("gives each figure's table as CSV with the JSON's numbers", async () => {
      const query = `?zone=Asia/Tokyo&days=3&operation=${ids.operation}`
      const json = await dashboard(query)
      const cells = (v: string | number | null) => (v === null ? '' : String(v))
      const place = (p: {
        id: string
        code: string | null
        nameEn: string | null
        nameJa: string | null
      }) => [p.code ?? p.id, p.nameEn, p.nameJa].map(cells)
      const expected: Record<(typeof dashboardFigures)[number], string[][]> = {
        stock: json.stock.rows.map((r) =>
          [
            ...place(r.place),
            r.category,
            r.posted,
            r.pending,
            r.available,
            r.weightKg,
            r.volumeM3,
          ].map(cells),
        ),
        pipeline: json.pipeline.days.map((d) =>
          [d.day, d.requested, d.validated, d.planned, d.dispatched, d.delivered].map(cells),
        ),
        unmet: json.unmet.rows.map((r) =>
          [...place(r.place), r.priority, r.openQuantity, r.openWeightKg, r.lines].map(cells),
        ),
        consignments: json.consignments.rows.map((r) =>
          [
            r.id,
            r.state,
            ...place(r.origin),
            ...place(r.destination),
            r.dispatchedAt,
            r.eta,
            r.minutes,
            r.quantity,
          ].map(cells),
        ),
        contributions: json.contributions.partners.map((p) =>
          [
            ...place(p.organisation),
            p.receivedQuantity,
            p.receivedWeightKg,
            ...json.contributions.categories.flatMap((c) => {
              const found = p.received.find((r) => r.category === c)
              return [found?.quantity ?? 0, found?.weightKg ?? 0]
            }),
            p.pledgesConfirmed,
            p.pledgesReceived,
            p.consignmentsDelivered,
          ].map(cells),
        ),
      }
      for (const figure of dashboardFigures) {
        const response = await get(`/api/dashboard/${figure}.csv${query}`)
        expect(response.statusCode, figure).toBe(200)
        expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
        expect(response.headers['content-disposition']).toBe(
          `attachment; filename="kizuna-dashboard-${figure}-2026-01-02.csv"`,
        )
        const [header, ...rows] = parse(response.body) as string[][]
        expect(header?.length, figure).toBe(expected[figure][0]?.length)
        expect(rows, figure).toEqual(expected[figure])
        expect(response.headers['x-record-count']).toBe(String(rows.length))
      }
      expect(expected.stock.length).toBe(3)
      expect(expected.contributions[0]).toEqual([
        'AU-TEST',
        'Test partner',
        '',
        '15',
        '75',
        '15',
        '75',
        '0',
        '0',
        '1',
        '0',
        '0',
      ])
    })

    it('refuses an unknown operation, a time zone or window it cannot use, and no credentials', async () => {
      const unknown = await get(`/api/dashboard?operation=${uuidv7()}`)
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json().error.message).toMatch(/^operation: no operation/)
      const zone = await get('/api/dashboard/pipeline.csv?zone=Mars/Olympus')
      expect(zone.statusCode).toBe(400)
      expect(zone.json().error.message).toMatch(/zone/)
      expect((await get('/api/dashboard?days=0')).statusCode).toBe(400)
      const anonymous = await app.inject({ method: 'GET', url: '/api/dashboard' })
      expect(anonymous.statusCode).toBe(401)
    })
  })
}
