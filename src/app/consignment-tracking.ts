/**
 * @module app/consignment-tracking
 * A position or a delay reported for a consignment on its way: one tracking event row, the
 * consignment's ETA moved to what its latest estimate says, and the audit event, in one transaction.
 * Reported by the organisations of the origin or the destination (a driver, a hub, the receiving
 * end), as arrivals are. Departure and arrival are written by dispatch and arrive (consignments.ts).
 */
import { mayHandleStockAt } from '../domain/access/permissions.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { Consignment } from '../domain/transport/consignment.js'
import {
  checkTrackingReport,
  inTimeOrder,
  latestEta,
  type ReportedTrackingKind,
  type TrackingEvent,
  type TrackingReport,
} from '../domain/transport/tracking.js'
import { bypassesOrgChecks, ownConsignment, placeOrgs } from './consignments.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'

export interface NewTrackingEvent {
  readonly kind: ReportedTrackingKind
  /** When it happened; default now. */
  readonly at?: string | undefined
  readonly lat?: number | null | undefined
  readonly lon?: number | null | undefined
  readonly eta?: string | null | undefined
  readonly note?: string | null | undefined
}

/** UTC with milliseconds, so that times sort as text the way they do in time; bad text stays as is. */
const utc = (value: string) =>
  Number.isNaN(Date.parse(value)) ? value : new Date(value).toISOString()

export async function trackConsignment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: NewTrackingEvent,
): Promise<Consignment> {
  const consignment = await ownConsignment(ctx, actor, id)
  const orgs = await placeOrgs(ctx, [consignment.origin, consignment.destination], actor)
  const ends = [orgs.get(consignment.origin), orgs.get(consignment.destination)]
  if (
    !bypassesOrgChecks(actor) &&
    !ends.some((org) => org !== undefined && mayHandleStockAt(actor, org, ctx.node.org))
  )
    throw new Refusal(
      'forbidden',
      'tracking events are recorded by the organisations that run the origin or the destination',
    )
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    // Read again inside the transaction: the status decides, and a dispatch may have just landed.
    const current = (await tx.getConsignment(id, null)) ?? consignment
    const note = input.note?.trim() || null
    const report: TrackingReport = {
      kind: input.kind,
      at: input.at === undefined ? now : utc(input.at),
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      eta: input.eta == null ? null : utc(input.eta),
      note,
    }
    const check = checkTrackingReport(current, report, now)
    if (!check.ok) {
      if (check.result === 'not_on_its_way')
        throw new Refusal('invalid_transition', check.reason, {
          status: current.status,
          allowed: check.allowed,
        })
      throw new Refusal('tracking_refused', `${check.field}: ${check.reason}`, [
        { field: check.field, message: check.reason },
      ])
    }
    const event: TrackingEvent = { id: ctx.ids.newId(), ...report, actor: actorLabel(actor) }
    const tracking = inTimeOrder([...current.tracking, event])
    const next: Consignment = {
      ...current,
      tracking,
      eta: latestEta(tracking),
      updatedAt: now,
      version: current.version + 1,
    }
    if (!(await tx.saveConsignment(next, current.version)))
      throw new Refusal('version_conflict', `consignment ${id} changed meanwhile: try again`)
    await tx.insertTrackingEvent(id, event, now)
    await tx.appendEvents(now, actorLabel(actor), [
      {
        kind: 'consignment.tracked',
        subject: id,
        body: { tracking: event, eta: next.eta, version: next.version },
        share: next.share,
      },
    ])
    return next
  })
}
