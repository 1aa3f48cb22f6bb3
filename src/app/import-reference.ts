/**
 * @module app/import-reference
 * Loads catalog items and places from files into the node, all or nothing, idempotent by code: a row
 * equal to the stored one is left alone, a changed one is updated (version + 1), a new one inserted, each
 * change with its event. Public datasets become reference data (home and org `public`, id derived from
 * the code); places a node runs itself (hubs, warehouses, staging areas, distribution points) are that
 * node's own records.
 */
import { findKitCycle, type Item, sameItemFields } from '../domain/catalog/item.js'
import { type Place, type PlaceType, samePlaceFields } from '../domain/places/place.js'
import { type Actor, actorLabel, referenceId } from '../domain/records/record.js'
import { PUBLIC } from '../domain/records/share.js'
import type { ItemRow } from '../interop/catalog/read-items.js'
import type { PlaceRow } from '../interop/places/read-places.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { NewEvent } from './ports.js'

export interface ImportSummary {
  readonly created: number
  readonly updated: number
  readonly unchanged: number
}

export type Progress = (done: number, total: number) => void

const CHUNK = 500
const nodeRunPlaceTypes: readonly PlaceType[] = [
  'hub',
  'warehouse',
  'staging-area',
  'distribution-point',
]

export async function importItems(
  ctx: AppContext,
  actor: Actor,
  rows: readonly ItemRow[],
  onProgress: Progress = () => {},
): Promise<ImportSummary> {
  const now = ctx.clock.now().toISOString()
  const summary = { created: 0, updated: 0, unchanged: 0 }
  await ctx.store.transact(async (tx) => {
    // Kit components may name items of this file or items already stored.
    const inFile = new Map(rows.map((row) => [row.code, row]))
    const componentCodes = [
      ...new Set(rows.flatMap((row) => row.components.map((c) => c.code))),
    ].filter((code) => !inFile.has(code))
    const stored = new Map(
      (await tx.getItemsByCodes(componentCodes)).map((item) => [item.code, item]),
    )
    for (const row of rows) {
      const missing = row.components.find((c) => !inFile.has(c.code) && !stored.has(c.code))
      if (missing)
        throw new Refusal(
          'unknown_reference',
          `line ${row.line}, kit: no item has code "${missing.code}"`,
          [{ field: 'kit', line: row.line, message: `unknown item code ${missing.code}` }],
        )
    }
    const graph = new Map<string, string[]>(
      [...stored.values()].map((item) => [item.code, item.components.map((c) => c.code)]),
    )
    for (const row of rows)
      graph.set(
        row.code,
        row.components.map((c) => c.code),
      )
    const cycle = findKitCycle(graph)
    if (cycle)
      throw new Refusal('invalid_file', `kit: a kit cannot contain itself (${cycle.join(' → ')})`, [
        { field: 'kit', message: cycle.join(' → ') },
      ])

    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK)
      const existing = new Map(
        (await tx.getItemsByCodes(chunk.map((row) => row.code))).map((item) => [item.code, item]),
      )
      const inserts: Item[] = []
      const events: NewEvent[] = []
      for (const { line, ...fields } of chunk) {
        const before = existing.get(fields.code)
        if (before && sameItemFields(before, fields)) {
          summary.unchanged++
          continue
        }
        if (before) {
          if (before.home !== PUBLIC)
            throw new Refusal(
              'duplicate_code',
              `line ${line}, code: item code "${fields.code}" belongs to a record of node ${before.home}, not to reference data`,
              [{ field: 'code', line, message: 'used by a record of this node' }],
            )
          const next: Item = { ...before, ...fields, updatedAt: now, version: before.version + 1 }
          await tx.updateItem(next, before.version)
          events.push({ kind: 'item.updated', subject: next.id, body: next, share: 'all' })
          summary.updated++
        } else {
          const item: Item = {
            ...fields,
            id: referenceId('item', fields.code),
            home: PUBLIC,
            org: PUBLIC,
            share: 'all',
            createdAt: now,
            updatedAt: now,
            version: 1,
          }
          inserts.push(item)
          events.push({ kind: 'item.imported', subject: item.id, body: item, share: 'all' })
          summary.created++
        }
      }
      await tx.insertItems(inserts)
      await tx.appendEvents(now, actorLabel(actor), events)
      onProgress(Math.min(start + CHUNK, rows.length), rows.length)
    }
  })
  return summary
}

export async function importPlaces(
  ctx: AppContext,
  actor: Actor,
  rows: readonly PlaceRow[],
  onProgress: Progress = () => {},
): Promise<ImportSummary> {
  const now = ctx.clock.now().toISOString()
  const summary = { created: 0, updated: 0, unchanged: 0 }
  await ctx.store.transact(async (tx) => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK)
      const existing = new Map(
        (await tx.getPlacesByCodes(chunk.map((row) => row.code))).map((place) => [
          place.code,
          place,
        ]),
      )
      const inserts: Place[] = []
      const events: NewEvent[] = []
      for (const { line, ...fields } of chunk) {
        const own = nodeRunPlaceTypes.includes(fields.type)
        const before = existing.get(fields.code)
        if (before && samePlaceFields(before, fields)) {
          summary.unchanged++
          continue
        }
        const { status: _status, ...body } = before ?? ({} as Place)
        if (before) {
          if (before.home !== (own ? ctx.node.id : PUBLIC))
            throw new Refusal(
              'duplicate_code',
              `line ${line}, code: place code "${fields.code}" belongs to ${before.home === PUBLIC ? 'reference data' : `node ${before.home}`}; only its home may change it`,
              [{ field: 'code', line, message: 'belongs to another home' }],
            )
          const next: Place = { ...before, ...fields, updatedAt: now, version: before.version + 1 }
          await tx.updatePlace(next, before.version)
          events.push({
            kind: 'place.updated',
            subject: next.id,
            body: { ...body, ...fields, updatedAt: now, version: next.version },
            share: next.share,
          })
          summary.updated++
        } else {
          const place: Place = {
            ...fields,
            id: referenceId('place', fields.code),
            home: own ? ctx.node.id : PUBLIC,
            org: own ? actor.org : PUBLIC,
            share: 'all',
            createdAt: now,
            updatedAt: now,
            version: 1,
            status: null,
          }
          inserts.push(place)
          const { status: _s, ...placeBody } = place
          events.push({ kind: 'place.imported', subject: place.id, body: placeBody, share: 'all' })
          summary.created++
        }
      }
      await tx.insertPlaces(inserts)
      await tx.appendEvents(now, actorLabel(actor), events)
      onProgress(Math.min(start + CHUNK, rows.length), rows.length)
    }
  })
  return summary
}
