/**
 * @module app/node-setup
 * First start of a node: who runs it (its organisation), the bundled reference data (catalog and places,
 * re-loaded only when the bundled files change), and with `--demo` the demo partners and hubs.
 */

import { v5 as uuidv5 } from 'uuid'
import type { Organisation, OrganisationFields } from '../domain/organisations/organisation.js'
import type { Place } from '../domain/places/place.js'
import { type Actor, actorLabel, referenceId } from '../domain/records/record.js'
import type { ItemRow } from '../interop/catalog/read-items.js'
import type { PlaceRow } from '../interop/places/read-places.js'
import type { AppContext, Node } from './context.js'
import { type ImportSummary, importItems, importPlaces, type Progress } from './import-reference.js'
import { LedgerWriter, type TransferRequest } from './ledger-writer.js'
import type { Clock, Ids, Store } from './ports.js'

export interface NodeOrganisationSettings extends OrganisationFields {}

export const demoOrganisations: readonly OrganisationFields[] = [
  {
    code: 'JP-CAO',
    nameEn: 'Cabinet Office, Disaster Management (Japan)',
    nameJa: '内閣府（防災担当）',
    country: 'JP',
    kind: 'government',
  },
  {
    code: 'US-INDOPACOM',
    nameEn: 'U.S. Indo-Pacific Command, HADR cell',
    nameJa: '米インド太平洋軍 人道支援・災害救援班',
    country: 'US',
    kind: 'military',
  },
  {
    code: 'AU-DFAT',
    nameEn: 'Australian Department of Foreign Affairs and Trade, Humanitarian',
    nameJa: 'オーストラリア外務貿易省 人道支援部',
    country: 'AU',
    kind: 'government',
  },
  {
    code: 'NGO-PWJ',
    nameEn: 'Peace Winds Japan',
    nameJa: 'ピースウィンズ・ジャパン',
    country: 'JP',
    kind: 'ngo',
  },
]

/** The node's own organisation: read from meta, or created (with its event) on the first start. */
export async function ensureNode(
  store: Store,
  clock: Clock,
  ids: Ids,
  settings: NodeOrganisationSettings,
): Promise<Node> {
  const nodeId = await store.getMeta('node_id')
  if (!nodeId) throw new Error('the database has no node id; it was not opened through openStore')
  const known = await store.getMeta('node_org')
  if (known) return { id: nodeId, org: known }
  return store.transact(async (tx) => {
    const again = await tx.getMeta('node_org')
    if (again) return { id: nodeId, org: again }
    const now = clock.now().toISOString()
    const id = ids.newId()
    const organisation: Organisation = {
      ...settings,
      id,
      home: nodeId,
      org: id,
      share: 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }
    await tx.insertOrganisations([organisation])
    await tx.setMeta('node_org', id)
    await tx.appendEvents(now, 'system', [
      { kind: 'node.initialised', subject: nodeId, body: { node: nodeId, org: id }, share: 'all' },
      { kind: 'organisation.created', subject: id, body: organisation, share: 'all' },
    ])
    return { id: nodeId, org: id }
  })
}

export interface BundledData {
  /** A digest of the bundled files: the data is re-loaded when it changes. */
  readonly digest: string
  readonly items: readonly ItemRow[]
  readonly places: readonly PlaceRow[]
}

export async function loadBundledData(
  ctx: AppContext,
  actor: Actor,
  data: () => BundledData,
  onProgress?: Progress,
): Promise<{ items: ImportSummary; places: ImportSummary } | null> {
  const bundled = data()
  if ((await ctx.store.getMeta('bundled_data_digest')) === bundled.digest) return null
  const items = await importItems(ctx, actor, bundled.items, onProgress)
  const places = await importPlaces(ctx, actor, bundled.places, onProgress)
  await ctx.store.transact((tx) => tx.setMeta('bundled_data_digest', bundled.digest))
  return { items, places }
}

interface DemoPlace {
  readonly code: string
  readonly type: Place['type']
  readonly nameEn: string
  readonly nameJa: string
  readonly lat: number
  readonly lon: number
  readonly adminCode: string
  readonly municipality: string
  readonly orgCode: string
}

const demoPlaces: readonly DemoPlace[] = [
  {
    code: 'HUB:KOMATSU',
    type: 'hub',
    nameEn: 'Komatsu Airport Relief Hub',
    nameJa: '小松空港 救援物資拠点',
    lat: 36.3946,
    lon: 136.4068,
    adminCode: '172031',
    municipality: '小松市',
    orgCode: 'JP-CAO',
  },
  {
    code: 'HUB:KANAZAWA-PORT',
    type: 'hub',
    nameEn: 'Kanazawa Port Logistics Hub',
    nameJa: '金沢港 物流拠点',
    lat: 36.6105,
    lon: 136.6072,
    adminCode: '172014',
    municipality: '金沢市',
    orgCode: 'JP-CAO',
  },
  {
    code: 'WH:KANAZAWA-US',
    type: 'warehouse',
    nameEn: 'US HADR Forward Warehouse, Kanazawa',
    nameJa: '米軍人道支援 前方倉庫（金沢）',
    lat: 36.5853,
    lon: 136.6236,
    adminCode: '172014',
    municipality: '金沢市',
    orgCode: 'US-INDOPACOM',
  },
  {
    code: 'STAGE:NOTO-AIRPORT',
    type: 'staging-area',
    nameEn: 'Noto Satoyama Airport Staging Area',
    nameJa: 'のと里山空港 集積拠点',
    lat: 37.2931,
    lon: 136.9619,
    adminCode: '172049',
    municipality: '輪島市',
    orgCode: 'JP-CAO',
  },
  {
    code: 'DP:WAJIMA-CITY',
    type: 'distribution-point',
    nameEn: 'Wajima City Distribution Point',
    nameJa: '輪島市 物資配布所',
    lat: 37.3906,
    lon: 136.8992,
    adminCode: '172049',
    municipality: '輪島市',
    orgCode: 'NGO-PWJ',
  },
]

/** Demo partners (one per country plus an NGO) and hubs, once. The node's own organisation is JP-CAO. */
export async function loadDemo(ctx: AppContext, actor: Actor): Promise<boolean> {
  if (await ctx.store.getMeta('demo_loaded')) return false
  await ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const existing = await tx.listOrganisations(null)
    const byCode = new Map(existing.map((organisation) => [organisation.code, organisation.id]))
    const created: Organisation[] = []
    for (const fields of demoOrganisations) {
      if (byCode.has(fields.code)) continue
      const id = ctx.ids.newId()
      created.push({
        ...fields,
        id,
        home: ctx.node.id,
        org: id,
        share: 'all',
        createdAt: now,
        updatedAt: now,
        version: 1,
      })
      byCode.set(fields.code, id)
    }
    await tx.insertOrganisations(created)
    const known = new Set(
      (await tx.getPlacesByCodes(demoPlaces.map((p) => p.code))).map((p) => p.code),
    )
    const places: Place[] = demoPlaces
      .filter((p) => !known.has(p.code))
      .map(({ orgCode, ...p }) => ({
        ...p,
        id: referenceId('place', p.code),
        country: 'JP',
        address: null,
        capacity: null,
        attributes: { demo: true },
        home: ctx.node.id,
        org: byCode.get(orgCode) ?? ctx.node.org,
        share: 'all',
        createdAt: now,
        updatedAt: now,
        version: 1,
        status: null,
      }))
    await tx.insertPlaces(places)
    await tx.setMeta('demo_loaded', now)
    await tx.appendEvents(now, actorLabel(actor), [
      ...created.map((organisation) => ({
        kind: 'organisation.created',
        subject: organisation.id,
        body: organisation,
        share: 'all' as const,
      })),
      ...places.map(({ status: _s, ...place }) => ({
        kind: 'place.created',
        subject: place.id,
        body: place,
        share: place.share,
      })),
    ])
  })
  await receiveDemoStock(ctx, actor)
  return true
}

/** Opening stock at the demo hubs, as partners would have pre-positioned it: [place, item, owner, quantity, lot, expiry, donor]. */
const demoStock: readonly [string, string, string, number, string, string | null, string][] = [
  [
    'HUB:KOMATSU',
    'KZ-WASH-001',
    'JP-CAO',
    12_000,
    'W-2030-11',
    '2030-11-30',
    'Government stockpile (Ishikawa)',
  ],
  [
    'HUB:KOMATSU',
    'KZ-WASH-001',
    'JP-CAO',
    4_800,
    'W-2027-03',
    '2027-03-31',
    'Government stockpile (Ishikawa)',
  ],
  [
    'HUB:KOMATSU',
    'KZ-FOOD-001',
    'JP-CAO',
    20_000,
    'AR-2030-06',
    '2030-06-30',
    'Government stockpile (Ishikawa)',
  ],
  [
    'HUB:KOMATSU',
    'KZ-FOOD-005',
    'JP-CAO',
    6_000,
    'KP-2029-09',
    '2029-09-30',
    'Government stockpile (Ishikawa)',
  ],
  ['HUB:KOMATSU', 'KZ-NFI-001', 'JP-CAO', 3_000, '', null, 'Government stockpile (Ishikawa)'],
  [
    'HUB:KOMATSU',
    'KZ-NFI-010',
    'JP-CAO',
    800,
    '',
    null,
    'Corrugated-board industry association (donation)',
  ],
  ['HUB:KOMATSU', 'KZ-KIT-001', 'AU-DFAT', 500, '', null, 'Australian Government'],
  ['HUB:KOMATSU', 'KZ-SHEL-001', 'AU-DFAT', 200, '', null, 'Australian Government'],
  [
    'HUB:KANAZAWA-PORT',
    'KZ-WASH-002',
    'JP-CAO',
    9_600,
    'W5-2031-01',
    '2031-01-31',
    'Government stockpile (Ishikawa)',
  ],
  [
    'HUB:KANAZAWA-PORT',
    'KZ-NFI-011',
    'JP-CAO',
    1_500,
    '',
    null,
    'Corrugated-board industry association (donation)',
  ],
  ['HUB:KANAZAWA-PORT', 'KZ-HLTH-001', 'NGO-PWJ', 50_000, '', null, 'Peace Winds Japan'],
  ['WH:KANAZAWA-US', 'KZ-WASH-004', 'US-INDOPACOM', 2_000, '', null, 'U.S. Government'],
  ['WH:KANAZAWA-US', 'KZ-SHEL-003', 'US-INDOPACOM', 60, '', null, 'U.S. Government'],
  ['WH:KANAZAWA-US', 'KZ-NFI-007', 'US-INDOPACOM', 4_000, '', null, 'U.S. Government'],
]

async function receiveDemoStock(ctx: AppContext, actor: Actor): Promise<void> {
  const places = new Map(
    (await ctx.store.getPlacesByCodes([...new Set(demoStock.map((row) => row[0]))])).map((p) => [
      p.code,
      p,
    ]),
  )
  const items = new Map(
    (await ctx.store.getItemsByCodes([...new Set(demoStock.map((row) => row[1]))])).map((i) => [
      i.code,
      i,
    ]),
  )
  const orgs = new Map((await ctx.store.listOrganisations(null)).map((o) => [o.code, o.id]))
  const requests: TransferRequest[] = []
  for (const [
    index,
    [placeCode, itemCode, ownerCode, quantity, lot, expiresOn, source],
  ] of demoStock.entries()) {
    const place = places.get(placeCode)
    const item = items.get(itemCode)
    const owner = orgs.get(ownerCode)
    // The bundled catalogue may have changed: skip what it no longer has rather than fail the start.
    if (!place || !item || !owner) continue
    requests.push({
      id: uuidv5(`demo-stock:${index}`, DEMO_NAMESPACE),
      mode: 'single',
      from: { kind: 'supply', where: source, item: item.id, owner, lot },
      to: { kind: 'stock', where: place.id, item: item.id, owner, lot, expiresOn },
      quantity,
      reason: 'received',
      ref: 'DEMO-OPENING-STOCK',
    })
  }
  if (requests.length > 0) await new LedgerWriter(ctx).submit(actor, requests)
}

const DEMO_NAMESPACE = 'a7c3e9f1-4b2d-4e8a-9c6f-1d3b5a7e9c20'

export const demoNodeOrganisation = demoOrganisations[0] as OrganisationFields
