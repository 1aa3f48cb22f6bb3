/**
 * A small world for the situation report, made through the use cases on a test node: an operation
 * "Noto" with an affected area holding two municipalities that count evacuees (and one outside it),
 * a hub with water (the node's) and rice (a partner's), requests in every state that matters — one
 * validated and partly delivered, a draft, a rejected one, one the partner keeps to itself, and one of
 * another operation — consignments late in flight, received, and one serving no request, and a
 * pledge. The times are fixed, so every figure is exact.
 */
import { v7 as uuidv7 } from 'uuid'
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
import type { Principal } from '../../src/domain/access/permissions.js'
import { itemDraft, placeDraft } from './fixtures.js'
import type { TestNode } from './stores.js'

/** When the report is made: 02:00 on 3 January in Japan. */
export const SITREP_NOW = '2026-01-02T17:00:00.000Z'

export const notoArea = {
  type: 'Polygon',
  coordinates: [
    [
      [136.7, 37.0],
      [137.4, 37.0],
      [137.4, 37.6],
      [136.7, 37.6],
      [136.7, 37.0],
    ],
  ],
}

export interface SitrepWorld {
  readonly partner: string
  readonly hub: string
  readonly point: string
  readonly operation: string
  readonly other: string
  readonly late: string
}

const evacuees = (value: number) => ({
  noto2024: {
    evacuees_in_municipal_shelters: {
      value,
      unit: 'persons',
      asOf: '2024-02-01T14:00+09:00',
    },
  },
})

export async function makeSitrepWorld(node: TestNode): Promise<SitrepWorld> {
  const { ctx } = node
  const org = ctx.node.org
  const stock = { ctx, writer: new LedgerWriter(ctx) }
  const at = (iso: string) => node.clock.set(iso)
  const hubActor = { kind: 'cli' as const, id: 'test', org }
  const admin: Principal = { kind: 'user', id: 'setup', userId: 'setup', org, roles: ['admin'] }
  const partner = (
    await createOrganisation(ctx, admin, {
      code: 'AU-TEST',
      nameEn: 'Test partner',
      nameJa: 'テストパートナー',
      country: 'AU',
      kind: 'ngo',
    })
  ).organisation.id
  const partnerActor = { kind: 'cli' as const, id: 'partner', org: partner }
  const place = async (overrides: Parameters<typeof placeDraft>[0]) =>
    (await createPlace(ctx, hubActor, placeDraft(overrides))).place.id
  const hub = await place({
    code: 'HUB:A',
    nameEn: 'Komatsu hub',
    nameJa: '小松拠点',
    lat: 36.4,
    lon: 136.41,
  })
  const point = await place({
    code: 'DP:W',
    type: 'distribution-point',
    nameEn: 'Wajima point',
    nameJa: '輪島配布所',
    lat: 37.39,
    lon: 136.9,
  })
  const municipality = (code: string, nameEn: string, lat: number, lon: number, people: number) =>
    place({ code, type: 'municipality', nameEn, lat, lon, attributes: evacuees(people) })
  await municipality('LG:172049', 'Wajima', 37.39, 136.9, 2745)
  await municipality('LG:172057', 'Suzu', 37.43, 137.26, 1500)
  await municipality('LG:172014', 'Kanazawa', 36.56, 136.65, 300) // outside the area
  const water = (await createItem(ctx, hubActor, itemDraft())).item.id
  const rice = (
    await createItem(
      ctx,
      hubActor,
      itemDraft({
        code: 'KZ-TEST-RICE',
        nameEn: 'Rice, 5 kg bag',
        nameJa: '米 5kg',
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
    createdAt: SITREP_NOW,
    updatedAt: SITREP_NOW,
    version: 1,
    mode: 'road' as const,
    from: hub,
    to: point,
    distanceKm: 120,
    transitMinutes: 180,
    status: 'open' as const,
    note: null,
    edited: true,
  }
  await node.store.transact((tx) => tx.insertLegs([leg]))
  const operation = (
    await createOperation(ctx, hubActor, { name: 'Noto', startedOn: '2026-01-01', area: notoArea })
  ).id
  const other = (await createOperation(ctx, hubActor, { name: 'Other', startedOn: '2026-01-01' }))
    .id

  at('2026-01-01T20:00:00Z') // 05:00 on 2 January in Japan
  for (const [owner, item, quantity] of [
    [org, water, 100],
    [partner, rice, 40],
  ] as const)
    await receiveStock(stock, hubActor, {
      id: uuidv7(),
      place: hub,
      item,
      owner,
      quantity,
      source: 'JRC',
    })
  const request = async (
    actor: typeof hubActor,
    lines: {
      item: string
      quantity: number
      priority: 'life-saving' | 'life-sustaining' | 'other'
    }[],
    extra: { operation?: string; share?: 'own' } = { operation },
  ) =>
    (
      await createRequest(ctx, actor, {
        destination: point,
        neededBy: '2030-01-01T00:00:00Z',
        lines: lines.map((line) => ({ kind: 'item' as const, ...line })),
        ...extra,
      })
    ).request
  const noto = await request(hubActor, [
    { item: water, quantity: 80, priority: 'life-saving' },
    { item: rice, quantity: 10, priority: 'other' },
  ])
  await actOnRequest(ctx, hubActor, noto.id, 'submit')
  await actOnRequest(ctx, hubActor, noto.id, 'validate')
  await request(hubActor, [{ item: water, quantity: 5, priority: 'life-sustaining' }]) // a draft
  const refused = await request(hubActor, [{ item: water, quantity: 9, priority: 'other' }])
  await actOnRequest(ctx, hubActor, refused.id, 'submit')
  await actOnRequest(ctx, hubActor, refused.id, 'reject', { reason: 'a duplicate' })
  const own = await request(
    partnerActor,
    [{ item: water, quantity: 50, priority: 'life-saving' }],
    {
      operation,
      share: 'own',
    },
  )
  await actOnRequest(ctx, partnerActor, own.id, 'submit')
  const elsewhere = await request(hubActor, [{ item: water, quantity: 7, priority: 'other' }], {
    operation: other,
  })
  await actOnRequest(ctx, hubActor, elsewhere.id, 'submit')
  const pledge = await createPledge(ctx, hubActor, {
    kind: 'item',
    item: rice,
    quantity: 25,
    org: partner,
    operation,
  })
  await actOnPledge(ctx, stock, hubActor, pledge.id, 'confirm')

  const serving = { request: noto.id, requestLine: noto.lines[0]?.id ?? '' }
  const consign = async (quantity: number, serves: boolean, route: string[]) =>
    (
      await createConsignment(stock, hubActor, {
        origin: hub,
        destination: point,
        route,
        lines: [{ item: water, owner: org, quantity, ...(serves ? serving : {}) }],
      })
    ).consignment
  at('2026-01-02T09:00:00Z') // 18:00 in Japan; on the road for 3 hours
  const late = await consign(30, true, [leg.id])
  await actOnConsignment(stock, hubActor, late.id, 'dispatch')
  const received = await consign(20, true, [])
  await actOnConsignment(stock, hubActor, received.id, 'dispatch')
  at('2026-01-02T15:30:00Z') // 00:30 on 3 January in Japan
  await receiveConsignment(stock, hubActor, received.id, {
    lines: received.lines.map((line) => ({ line: line.id, quantityReceived: 20 })),
    proof: { receivedBy: 'Sato' },
  })
  const unrelated = await consign(5, false, [])
  await actOnConsignment(stock, hubActor, unrelated.id, 'dispatch')
  at(SITREP_NOW)
  return { partner, hub, point, operation, other, late: late.id }
}
