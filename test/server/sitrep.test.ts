/**
 * The situation report of an operation, on both databases, over a small world (test/support/sitrep.ts):
 * every figure exact for the node's organisation and for a partner (who sees its own request too), the
 * dashboard's own numbers for the figures they share, the map's marks, and through the API a Japanese
 * PDF read back by pdf.js with its labels and figures, an English HTML page with its map and the zone
 * named, and the refusals of what cannot be printed.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDashboard } from '../../src/app/dashboard.js'
import { gatherSitrep } from '../../src/app/sitrep.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { makeSitrepWorld, SITREP_NOW, type SitrepWorld } from '../support/sitrep.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'
import { embeddedTrueTypeFonts, readPdf } from '../support/waybill.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`situation report on ${dialect.name}`, () => {
    let node: TestNode
    let world: SitrepWorld
    let app: Awaited<ReturnType<typeof buildApp>>
    const callers = { node: { authorization: '' }, partner: { authorization: '' } }

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      world = await makeSitrepWorld(node)
      app = await buildApp({ ctx: node.ctx })
      callers.node = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
      callers.partner = {
        authorization: (await tokenHeaders(node.ctx, ['viewer'], world.partner)).authorization,
      }
      node.clock.set(SITREP_NOW)
    }, 60_000)

    afterAll(async () => {
      await app?.close()
      await node?.close()
    })

    const options = { lang: 'en' as const, zone: 'Asia/Tokyo', days: 3 }
    const get = (url: string, as: keyof typeof callers = 'node') =>
      app.inject({ method: 'GET', url, headers: callers[as] })
    const nonZero = (rows: { status: string; requests: number }[]) =>
      rows.filter((r) => r.requests > 0).map((r) => [r.status, r.requests])

    it("gives the operation's key figures as the node's organisation may see them", async () => {
      const s = await gatherSitrep(node.ctx, world.operation, { org: node.ctx.node.org }, options)
      expect(s.generatedAt).toBe(SITREP_NOW)
      expect(s.reader).toBe('Test agency')
      expect(s.operation).toEqual({
        id: world.operation,
        name: 'Noto',
        startedOn: '2026-01-01',
        endedOn: null,
        hasArea: true,
      })
      // The partner's own request, and the other operation's, are not counted.
      expect(nonZero(s.requests.byStatus)).toEqual([
        ['draft', 1],
        ['rejected', 1],
        ['partially-delivered', 1],
      ])
      expect(s.requests.byStatus).toHaveLength(12)
      expect(s.requests).toMatchObject({
        requests: 3,
        quantityRequested: 90,
        quantityDelivered: 20,
      })
      // Wajima and Suzu are in the affected area; Kanazawa is not.
      expect(s.people).toEqual({ people: 4245, places: 2, asOf: '2024-02-01' })
      expect(s.stock).toEqual({
        rows: [
          { category: 'wash', posted: 65, pending: 0, available: 65, weightKg: 136.5 },
          { category: 'food', posted: 40, pending: 0, available: 40, weightKg: 200 },
        ],
        totals: { posted: 105, pending: 0, available: 105, weightKg: 336.5 },
        places: 2,
      })
      // On the road since 18:00 in Japan with an ETA of 21:00: five hours late at 02:00.
      expect(s.consignments).toEqual({
        inFlight: 1,
        late: 1,
        dueSoon: 0,
        withoutEta: 0,
        dueWithinHours: 24,
        rows: [
          {
            id: world.late,
            state: 'late',
            origin: 'Komatsu hub',
            destination: 'Wajima point',
            eta: '2026-01-02T12:00:00.000Z',
            minutes: 300,
            quantity: 30,
          },
        ],
      })
      expect(s.unmet.rows).toEqual([
        {
          place: 'Wajima point',
          priority: 'life-saving',
          openQuantity: 60,
          openWeightKg: 126,
          lines: 1,
        },
        { place: 'Wajima point', priority: 'other', openQuantity: 10, openWeightKg: 50, lines: 1 },
      ])
      expect(
        s.pipeline.days.map((d) => [
          d.day,
          d.requested,
          d.validated,
          d.planned,
          d.dispatched,
          d.delivered,
        ]),
      ).toEqual([
        ['2026-01-01', 0, 0, 0, 0, 0],
        ['2026-01-02', 99, 90, 50, 50, 0],
        ['2026-01-03', 0, 0, 0, 0, 20],
      ])
      expect(s.pipeline.totals).toEqual({
        requested: 99,
        validated: 90,
        planned: 50,
        dispatched: 50,
        delivered: 20,
      })
      expect(s.contributions).toEqual([
        {
          partner: 'Test partner',
          receivedQuantity: 40,
          receivedWeightKg: 200,
          pledgesConfirmed: 1,
          pledgesReceived: 0,
          consignmentsDelivered: 0,
        },
        {
          partner: 'Test agency',
          receivedQuantity: 100,
          receivedWeightKg: 210,
          pledgesConfirmed: 0,
          pledgesReceived: 0,
          consignmentsDelivered: 1,
        },
      ])
    })

    it("uses the dashboard's numbers for the operation", async () => {
      const viewer = { org: node.ctx.node.org }
      const s = await gatherSitrep(node.ctx, world.operation, viewer, options)
      const d = await readDashboard(node.ctx, viewer, {
        ...options,
        operation: world.operation,
        dueWithinHours: 24,
      })
      expect(s.unmet.byPriority).toEqual(d.unmet.byPriority)
      expect(s.pipeline.days).toEqual(d.pipeline.days)
      expect(s.consignments.rows.map((r) => [r.id, r.minutes])).toEqual(
        d.consignments.rows.map((r) => [r.id, r.minutes]),
      )
      const available = d.stock.rows.reduce((sum, r) => sum + r.available, 0)
      expect(s.stock.totals.available).toBe(available)
      expect(s.contributions.map((p) => p.receivedWeightKg)).toEqual(
        d.contributions.partners.map((p) => p.receivedWeightKg),
      )
    })

    it('draws the hub, the destination and the late consignment between them', async () => {
      const s = await gatherSitrep(node.ctx, world.operation, null, { ...options, lang: 'ja' })
      const map = s.map
      expect(map).not.toBeNull()
      if (!map) return
      // The distribution point holds the 20 received and awaits more: both marks, one name.
      expect(map.points.map((p) => [p.kind, p.label])).toEqual([
        ['hub', ''],
        ['hub', '小松拠点'],
        ['destination', '輪島配布所'],
      ])
      expect(map.flows).toHaveLength(1)
      expect(map.flows[0]?.late).toBe(true)
      const [, hub, point] = map.points
      // From the hub to the point: north-east, so up and to the right on the map.
      expect(map.flows[0]).toMatchObject({ x1: hub?.x, y1: hub?.y, x2: point?.x, y2: point?.y })
      expect((point?.y ?? 0) < (hub?.y ?? 0) && (point?.x ?? 0) > (hub?.x ?? 0)).toBe(true)
      for (const p of map.points) {
        expect(p.x).toBeGreaterThan(0)
        expect(p.x).toBeLessThan(map.width)
        expect(p.y).toBeGreaterThan(0)
        expect(p.y).toBeLessThan(map.height)
      }
      expect(map.area).toMatch(/^M[\d. L]+Z$/)
      expect(map.land.length).toBeGreaterThan(500)
    })

    it('counts what a partner may see: its own request as well', async () => {
      const s = await gatherSitrep(node.ctx, world.operation, { org: world.partner }, options)
      expect(s.reader).toBe('Test partner')
      expect(nonZero(s.requests.byStatus)).toEqual([
        ['draft', 1],
        ['submitted', 1],
        ['rejected', 1],
        ['partially-delivered', 1],
      ])
      expect(s.requests).toMatchObject({
        requests: 4,
        quantityRequested: 140,
        quantityDelivered: 20,
      })
      // Submitted but not validated (the hub cannot see it): asked for, not yet an unmet need.
      expect(s.unmet.byPriority[0]).toEqual({
        priority: 'life-saving',
        openQuantity: 60,
        openWeightKg: 126,
        lines: 1,
      })
      expect(s.pipeline.totals.requested).toBe(149)
    })

    it('prints a Japanese PDF with its labels, names and figures in an embedded Noto Sans JP', async () => {
      const response = await get(
        `/api/operations/${world.operation}/sitrep?format=pdf&lang=ja&zone=Asia/Tokyo&days=3`,
      )
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200)
      expect(response.headers['content-type']).toBe('application/pdf')
      expect(response.headers['content-disposition']).toBe(
        `inline; filename="sitrep-${world.operation}-2026-01-02-ja.pdf"`,
      )
      const bytes = response.rawPayload
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      for (const font of embeddedTrueTypeFonts(bytes))
        expect(font).toMatch(/^[A-Z]{6}\+NotoSansJP-/)
      expect(bytes.length).toBeLessThan(400_000)
      const { text } = await readPdf(bytes)
      for (const label of [
        '状況報告',
        '主要な数値',
        '避難所の避難者数',
        '未充足のニーズ',
        '要請の進捗（直近 3 日）',
        '状態別の要請',
        'パートナーの貢献',
        '被災地域',
      ])
        expect(text).toContain(label)
      for (const name of ['小松拠点', '輪島配布所', 'テストパートナー', '給水・衛生', '一部到着'])
        expect(text).toContain(name)
      for (const figure of ['4,245', '336.5', '2026-01-03 02:00', 'Asia/Tokyo (JST, UTC+09:00)'])
        expect(text).toContain(figure)
      expect(text).toContain('5 時間 0 分 遅れ')
    })

    it('prints an English HTML page with the map inline and every time in the zone named', async () => {
      const response = await get(`/api/operations/${world.operation}/sitrep?days=3&zone=UTC`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
      const html = response.body
      expect(html).toContain('<html lang="en">')
      expect(html).toContain('<h1>Situation report</h1>')
      expect(html).toContain(
        'aria-label="Map of Noto: hubs, destinations and consignments in flight"',
      )
      expect(html).toContain('<dt>Times in</dt><dd>UTC (UTC+00:00)</dd>')
      expect(html).toContain('<dd>2026-01-02 17:00</dd>')
      expect(html).toContain('<b>4,245</b>')
      expect(html).toContain('<b>90</b>')
      expect(html).toContain('2026-01-02 12:00')
      expect(html).toMatch(/url\('\/api\/fonts\/noto-sans-jp-400\.ttf\?v=/)
      expect(html).not.toContain('<script')
    })

    it('refuses a language, format, zone or window it cannot print, an unknown operation, and no credentials', async () => {
      const url = `/api/operations/${world.operation}/sitrep`
      for (const [query, field] of [
        ['lang=fr', 'lang'],
        ['format=docx', 'format'],
        ['zone=Mars/Olympus', 'zone'],
        ['days=0', 'days'],
      ] as const) {
        const response = await get(`${url}?${query}`)
        expect(response.statusCode, query).toBe(400)
        expect(response.json().error.message).toContain(`querystring.${field}`)
      }
      const notId = await get('/api/operations/not-an-id/sitrep')
      expect(notId.statusCode).toBe(400)
      expect(notId.json().error.message).toContain('params.id')
      const unknown = await get(`/api/operations/${uuidv7()}/sitrep?format=pdf`)
      expect(unknown.statusCode).toBe(404)
      expect(unknown.json().error.message).toMatch(/^operation: no operation/)
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401)
    })
  })
}
