/**
 * Exchange files through the API on both databases: HXL and CSV exports of requests, pledges, stock
 * and a 3W (only what the caller may see), and the all-or-nothing import of requests from HXL CSV.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { createPledge } from '../../src/app/pledges.js'
import { createRequest } from '../../src/app/requests.js'
import { issueStock, receiveStock } from '../../src/app/stock.js'
import { readHxl } from '../../src/interop/hxl/read-hxl.js'
import { get } from '../../src/interop/hxl/tag-pattern.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { repoRoot } from '../support/cli.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const hxlDir = resolve(repoRoot, '../shared/data/interop/hxl/libhxl-python-tests-files')
const hxlPresent = existsSync(hxlDir)
if (!hxlPresent)
  console.log("skipped: libhxl's files in the exchange API test (../shared/data not present)")

/** A HXL CSV of request lines, with the hashtag row under English headers. */
const sheet = (rows: readonly string[]) =>
  [
    'Request,Destination,Needed by,Priority,Item,Quantity,Capability,Description',
    '#meta+request,#loc+code,#date+needed,#priority,#item+code,#need+num,#service+code,#service+name',
    ...rows,
  ].join('\r\n')

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`exchange API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let requester: Record<string, string>
    let admin: Record<string, string>
    let partner: Record<string, string>
    let partnerOrg: string
    let point: string
    let water: string
    let rice: string
    const actor = () => ({ kind: 'cli' as const, id: 'test', org: node.ctx.node.org })

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      requester = { authorization: (await tokenHeaders(node.ctx, ['requester'])).authorization }
      admin = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
      partnerOrg = (
        await createOrganisation(
          node.ctx,
          { kind: 'user', id: 'x', userId: 'x', org: node.ctx.node.org, roles: ['admin'] },
          { code: 'AU-DFAT', nameEn: 'DFAT', nameJa: null, country: 'AU', kind: 'government' },
        )
      ).organisation.id
      partner = {
        authorization: (await tokenHeaders(node.ctx, ['requester'], partnerOrg)).authorization,
      }
      point = (
        await createPlace(
          node.ctx,
          actor(),
          placeDraft({
            code: 'DP:KOMATSU-01',
            type: 'distribution-point',
            nameEn: 'Komatsu point 1',
            nameJa: '小松 配布所 1',
            adminCode: '172031',
            municipality: '小松市',
          }),
        )
      ).place.id
      water = (await createItem(node.ctx, actor(), itemDraft({ code: 'KZ-WATER' }))).item.id
      rice = (
        await createItem(
          node.ctx,
          actor(),
          itemDraft({
            code: 'KZ-RICE',
            nameEn: 'Alpha rice',
            nameJa: 'アルファ化米',
            category: 'food',
          }),
        )
      ).item.id
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const events = async () => (await node.store.readEvents(0, 1e6)).length
    const getCsv = (url: string, headers = requester) => app.inject({ method: 'GET', url, headers })
    const postCsv = (url: string, body: string, headers = requester) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: body,
      })
    const draft = async (org = node.ctx.node.org, share: 'own' | 'all' = 'all') =>
      (
        await createRequest(
          node.ctx,
          { kind: 'cli', id: 'test', org },
          {
            destination: point,
            neededBy: '2026-01-05T00:00:00Z',
            justification: '320 evacuees, water cut',
            share,
            lines: [
              { kind: 'item', item: water, quantity: 960, priority: 'life-saving' },
              {
                kind: 'item',
                item: rice,
                quantity: 1920,
                priority: 'life-sustaining',
                neededBy: '2026-01-06T00:00:00Z',
              },
              {
                kind: 'capability',
                capability: 'water-purification',
                description: 'Mobile unit, 10 t a day',
                quantity: 1,
                unit: 'unit',
                priority: 'life-saving',
              },
            ],
          },
        )
      ).request

    it('exports requests as HXL that HXL readers read: one row per line, with place, prefecture, municipality and item names', async () => {
      const request = await draft()
      const response = await getCsv('/api/requests/export?format=hxl')
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toMatch(/^text\/csv/)
      expect(response.headers['content-disposition']).toMatch(
        /attachment; filename="kizuna-requests-\d{4}-\d{2}-\d{2}\.hxl\.csv"/,
      )
      const table = readHxl('requests.csv', Buffer.from(response.body))
      expect(table.hashtagLine).toBe(2)
      expect(table.rows).toHaveLength(3)
      const [first, second, third] = table.rows
      if (!first || !second || !third) throw new Error('three rows expected')
      expect(get(table, first, '#meta+request')).toBe(request.code)
      expect(get(table, first, '#org+code')).toBe('JP-TEST')
      expect(get(table, first, '#loc+code')).toBe('DP:KOMATSU-01')
      expect(get(table, first, '#loc+name+i_ja')).toBe('小松 配布所 1')
      expect(get(table, first, '#adm1+code')).toBe('JP-17')
      expect(get(table, first, '#adm1+name')).toBe('Ishikawa')
      expect(get(table, first, '#adm2+code')).toBe('172031')
      expect(get(table, first, '#adm2+name')).toBe('小松市')
      expect(get(table, first, '#item+code')).toBe('KZ-WATER')
      expect(get(table, first, '#need+num')).toBe('960')
      expect(get(table, first, '#value+delivered')).toBe('0')
      expect(get(table, first, '#date+needed')).toBe('2026-01-05T00:00:00.000Z')
      expect(get(table, second, '#item+name+i_ja')).toBe('アルファ化米')
      expect(get(table, second, '#date+needed')).toBe('2026-01-06T00:00:00.000Z')
      expect(get(table, third, '#service+code')).toBe('water-purification')
      expect(get(table, third, '#item+code')).toBe('')
      expect(response.headers['x-record-count']).toBe('1')
    })

    it('exports plain CSV with the header row only, and filters by status', async () => {
      await draft()
      const csv = await getCsv('/api/requests/export?format=csv')
      expect(csv.statusCode).toBe(200)
      const lines = csv.body.trim().split('\r\n')
      expect(lines[0]).toMatch(/^Request,Status,Organisation code,/)
      expect(lines[1]).toMatch(/^RQ-/)
      expect(lines).toHaveLength(4)
      const none = await getCsv('/api/requests/export?format=csv&status=validated')
      expect(none.body.trim().split('\r\n')).toHaveLength(1)
      const bad = await getCsv('/api/requests/export?format=xlsx')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.message).toMatch(/format/)
    })

    it("does not export another organisation's private request, which its own organisation does see", async () => {
      await draft()
      const hidden = await draft(partnerOrg, 'own')
      const mine = await getCsv('/api/requests/export')
      expect(mine.body).not.toContain(hidden.code)
      expect(mine.headers['x-record-count']).toBe('1')
      const theirs = await getCsv('/api/requests/export', partner)
      expect(theirs.body).toContain(hidden.code)
      const threeW = await getCsv('/api/3w', partner)
      expect(threeW.statusCode).toBe(200)
    })

    it('imports what it exports: the same destinations, items, quantities, priorities and times, and a second import changes nothing', async () => {
      const original = await draft()
      const exported = (await getCsv('/api/requests/export')).body
      const before = await events()
      const imported = await postCsv('/api/requests/import', exported)
      expect(imported.statusCode, imported.body).toBe(201)
      const outcome = imported.json()
      expect(outcome).toMatchObject({ created: 1, existing: 0 })
      expect(outcome.ignored).toContain('#status')
      const [made] = outcome.requests
      expect(made).toMatchObject({ reference: original.code, status: 'draft', lines: 3 })
      expect(made.fileLines).toEqual([3, 4, 5])
      const copy = (
        await app.inject({ method: 'GET', url: `/api/requests/${made.id}`, headers: requester })
      ).json()
      const time = (t: string | null) => (t ? new Date(t).toISOString() : null)
      const shape = (r: typeof original) => ({
        destination: r.destination,
        neededBy: r.neededBy,
        justification: r.justification,
        lines: r.lines.map((l) =>
          l.kind === 'item'
            ? [l.item, l.quantity, l.priority, time(l.neededBy)]
            : [l.capability, l.description, l.quantity, l.unit, l.priority, time(l.neededBy)],
        ),
      })
      expect(shape(copy)).toEqual(shape(original))
      expect(await events()).toBe(before + 1)
      const again = await postCsv('/api/requests/import', exported)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toMatchObject({ created: 0, existing: 1 })
      expect(await events()).toBe(before + 1)
    })

    it('groups rows without a request reference by destination and needed-by, and submits them when asked', async () => {
      const body = sheet([
        ',DP:KOMATSU-01,2026-01-05,life-saving,KZ-WATER,100,,',
        ',DP:KOMATSU-01,2026-01-05,other,KZ-RICE,50,,',
        ',DP:KOMATSU-01,2026-01-07,life-saving,,,airlift,2 sorties',
      ])
      const response = await postCsv('/api/requests/import?submit=true', body)
      expect(response.statusCode, response.body).toBe(201)
      const outcome = response.json()
      expect(
        outcome.requests.map((r: { lines: number; status: string }) => [r.lines, r.status]),
      ).toEqual([
        [2, 'submitted'],
        [1, 'submitted'],
      ])
    })

    it('refuses a file with a bad value naming its line and column, and writes nothing', async () => {
      const before = await events()
      const body = sheet([
        'A,DP:KOMATSU-01,2026-01-05,life-saving,KZ-WATER,100,,',
        'A,DP:KOMATSU-01,2026-01-05,urgent,KZ-RICE,-5,,',
        'B,DP:NOWHERE,2026-01-05,other,KZ-NOTHING,1,,',
      ])
      const response = await postCsv('/api/requests/import', body)
      expect(response.statusCode).toBe(422)
      const error = response.json().error
      expect(error.code).toBe('invalid_file')
      expect(error.message).toMatch(/line 4, column 4 \(#priority\): "urgent" is not a priority/)
      expect(error.details).toEqual([
        expect.objectContaining({ line: 4, column: 4, field: '#priority' }),
        expect.objectContaining({ line: 4, column: 6, field: '#need+num' }),
      ])
      const unknown = await postCsv(
        '/api/requests/import',
        sheet([body.split('\r\n')[4] as string]),
      )
      expect(unknown.statusCode).toBe(422)
      expect(unknown.json().error.details).toEqual([
        expect.objectContaining({ line: 3, column: 2, message: 'no place with code "DP:NOWHERE"' }),
        expect.objectContaining({ line: 3, column: 5, message: 'no item with code "KZ-NOTHING"' }),
      ])
      const past = await postCsv(
        '/api/requests/import',
        sheet(['A,DP:KOMATSU-01,2025-12-31,life-saving,KZ-WATER,100,,']),
      )
      expect(past.json().error.details[0]).toMatchObject({ line: 3, column: 3 })
      expect(past.json().error.message).toMatch(/not after now/)
      expect(await events()).toBe(before)
    })

    it('refuses a request for another organisation, a JSON body and an empty body, with 4xx', async () => {
      const body = [
        '#meta+request,#org+code,#loc+code,#date+needed,#priority,#item+code,#need+num',
        'A,AU-DFAT,DP:KOMATSU-01,2026-01-05,life-saving,KZ-WATER,100',
      ].join('\n')
      const other = await postCsv('/api/requests/import', body)
      expect(other.statusCode).toBe(422)
      expect(other.json().error.message).toMatch(/your own organisation \(JP-TEST\), not "AU-DFAT"/)
      const json = await app.inject({
        method: 'POST',
        url: '/api/requests/import',
        headers: requester,
        payload: { rows: [] },
      })
      expect(json.statusCode).toBe(400)
      const empty = await postCsv('/api/requests/import', '')
      expect(empty.statusCode).toBe(422)
      const viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
      expect((await postCsv('/api/requests/import', body, viewer)).statusCode).toBe(403)
    })

    it('refuses a file that is not UTF-8 naming its line, and a body that is not CSV with 415', async () => {
      const shiftJis = Buffer.concat([
        Buffer.from('#loc+code,#date+needed\n'),
        Buffer.from([0x82, 0xa0, 0x0a]),
      ])
      const response = await app.inject({
        method: 'POST',
        url: '/api/requests/import?file=sjis.csv',
        headers: { ...requester, 'content-type': 'text/csv; charset=utf-8' },
        payload: shiftJis,
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().error.message).toBe(
        'sjis.csv: line 2 (encoding): this line is not valid UTF-8; save the file as UTF-8 (Excel: "CSV UTF-8")',
      )
      const xml = await app.inject({
        method: 'POST',
        url: '/api/requests/import',
        headers: { ...requester, 'content-type': 'application/xml' },
        payload: '<requests/>',
      })
      expect(xml.statusCode).toBe(415)
    })

    it('imports pledges it exported, for the pledging partner, once; and refuses a bad row with nothing written', async () => {
      await createPledge(node.ctx, actor(), {
        org: partnerOrg,
        kind: 'item',
        item: rice,
        quantity: 500,
        place: point,
        availableFrom: '2026-01-04T00:00:00Z',
        conditions: 'for Noto only',
      })
      await createPledge(node.ctx, actor(), {
        kind: 'capability',
        capability: 'airlift',
        description: 'C-130J, 3 sorties',
        quantity: 3,
        unit: 'sorties',
      })
      const exported = (await getCsv('/api/pledges/export', admin)).body
      const before = await events()
      const imported = await postCsv('/api/pledges/import', exported, admin)
      expect(imported.statusCode, imported.body).toBe(201)
      expect(imported.json()).toMatchObject({ created: 2, existing: 0 })
      const list = (
        await app.inject({ method: 'GET', url: `/api/pledges?org=${partnerOrg}`, headers: admin })
      ).json()
      expect(list.total).toBe(2)
      expect(
        list.pledges.map((p: { quantity: number; conditions: string }) => [
          p.quantity,
          p.conditions,
        ]),
      ).toEqual([
        [500, 'for Noto only'],
        [500, 'for Noto only'],
      ])
      expect(await events()).toBe(before + 2)
      expect((await postCsv('/api/pledges/import', exported, admin)).json()).toMatchObject({
        created: 0,
        existing: 2,
      })
      const bad = await postCsv(
        '/api/pledges/import',
        [
          '#org+code,#item+code,#value+pledged,#loc+code',
          'AU-DFAT,KZ-RICE,10,DP:KOMATSU-01',
          'NOBODY,KZ-RICE,1.5,DP:KOMATSU-01',
        ].join('\n'),
        admin,
      )
      expect(bad.statusCode).toBe(422)
      expect(bad.json().error.details).toEqual([
        expect.objectContaining({ line: 3, column: 3, field: '#value+pledged' }),
      ])
      const unknown = await postCsv(
        '/api/pledges/import',
        ['#org+code,#item+code,#value+pledged', 'NOBODY,KZ-RICE,1'].join('\n'),
        admin,
      )
      expect(unknown.json().error.details).toEqual([
        expect.objectContaining({
          line: 2,
          column: 1,
          message: 'no organisation with code "NOBODY"',
        }),
      ])
      expect(await events()).toBe(before + 2)
      expect((await postCsv('/api/pledges/import', exported, requester)).statusCode).toBe(403)
    })

    it.skipIf(!hxlPresent)(
      "refuses libhxl's invalid and untagged files with the line and what is missing",
      async () => {
        const invalid = await postCsv(
          '/api/requests/import?file=input-invalid.csv',
          readFileSync(join(hxlDir, 'test_io/input-invalid.csv'), 'utf8'),
        )
        expect(invalid.statusCode).toBe(422)
        expect(invalid.json().error.message).toMatch(/^input-invalid\.csv: line \d+/)
        const untagged = await postCsv(
          '/api/requests/import?file=input-untagged.csv',
          readFileSync(join(hxlDir, 'test_io/input-untagged.csv'), 'utf8'),
        )
        expect(untagged.statusCode).toBe(422)
        expect(untagged.json().error.message).toMatch(/no HXL hashtag row/)
        // A valid HXL file, but not one of requests: the columns the import needs are named.
        const valid = await postCsv(
          '/api/requests/import?file=input-valid.csv',
          readFileSync(join(hxlDir, 'test_io/input-valid.csv'), 'utf8'),
        )
        expect(valid.statusCode).toBe(422)
        expect(valid.json().error.details.map((d: { field: string }) => d.field)).toEqual([
          '#loc+code',
          '#date+needed',
          '#priority',
          '#item+code',
        ])
      },
    )

    it('exports pledges and stock balances, and a 3W of who does what where', async () => {
      const request = await draft()
      for (const action of ['submit', 'validate'])
        await app.inject({
          method: 'POST',
          url: `/api/requests/${request.id}/${action}`,
          headers: admin,
          payload: {},
        })
      await createPledge(node.ctx, actor(), {
        org: partnerOrg,
        kind: 'item',
        item: rice,
        quantity: 500,
        place: point,
      })
      const stock = { ctx: node.ctx, writer: new LedgerWriter(node.ctx) }
      await receiveStock(stock, actor(), {
        id: uuidv7(),
        place: point,
        item: water,
        owner: node.ctx.node.org,
        quantity: 300,
        lot: 'W1',
        expiresOn: '2030-03-31',
        source: 'test',
      })
      await issueStock(stock, actor(), {
        id: uuidv7(),
        place: point,
        item: water,
        owner: node.ctx.node.org,
        quantity: 40,
      })
      const pledges = readHxl('p.csv', Buffer.from((await getCsv('/api/pledges/export')).body))
      const [pledge] = pledges.rows
      if (!pledge) throw new Error('a pledge row expected')
      expect(get(pledges, pledge, '#org+code')).toBe('AU-DFAT')
      expect(get(pledges, pledge, '#value+pledged')).toBe('500')
      expect(get(pledges, pledge, '#adm1+code')).toBe('JP-17')
      const balances = readHxl('s.csv', Buffer.from((await getCsv('/api/stock/export')).body))
      expect(balances.rows).toHaveLength(1)
      const [balance] = balances.rows
      if (!balance) throw new Error('a balance row expected')
      expect(
        [
          '#loc+code',
          '#item+code',
          '#org+code',
          '#meta+lot',
          '#date+expiry',
          '#value+posted',
          '#value+available',
        ].map((tag) => get(balances, balance, tag)),
      ).toEqual(['DP:KOMATSU-01', 'KZ-WATER', 'JP-TEST', 'W1', '2030-03-31', '260', '260'])
      const threeW = readHxl('3w.csv', Buffer.from((await getCsv('/api/3w?format=hxl')).body))
      const rows = threeW.rows.map((row) =>
        [
          '#org+code',
          '#org+role',
          '#sector',
          '#activity',
          '#adm1+code',
          '#adm2+code',
          '#status',
          '#meta+count',
          '#value+planned',
          '#value+delivered',
        ].map((tag) => get(threeW, row, tag)),
      )
      expect(rows).toEqual([
        [
          'AU-DFAT',
          'pledging',
          'Food Security',
          'food',
          'JP-17',
          '172031',
          'planned',
          '1',
          '500',
          '0',
        ],
        ['JP-TEST', 'issuing', 'WASH', 'wash', 'JP-17', '172031', 'completed', '1', '0', '40'],
        [
          'JP-TEST',
          'requesting',
          'Food Security',
          'food',
          'JP-17',
          '172031',
          'planned',
          '1',
          '1920',
          '0',
        ],
        ['JP-TEST', 'requesting', 'WASH', 'wash', 'JP-17', '172031', 'planned', '1', '960', '0'],
      ])
    })
  })
}
