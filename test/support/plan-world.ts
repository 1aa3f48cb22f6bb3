/**
 * A small world to plan in, made through the use cases: a hub with water (two lots, one expiring
 * first) and blankets, a shelter about 14 km away and a second one further, a requesting partner, the
 * road network derived between them, one 4-tonne truck at the hub, and a validated request from the
 * partner for the first shelter. The test clock stands at 2026-01-02T03:04:05Z.
 */
import { v7 as uuidv7 } from 'uuid'
import { assetTypesFromFile, createAsset } from '../../src/app/assets.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createOperation } from '../../src/app/operations.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { actOnRequest, createRequest } from '../../src/app/requests.js'
import { deriveRouteNetwork } from '../../src/app/route-network.js'
import { receiveStock, type StockContext } from '../../src/app/stock.js'
import type { Actor } from '../../src/domain/records/record.js'
import type { Priority } from '../../src/domain/requests/request.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { itemDraft, placeDraft } from './fixtures.js'
import type { TestNode } from './stores.js'

export const NOW = '2026-01-02T03:04:05.000Z'
export const hoursAfterNow = (hours: number) =>
  new Date(Date.parse(NOW) + hours * 3_600_000).toISOString()

export interface PlanWorld {
  readonly stock: StockContext
  readonly hub: Actor
  readonly partner: Actor
  readonly places: { hub: string; shelter: string; farShelter: string }
  readonly items: { water: string; blanket: string }
  readonly truck: string
  readonly operation: string
  receive(item: string, quantity: number, lot: string, expiresOn: string | null): Promise<void>
  request(
    lines: { item: string; quantity: number; priority?: Priority }[],
    options?: { destination?: string; neededByHours?: number; by?: Actor },
  ): Promise<{ id: string; lines: string[] }>
}

export async function planWorld(node: TestNode): Promise<PlanWorld> {
  const { ctx } = node
  const hub: Actor = { kind: 'cli', id: 'plan-world', org: ctx.node.org }
  const principal = { kind: 'user' as const, id: 'setup', userId: 'setup', org: ctx.node.org }
  const partnerOrg = await createOrganisation(
    ctx,
    { ...principal, roles: ['admin'] },
    {
      code: 'NOTO-CITY',
      nameEn: 'Noto town office',
      nameJa: null,
      country: 'JP',
      kind: 'government',
    },
  )
  const partner: Actor = { kind: 'cli', id: 'plan-world', org: partnerOrg.organisation.id }
  const stock: StockContext = { ctx, writer: new LedgerWriter(ctx) }
  const place = async (code: string, type: 'hub' | 'shelter', lat: number, lon: number) =>
    (await createPlace(ctx, hub, placeDraft({ code, type, lat, lon }))).place.id
  const places = {
    hub: await place('HUB:PLAN', 'hub', 36.5, 136.6),
    shelter: await place('GSI:PLAN-1', 'shelter', 36.6, 136.7),
    farShelter: await place('GSI:PLAN-2', 'shelter', 36.9, 136.9),
  }
  const items = {
    water: (await createItem(ctx, hub, itemDraft({ code: 'KZ-PLAN-WATER' }))).item.id,
    blanket: (
      await createItem(
        ctx,
        hub,
        itemDraft({
          code: 'KZ-PLAN-BLANKET',
          nameEn: 'Blanket',
          unit: 'piece',
          unitWeightG: 1500,
          unitVolumeMl: 8000,
        }),
      )
    ).item.id,
  }
  await deriveRouteNetwork(ctx, hub)
  const truck = (
    await createAsset(
      ctx,
      hub,
      { type: 'TRUCK-4T', name: 'Plan truck', base: places.hub },
      await assetTypesFromFile(bundledAssetTypesPath)(),
    )
  ).asset.id
  const operation = (
    await createOperation(ctx, hub, { name: 'Plan operation', startedOn: '2026-01-01' })
  ).id
  return {
    stock,
    hub,
    partner,
    places,
    items,
    truck,
    operation,
    async receive(item, quantity, lot, expiresOn) {
      await receiveStock(stock, hub, {
        id: uuidv7(),
        place: places.hub,
        item,
        owner: ctx.node.org,
        quantity,
        lot,
        expiresOn,
        source: 'JRC',
      })
    },
    async request(lines, options = {}) {
      const by = options.by ?? partner
      const made = await createRequest(ctx, by, {
        operation,
        destination: options.destination ?? places.shelter,
        neededBy: hoursAfterNow(options.neededByHours ?? 24),
        lines: lines.map((line) => ({
          kind: 'item' as const,
          item: line.item,
          quantity: line.quantity,
          priority: line.priority ?? 'life-saving',
        })),
      })
      await actOnRequest(ctx, by, made.request.id, 'submit')
      await actOnRequest(ctx, hub, made.request.id, 'validate')
      return { id: made.request.id, lines: made.request.lines.map((line) => line.id) }
    },
  }
}
