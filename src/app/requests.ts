/**
 * @module app/requests
 * Requests for assistance: drafted and submitted by requesters, validated or rejected by the hub's
 * planners, cancelled before delivery, closed after it; capability lines tasked to partners. Item lines'
 * planned, dispatched and delivered quantities are moved only by plans and consignments (recordProgress),
 * never by hand. The requester's contact is personal data, kept apart from the event log.
 */
import { createHash, randomInt } from 'node:crypto'
import { canonicalJson } from '../domain/events/chain.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import { isReleasableTo, type Share } from '../domain/records/share.js'
import {
  type Capability,
  type CapabilityAction,
  type CapabilityLine,
  capabilityTransition,
  DUPLICATE_THRESHOLD,
  type ItemLine,
  overlap,
  type Priority,
  possibleDuplicateWarning,
  type Request,
  type RequestAction,
  type RequestWarning,
  transition,
} from '../domain/requests/request.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { Page, RequestFilter, Viewer } from './ports.js'
import { refuseReplica } from './replicas.js'

export interface NewItemLine {
  readonly kind: 'item'
  readonly item: string
  readonly quantity: number
  readonly priority: Priority
  readonly neededBy?: string | null | undefined
}

export interface NewCapabilityLine {
  readonly kind: 'capability'
  readonly capability: Capability
  readonly description: string
  readonly quantity?: number | null | undefined
  readonly unit?: string | null | undefined
  readonly priority: Priority
  readonly neededBy?: string | null | undefined
}

export interface NewRequest {
  readonly id?: string | undefined
  readonly operation?: string | null | undefined
  readonly destination: string
  readonly neededBy: string
  readonly justification?: string | null | undefined
  readonly contact?: { name: string; phone?: string | null | undefined } | null | undefined
  readonly share?: Share | undefined
  readonly lines: readonly (NewItemLine | NewCapabilityLine)[]
}

// Short and unambiguous to read out over a radio: no 0/O, 1/I/L.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export function newTrackingCode(): string {
  return `RQ-${Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`
}

const label = (actor: Actor) => actorLabel(actor)
const pastTense: Record<RequestAction, string> = {
  submit: 'submitted',
  validate: 'validated',
  reject: 'rejected',
  cancel: 'cancelled',
  close: 'closed',
}

export async function createRequest(
  ctx: AppContext,
  actor: Actor,
  input: NewRequest,
): Promise<{ result: 'created' | 'exists'; request: Request }> {
  const now = ctx.clock.now()
  const viewer = { org: actor.org }
  if (Date.parse(input.neededBy) <= now.getTime())
    throw new Refusal(
      'invalid_request',
      `neededBy: ${input.neededBy} is not after now (${now.toISOString()})`,
      [{ field: 'neededBy', message: 'must be in the future' }],
    )
  input.lines.forEach((line, index) => {
    if (line.neededBy && Date.parse(line.neededBy) <= now.getTime())
      throw new Refusal('invalid_request', `lines[${index}].neededBy: must be in the future`, [
        { field: `lines[${index}].neededBy`, message: 'must be in the future' },
      ])
  })
  const place = await ctx.store.getPlace(input.destination, viewer)
  if (!place)
    throw new Refusal('unknown_reference', `destination: no place ${input.destination}`, [
      { field: 'destination', message: 'unknown place' },
    ])
  if (input.operation && !(await ctx.store.getOperation(input.operation, viewer)))
    throw new Refusal('unknown_reference', `operation: no operation ${input.operation}`, [
      { field: 'operation', message: 'unknown operation' },
    ])
  for (const [index, line] of input.lines.entries()) {
    if (line.kind === 'item' && !(await ctx.store.getItem(line.item, viewer)))
      throw new Refusal('unknown_reference', `lines[${index}].item: no item ${line.item}`, [
        { field: `lines[${index}].item`, message: 'unknown item' },
      ])
  }
  return ctx.store.transact(async (tx) => {
    const id = input.id ?? ctx.ids.newId()
    const existing = await tx.getRequest(id, null)
    if (existing) {
      if (
        existing.org === actor.org &&
        existing.destination === input.destination &&
        existing.lines.length === input.lines.length
      )
        return { result: 'exists' as const, request: existing }
      throw new Refusal(
        'exists_with_different_fields',
        `a request with id ${id} already exists with different fields`,
        { id },
      )
    }
    const at = now.toISOString()
    let contactId: string | null = null
    let contactHash: string | null = null
    if (input.contact) {
      contactId = ctx.ids.newId()
      contactHash = createHash('sha256').update(canonicalJson(input.contact)).digest('hex')
      await tx.insertPersonalData({
        id: contactId,
        org: actor.org,
        body: input.contact,
        hash: contactHash,
        createdAt: at,
      })
    }
    const lines = input.lines.map((line): ItemLine | CapabilityLine =>
      line.kind === 'item'
        ? {
            id: ctx.ids.newId(),
            kind: 'item',
            item: line.item,
            quantity: line.quantity,
            priority: line.priority,
            neededBy: line.neededBy ?? null,
            quantityPlanned: 0,
            quantityDispatched: 0,
            quantityDelivered: 0,
          }
        : {
            id: ctx.ids.newId(),
            kind: 'capability',
            capability: line.capability,
            description: line.description,
            quantity: line.quantity ?? null,
            unit: line.unit ?? null,
            priority: line.priority,
            neededBy: line.neededBy ?? null,
            status: null,
            taskedTo: null,
          },
    )
    const request: Request = {
      id,
      home: ctx.node.id,
      org: actor.org,
      share: input.share ?? 'all',
      createdAt: at,
      updatedAt: at,
      version: 1,
      code: newTrackingCode(),
      operation: input.operation ?? null,
      destination: input.destination,
      // Stored in UTC so that sorting by text is sorting by time, whatever offset the client sent.
      neededBy: new Date(input.neededBy).toISOString(),
      justification: input.justification ?? null,
      status: 'draft',
      rejectionReason: null,
      lines,
      possibleDuplicates: [],
    }
    await tx.insertRequest(request, contactId)
    await tx.appendEvents(at, label(actor), [
      {
        kind: 'request.created',
        subject: id,
        body: { ...request, contact: contactId ? { ref: contactId, hash: contactHash } : null },
        share: request.share,
      },
    ])
    return { result: 'created' as const, request }
  })
}

/** Submit, validate, reject, cancel or close; refused with the allowed actions named. */
export async function actOnRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: RequestAction,
  options: { reason?: string | undefined; version?: number | undefined } = {},
): Promise<{ request: Request; warnings: RequestWarning[] }> {
  return ctx.store.transact(async (tx) => {
    const request = await tx.getRequest(id, { org: actor.org })
    if (!request) throw new Refusal('not_found', `no request ${id}`)
    await refuseReplica(ctx, request, `request ${request.code}`, tx)
    // Drafting, submitting and cancelling are the requesting organisation's; reviewing is the hub's
    // (the route checks the same through `may`; this holds for any other caller of the use case).
    if ((action === 'submit' || action === 'cancel') && request.org !== actor.org)
      throw new Refusal(
        'forbidden',
        `request ${request.code} belongs to another organisation; only it may ${action} it`,
      )
    if (action !== 'submit' && action !== 'cancel' && actor.org !== ctx.node.org)
      throw new Refusal(
        'forbidden',
        `to ${action} a request is the hub's decision: only planners and admins of the organisation that runs this node may`,
      )
    if (options.version !== undefined && options.version !== request.version)
      throw new Refusal(
        'version_conflict',
        `request ${request.code} is at version ${request.version}, not ${options.version}: reload it`,
        { version: request.version },
      )
    const result = transition(request, action)
    if (!result.ok)
      throw new Refusal(
        'invalid_transition',
        `cannot ${action} a request that is ${request.status}; allowed: ${result.allowed.join(', ') || 'none'}`,
        { status: request.status, allowed: result.allowed },
      )
    if (action === 'reject' && !options.reason?.trim())
      throw new Refusal('invalid_request', 'reason: say why the request is rejected', [
        { field: 'reason', message: 'required' },
      ])
    let warnings: RequestWarning[] = []
    let possibleDuplicates = request.possibleDuplicates
    if (action === 'submit') {
      const repeated = (await tx.listOpenRequestsAt(request.destination)).filter(
        (other) => other.id !== request.id && overlap(request, other) >= DUPLICATE_THRESHOLD,
      )
      possibleDuplicates = repeated.map((other) => other.id)
      warnings = repeated.map(possibleDuplicateWarning)
    }
    const at = ctx.clock.now().toISOString()
    const lines =
      action === 'validate'
        ? request.lines.map((line) =>
            line.kind === 'capability' ? { ...line, status: 'validated' as const } : line,
          )
        : request.lines
    const next: Request = {
      ...request,
      lines,
      status: result.status,
      rejectionReason: action === 'reject' ? (options.reason ?? null) : request.rejectionReason,
      possibleDuplicates,
      updatedAt: at,
      version: request.version + 1,
    }
    if (!(await tx.updateRequest(next, request.version)))
      throw new Refusal('version_conflict', `request ${request.code} changed meanwhile: reload it`)
    await tx.appendEvents(at, label(actor), [
      {
        kind: `request.${pastTense[action]}`,
        subject: id,
        body: { status: next.status, reason: next.rejectionReason, possibleDuplicates },
        share: next.share,
      },
    ])
    return { request: next, warnings }
  })
}

/** Task a capability line to a partner, or (as that partner) accept, decline, start or complete it. */
export async function actOnCapability(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  lineId: string,
  action: CapabilityAction,
  options: { partner?: string | undefined } = {},
): Promise<Request> {
  return ctx.store.transact(async (tx) => {
    const request = await tx.getRequest(requestId, { org: actor.org })
    if (!request) throw new Refusal('not_found', `no request ${requestId}`)
    await refuseReplica(ctx, request, `request ${request.code}`, tx)
    const line = request.lines.find((l) => l.id === lineId)
    if (!line) throw new Refusal('not_found', `request ${request.code} has no line ${lineId}`)
    // Who before what: a caller who may not act on the line learns nothing of its state.
    if (action === 'task' && actor.org !== ctx.node.org)
      throw new Refusal(
        'forbidden',
        "tasking a capability to a partner is the hub's decision: only planners and admins of the organisation that runs this node may",
      )
    if (action !== 'task' && (line.kind !== 'capability' || line.taskedTo !== actor.org))
      throw new Refusal(
        'forbidden',
        `only the organisation tasked with this line may ${action} it${line.kind === 'capability' && line.taskedTo === null ? ' (it is tasked to nobody yet)' : ''}`,
      )
    if (line.kind !== 'capability')
      throw new Refusal(
        'invalid_transition',
        `line ${lineId} asks for items, which are planned from stock, not tasked; allowed: none`,
        { allowed: [] },
      )
    const result = capabilityTransition(line, action, request.status)
    if (!result.ok)
      throw new Refusal(
        'invalid_transition',
        `cannot ${action} a capability line that is ${line.status ?? 'not validated yet'} on a request that is ${request.status}; allowed: ${result.allowed.join(', ') || 'none'}`,
        { status: line.status, requestStatus: request.status, allowed: result.allowed },
      )
    let taskedTo = line.taskedTo
    if (action === 'task') {
      if (!options.partner)
        throw new Refusal('invalid_request', 'partner: name the organisation tasked', [
          { field: 'partner', message: 'required' },
        ])
      if (!(await tx.getOrganisation(options.partner)))
        throw new Refusal('unknown_reference', `partner: no organisation ${options.partner}`, [
          { field: 'partner', message: 'unknown organisation' },
        ])
      // The partner must be able to read the request to answer its tasking.
      if (!isReleasableTo(request, options.partner))
        throw new Refusal(
          'invalid_request',
          `partner: request ${request.code} is not shared with that organisation, which could not see the tasking`,
          [{ field: 'partner', message: 'the request is not shared with this organisation' }],
        )
      taskedTo = options.partner
    }
    const at = ctx.clock.now().toISOString()
    const lines = request.lines.map((l) =>
      l.id === lineId ? { ...line, status: result.status, taskedTo } : l,
    )
    const next: Request = { ...request, lines, updatedAt: at, version: request.version + 1 }
    if (!(await tx.updateRequest(next, request.version)))
      throw new Refusal('version_conflict', `request ${request.code} changed meanwhile: reload it`)
    await tx.appendEvents(at, label(actor), [
      {
        kind: `request.capability_${action === 'task' ? 'tasked' : action === 'start' ? 'started' : `${action}${action.endsWith('e') ? 'd' : 'ed'}`}`,
        subject: requestId,
        body: { line: lineId, status: result.status, taskedTo },
        share: next.share,
      },
    ])
    return next
  })
}

export async function getRequest(ctx: AppContext, id: string, viewer: Viewer): Promise<Request> {
  const request = await ctx.store.getRequest(id, viewer)
  if (!request) throw new Refusal('not_found', `no request ${id}`)
  return request
}

export function listRequests(
  ctx: AppContext,
  filter: RequestFilter,
  viewer: Viewer,
): Promise<Page<Request>> {
  return ctx.store.listRequests(filter, viewer)
}

/** What anyone holding a tracking code may see: status and dates, nothing else. */
export async function trackRequest(ctx: AppContext, code: string) {
  const request = await ctx.store.getRequestByCode(code.trim().toUpperCase())
  if (!request || request.status === 'draft')
    throw new Refusal('not_found', `no request with tracking code ${code}`)
  return {
    code: request.code,
    status: request.status,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    neededBy: request.neededBy,
  }
}
