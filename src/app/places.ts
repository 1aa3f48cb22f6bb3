/**
 * @module app/places
 * Place use cases: places created on this node (hubs, warehouses, distribution points), reads and lists
 * of all places, and status reports (open, damaged, closed) as operational records of their own.
 */
import {
  checkPlace,
  type Place,
  type PlaceFields,
  type PlaceStatusValue,
  samePlaceFields,
} from '../domain/places/place.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import { PUBLIC, type Share } from '../domain/records/share.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'
import type { Page, PlaceFilter, Viewer } from './ports.js'
import { refuseReplica } from './replicas.js'

export interface PlaceDraft extends PlaceFields {
  readonly id?: string | undefined
  readonly share: Share
}

export async function createPlace(
  ctx: AppContext,
  actor: Actor,
  draft: PlaceDraft,
): Promise<{ result: 'created' | 'exists'; place: Place }> {
  const problems = checkPlace(draft)
  if (problems.length > 0) refuseProblems('invalid_request', 'place refused', problems)
  return ctx.store.transact(async (tx) => {
    const id = draft.id ?? ctx.ids.newId()
    const existing = await tx.getPlace(id, null)
    const { id: _ignored, share, ...fields } = draft
    if (existing) {
      if (samePlaceFields(existing, fields) && existing.org === actor.org)
        return { result: 'exists' as const, place: existing }
      throw new Refusal(
        'exists_with_different_fields',
        `a place with id ${id} already exists with different fields`,
        { id },
      )
    }
    const [sameCode] = await tx.getPlacesByCodes([draft.code])
    if (sameCode)
      throw new Refusal('duplicate_code', `code: place code "${draft.code}" is already used`, [
        { field: 'code', message: 'already used' },
      ])
    const now = ctx.clock.now().toISOString()
    const place: Place = {
      ...fields,
      id,
      home: ctx.node.id,
      org: actor.org,
      share,
      createdAt: now,
      updatedAt: now,
      version: 1,
      status: null,
    }
    await tx.insertPlaces([place])
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'place.created', subject: id, body: withoutStatus(place), share },
    ])
    return { result: 'created' as const, place }
  })
}

export interface PlaceChanges extends Partial<PlaceFields> {
  readonly version: number
  readonly share?: Share | undefined
}

export async function updatePlace(
  ctx: AppContext,
  actor: Actor,
  id: string,
  changes: PlaceChanges,
  viewer: Viewer,
): Promise<Place> {
  return ctx.store.transact(async (tx) => {
    const existing = await tx.getPlace(id, viewer)
    if (!existing) throw new Refusal('not_found', `no place ${id}`)
    if (existing.home === PUBLIC) {
      throw new Refusal(
        'reference_record',
        `place ${existing.code} is reference data from a public dataset, the same on every node; report its status instead, or re-import the dataset`,
      )
    }
    await refuseReplica(ctx, existing, `place ${existing.code}`, tx)
    if (existing.org !== actor.org)
      throw new Refusal(
        'forbidden',
        `place ${existing.code} is run by another organisation; only it may change the place`,
      )
    if (existing.version !== changes.version) {
      throw new Refusal(
        'version_conflict',
        `place ${existing.code} is at version ${existing.version}, not ${changes.version}: reload it and apply your change again`,
        { version: existing.version },
      )
    }
    const { version: _v, ...fields } = changes
    const defined = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    )
    const next: Place = {
      ...existing,
      ...defined,
      id,
      updatedAt: ctx.clock.now().toISOString(),
      version: existing.version + 1,
    }
    const problems = checkPlace(next)
    if (problems.length > 0) refuseProblems('invalid_request', 'place refused', problems)
    if (next.code !== existing.code && (await tx.getPlacesByCodes([next.code])).length > 0) {
      throw new Refusal('duplicate_code', `code: place code "${next.code}" is already used`, [
        { field: 'code', message: 'already used' },
      ])
    }
    if (!(await tx.updatePlace(next, existing.version)))
      throw new Refusal('version_conflict', `place ${existing.code} changed meanwhile: reload it`)
    await tx.appendEvents(next.updatedAt, actorLabel(actor), [
      { kind: 'place.updated', subject: id, body: withoutStatus(next), share: next.share },
    ])
    return next
  })
}

/** Records that a place is open, damaged or closed, as reported by this node on behalf of the actor. */
export async function reportPlaceStatus(
  ctx: AppContext,
  actor: Actor,
  placeId: string,
  report: { status: PlaceStatusValue; note?: string | undefined },
  viewer: Viewer,
): Promise<Place> {
  return ctx.store.transact(async (tx) => {
    const place = await tx.getPlace(placeId, viewer)
    if (!place) throw new Refusal('not_found', `no place ${placeId}`)
    // A place another node created is that node's to report on; a public place anyone's.
    await refuseReplica(ctx, place, `place ${place.code}`, tx)
    const id = ctx.ids.newId()
    const reportedAt = ctx.clock.now().toISOString()
    const status = {
      id,
      placeId,
      status: report.status,
      note: report.note ?? null,
      reportedAt,
      home: ctx.node.id,
      org: actor.org,
      // A report about a place is released as the place is: it must not reveal a hidden place.
      share: place.share,
    }
    await tx.insertPlaceStatus(status)
    await tx.appendEvents(reportedAt, actorLabel(actor), [
      { kind: 'place.status_reported', subject: id, body: status, share: place.share },
    ])
    return {
      ...place,
      status: { status: report.status, note: status.note, reportedAt, home: ctx.node.id },
    }
  })
}

export async function getPlace(ctx: AppContext, id: string, viewer: Viewer): Promise<Place> {
  const place = await ctx.store.getPlace(id, viewer)
  if (!place) throw new Refusal('not_found', `no place ${id}`)
  return place
}

export function listPlaces(
  ctx: AppContext,
  filter: PlaceFilter,
  viewer: Viewer,
): Promise<Page<Place>> {
  return ctx.store.listPlaces(filter, viewer)
}

function withoutStatus(place: Place): Omit<Place, 'status'> {
  const { status: _status, ...rest } = place
  return rest
}
