/**
 * The common operating picture bench's data (bench/cop.ts): a picture worth drawing, made through
 * the API of a running demo node (an operation with its affected area, requests for Noto shelters,
 * consignments on the road and delivered, closed legs), and a busy ledger, made in-process through
 * the product's own LedgerWriter in batches of 1,000: receipts at the hubs, moves between hubs,
 * moves out to shelters and issues there, each checked against a model of the balances so every
 * batch is one the ledger accepts. Everything is drawn from a seeded generator: the same seed
 * makes the same data.
 */
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import { LedgerWriter, type AccountRef, type TransferRequest } from '../src/app/ledger-writer.js'
import { openNode } from '../src/cli/open-node.js'
import { progressBar } from '../src/cli/progress.js'
import { available } from '../src/domain/ledger/account.js'
import type { Actor } from '../src/domain/records/record.js'

/** A small seeded generator (mulberry32): the bench's data is the same every run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1))
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T
  return { next, int, pick }
}

/** A signed-in caller of a node's API. */
export interface Caller {
  readonly baseUrl: string
  readonly headers: { cookie: string; 'x-csrf-token': string }
}

export async function signInByApi(
  baseUrl: string,
  username: string,
  password: string,
): Promise<Caller> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (response.status !== 200)
    throw new Error(`sign-in of ${username}: HTTP ${response.status} ${await response.text()}`)
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const session = (await response.json()) as { csrfToken: string }
  return { baseUrl, headers: { cookie, 'x-csrf-token': session.csrfToken } }
}

export async function call<T>(
  caller: Caller,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${caller.baseUrl}${path}`, {
    method,
    headers: {
      ...caller.headers,
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  })
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** The Noto peninsula, roughly: the operation's affected area and where its shelters are. */
const notoBox = { west: 136.6, south: 36.95, east: 137.4, north: 37.6 }
const notoArea = {
  type: 'Polygon',
  coordinates: [
    [
      [notoBox.west, notoBox.south],
      [notoBox.east, notoBox.south],
      [notoBox.east, notoBox.north],
      [notoBox.west, notoBox.north],
      [notoBox.west, notoBox.south],
    ],
  ],
}

/** Items the Komatsu hub holds as the node's own organisation (the demo's opening stock). */
const komatsuOwnItems = ['KZ-WASH-001', 'KZ-FOOD-001', 'KZ-FOOD-005', 'KZ-NFI-001']

export interface PictureSeed {
  readonly requests: number
  readonly validated: number
  readonly consignmentsInFlight: number
  readonly consignmentsDelivered: number
  readonly closedLegs: number
  /** The shelters that have requests: where the ledger's issues happen too. */
  readonly shelters: string[]
}

interface Listed<T> {
  readonly [key: string]: T[]
}
type Ref = { id: string; code: string }

/**
 * Requests, consignments and closed legs through the API of a running node, so that the map and the
 * dashboard have layers and figures to draw (the same on both databases the bench compares).
 */
export async function seedPicture(caller: Caller, seed = 8): Promise<PictureSeed> {
  const random = seededRandom(seed)
  const shelters = (
    await call<Listed<Ref>>(
      caller,
      'GET',
      `/api/places?type=shelter&bbox=${notoBox.west},${notoBox.south},${notoBox.east},${notoBox.north}&limit=5000&sort=code`,
    )
  ).places as Ref[]
  if (shelters.length < 150) throw new Error(`only ${shelters.length} shelters in Noto`)
  const chosen: Ref[] = []
  const pool = [...shelters]
  while (chosen.length < 150) chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as Ref)
  const items = (
    (await call<Listed<Ref>>(caller, 'GET', '/api/items?q=KZ-&limit=200')).items as Ref[]
  ).filter((item) => item.code.startsWith('KZ-'))
  const byCode = new Map(items.map((item) => [item.code, item.id]))
  const komatsu = (
    (await call<Listed<Ref>>(caller, 'GET', '/api/places?q=HUB%3AKOMATSU')).places as Ref[]
  ).find((place) => place.code === 'HUB:KOMATSU')
  if (!komatsu) throw new Error('the demo hub HUB:KOMATSU is missing')
  const org = (await call<{ org: { id: string } }>(caller, 'GET', '/api/auth/session')).org.id
  const operation = await call<{ id: string }>(caller, 'POST', '/api/operations', {
    name: 'Noto Peninsula earthquake (bench)',
    startedOn: '2024-01-01',
    area: notoArea,
  })
  const day = 86_400_000
  let validated = 0
  const forConsignment: { request: string; line: string; item: string; destination: string }[] = []
  for (const [index, shelter] of chosen.entries()) {
    const lineCount = random.int(1, 3)
    const lines = Array.from({ length: lineCount }, (_, n) => ({
      kind: 'item' as const,
      // The first 24 requests ask first for what Komatsu can send at once.
      item:
        index < 24 && n === 0
          ? (byCode.get(random.pick(komatsuOwnItems)) as string)
          : random.pick(items).id,
      quantity: random.int(50, 2000),
      priority: random.pick(['life-saving', 'life-sustaining', 'other'] as const),
    }))
    const request = await call<{ id: string; lines: { id: string }[] }>(
      caller,
      'POST',
      '/api/requests',
      {
        destination: shelter.id,
        ...(index % 3 === 2 ? {} : { operation: operation.id }),
        neededBy: new Date(Date.now() + random.int(1, 10) * day).toISOString(),
        lines,
      },
    )
    await call(caller, 'POST', `/api/requests/${request.id}/submit`)
    if (index < 24 || random.next() < 0.75) {
      await call(caller, 'POST', `/api/requests/${request.id}/validate`)
      validated++
    }
    if (index < 24)
      forConsignment.push({
        request: request.id,
        line: request.lines[0]?.id as string,
        item: lines[0]?.item as string,
        destination: shelter.id,
      })
  }

  let inFlight = 0
  let delivered = 0
  for (const [index, want] of forConsignment.entries()) {
    const route = await call<{ steps: { leg: string | null }[] }>(
      caller,
      'GET',
      `/api/routes/fastest?from=${komatsu.id}&to=${want.destination}&kind=truck`,
    ).catch(() => ({ steps: [] }))
    const consignment = await call<{ id: string; lines: { id: string }[] }>(
      caller,
      'POST',
      '/api/consignments',
      {
        origin: komatsu.id,
        destination: want.destination,
        route: route.steps.flatMap((step) => (step.leg ? [step.leg] : [])),
        lines: [
          {
            item: want.item,
            owner: org,
            quantity: random.int(20, 120),
            request: want.request,
            requestLine: want.line,
          },
        ],
      },
    )
    await call(caller, 'POST', `/api/consignments/${consignment.id}/dispatch`)
    if (index % 3 === 0) {
      const sent = (
        await call<{ lines: { id: string; quantity: number }[] }>(
          caller,
          'GET',
          `/api/consignments/${consignment.id}`,
        )
      ).lines
      await call(caller, 'POST', `/api/consignments/${consignment.id}/receive`, {
        lines: sent.map((line) => ({ line: line.id, quantityReceived: line.quantity })),
        proof: { receivedBy: 'Shelter lead' },
      })
      delivered++
    } else {
      if (index % 3 === 1)
        await call(caller, 'POST', `/api/consignments/${consignment.id}/events`, {
          kind: 'position',
          lat: 36.9 + random.next() * 0.4,
          lon: 136.7 + random.next() * 0.3,
        })
      inFlight++
    }
  }

  let closedLegs = 0
  for (const shelter of chosen.slice(0, 6)) {
    const legs = (
      await call<{ legs: { id: string; status: string }[] }>(
        caller,
        'GET',
        `/api/legs?place=${shelter.id}&mode=road&limit=5`,
      )
    ).legs
    const open = legs.find((leg) => leg.status === 'open')
    if (!open) continue
    await call(caller, 'POST', `/api/legs/${open.id}/close`, { reason: 'Landslide' })
    closedLegs++
  }
  return {
    requests: chosen.length,
    validated,
    consignmentsInFlight: inFlight,
    consignmentsDelivered: delivered,
    closedLegs,
    shelters: chosen.map((shelter) => shelter.id),
  }
}

export interface LedgerLoad {
  readonly transfers: number
  readonly byReason: Record<string, number>
  readonly seconds: number
  readonly accounts: number
}

/** A stock account in the model: its reference and what may still be taken from it. */
interface Held {
  readonly ref: AccountRef
  left: number
  /** In its pool's list of accounts to draw from. */
  listed: boolean
}

/** Stock accounts to draw from: a random one with something left, emptied ones dropped lazily. */
class Pool {
  private readonly byKey = new Map<string, Held>()
  private readonly list: Held[] = []
  constructor(private readonly random: ReturnType<typeof seededRandom>) {}
  get size() {
    return this.byKey.size
  }
  /** The account, made known with nothing in it if new; put back in the list when refilled. */
  holding(ref: AccountRef): Held {
    const key = `${ref.where}|${ref.item}|${ref.owner}|${ref.lot ?? ''}`
    let held = this.byKey.get(key)
    if (!held) {
      held = { ref, left: 0, listed: false }
      this.byKey.set(key, held)
    }
    if (!held.listed) {
      held.listed = true
      this.list.push(held)
    }
    return held
  }
  someWith(): Held | undefined {
    while (this.list.length > 0) {
      const index = Math.floor(this.random.next() * this.list.length)
      const held = this.list[index] as Held
      if (held.left > 0) return held
      held.listed = false
      this.list[index] = this.list[this.list.length - 1] as Held
      this.list.pop()
    }
    return undefined
  }
}

/**
 * `count` transfers through LedgerWriter.submit on the node's database (the server must be stopped:
 * SQLite has one writer), in batches of 1,000, realistic for the operation: receipts (supply → a hub)
 * 15%, moves between the demo's hubs and stock points 25%, moves out to the shelters with requests
 * 25%, issues at those shelters 35% — over the catalogue's KZ items and the demo partners.
 */
export async function addLedgerLoad(
  database: string,
  keyFile: string,
  shelters: readonly string[],
  count: number,
  seed = 100,
): Promise<LedgerLoad> {
  const random = seededRandom(seed)
  const node = await openNode({ database, keyFile, create: false, bundledData: false })
  const { ctx } = node
  try {
    const actor: Actor = { kind: 'cli', id: 'bench-cop', org: ctx.node.org }
    const writer = new LedgerWriter(ctx)
    const hubCodes = [
      'HUB:KOMATSU',
      'HUB:KANAZAWA-PORT',
      'WH:KANAZAWA-US',
      'STAGE:NOTO-AIRPORT',
      'DP:WAJIMA-CITY',
    ]
    const hubs = (await ctx.store.getPlacesByCodes(hubCodes)).map((place) => place.id)
    const organisations = (await ctx.store.listOrganisations(null)).map((o) => o.id)
    const page = await ctx.store.listItems({ q: 'KZ-', sort: 'code', limit: 500, offset: 0 }, null)
    const items = page.rows.filter((item) => item.code.startsWith('KZ-')).map((item) => item.id)
    if (hubs.length < 3 || items.length < 10 || organisations.length < 2)
      throw new Error(
        `the demo data is missing (hubs ${hubs.length}, KZ items ${items.length}, organisations ${organisations.length})`,
      )

    // What may be taken from each stock account: posted less what is reserved (pending out).
    const atHubs = new Pool(random)
    const atShelters = new Pool(random)
    const existing = await ctx.store.listBalances(
      { kind: 'stock', nonZero: true, limit: 5000, offset: 0 },
      null,
    )
    for (const { account } of existing.rows) {
      if (!hubs.includes(account.where)) continue
      const { kind, where, item, owner, lot, expiresOn } = account
      atHubs.holding({ kind, where, item, owner, lot, expiresOn }).left += available(account)
    }

    const byReason: Record<string, number> = {}
    const next = (): TransferRequest => {
      const roll = random.next()
      const stockAt = (held: Held, where: string): AccountRef => ({
        ...held.ref,
        where,
      })
      if (roll >= 0.15) {
        const fromHub = roll < 0.65 ? atHubs.someWith() : undefined
        if (fromHub && roll < 0.4) {
          const to = random.pick(hubs.filter((hub) => hub !== fromHub.ref.where))
          const quantity = random.int(1, Math.max(1, Math.floor(fromHub.left / 4)))
          fromHub.left -= quantity
          atHubs.holding(stockAt(fromHub, to)).left += quantity
          return transfer(fromHub.ref, stockAt(fromHub, to), quantity, 'moved')
        }
        if (fromHub) {
          const to = random.pick(shelters)
          const quantity = random.int(1, Math.max(1, Math.min(200, Math.floor(fromHub.left / 4))))
          fromHub.left -= quantity
          atShelters.holding(stockAt(fromHub, to)).left += quantity
          return transfer(fromHub.ref, stockAt(fromHub, to), quantity, 'moved')
        }
        const atShelter = roll >= 0.65 ? atShelters.someWith() : undefined
        if (atShelter) {
          const quantity = random.int(1, atShelter.left)
          atShelter.left -= quantity
          return transfer(
            atShelter.ref,
            { ...atShelter.ref, kind: 'issued', expiresOn: undefined },
            quantity,
            'issued',
          )
        }
      }
      // A receipt from the partner's supply: one of six lots per item (a half-year's production).
      const item = random.pick(items)
      const owner = random.pick(organisations)
      const half = random.int(0, 5)
      const lot = `B${2027 + (half >> 1)}${half % 2 ? 'H2' : 'H1'}`
      const expiresOn = `${2027 + (half >> 1)}-${half % 2 ? '12-31' : '06-30'}`
      const to: AccountRef = {
        kind: 'stock',
        where: random.pick(hubs.slice(0, 3)),
        item,
        owner,
        lot,
        expiresOn,
      }
      const quantity = random.int(100, 5000)
      atHubs.holding(to).left += quantity
      return transfer(
        { kind: 'supply', where: random.pick(suppliers), item, owner, lot },
        to,
        quantity,
        'received',
      )
    }
    const transfer = (
      from: AccountRef,
      to: AccountRef,
      quantity: number,
      reason: string,
    ): TransferRequest => {
      byReason[reason] = (byReason[reason] ?? 0) + 1
      return { id: uuidv7(), mode: 'single', from, to, quantity, reason, ref: 'BENCH-COP' }
    }

    const bar = progressBar('ledger transfers')
    const t0 = performance.now()
    let done = 0
    const inFlight = new Set<Promise<unknown>>()
    while (done < count) {
      const size = Math.min(1000, count - done)
      const batch = Array.from({ length: size }, next)
      const submitted: Promise<unknown> = writer.submit(actor, batch).then(() => {
        inFlight.delete(submitted)
      })
      inFlight.add(submitted)
      done += size
      // A few batches in flight: the writer commits them together, in order.
      if (inFlight.size >= 4) await Promise.race(inFlight)
      bar.update(done - inFlight.size * 1000, count)
    }
    await Promise.all(inFlight)
    bar.update(count, count)
    bar.stop()
    return {
      transfers: count,
      byReason,
      seconds: (performance.now() - t0) / 1000,
      accounts: atHubs.size + atShelters.size,
    }
  } finally {
    await ctx.store.close()
  }
}

const suppliers = [
  'Government stockpile (Ishikawa)',
  'Japanese Red Cross',
  'Australian Government',
  'U.S. Government',
  'Peace Winds Japan',
  'Private donation',
]
