/**
 * @module domain/requests/request
 * Requests for assistance and their life (DESIGN.md, "Operations, requests and needs"): the request's
 * own transitions, item lines whose planned, dispatched and delivered quantities are driven by plans and
 * consignments, capability lines tasked to partners, and a request status that follows its lines.
 * Pure: times are passed in.
 */
import type { RecordEnvelope } from '../records/record.js'

export const priorities = ['life-saving', 'life-sustaining', 'other'] as const
export type Priority = (typeof priorities)[number]

export const requestStatuses = [
  'draft',
  'submitted',
  'validated',
  'rejected',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
  'delivered',
  'closed',
  'cancelled',
] as const
export type RequestStatus = (typeof requestStatuses)[number]

export const requestActions = ['submit', 'validate', 'reject', 'cancel', 'close'] as const
export type RequestAction = (typeof requestActions)[number]

export const capabilities = [
  'airlift',
  'sea-lift',
  'road-transport',
  'helicopter-evacuation',
  'medical-team',
  'water-purification',
  'engineering',
  'logistics-support',
  'communications',
  'other',
] as const
export type Capability = (typeof capabilities)[number]

export const capabilityStatuses = [
  'validated',
  'tasked',
  'accepted',
  'declined',
  'in-progress',
  'completed',
] as const
export type CapabilityStatus = (typeof capabilityStatuses)[number]
export const capabilityActions = ['task', 'accept', 'decline', 'start', 'complete'] as const
export type CapabilityAction = (typeof capabilityActions)[number]

export interface ItemLine {
  readonly id: string
  readonly kind: 'item'
  readonly item: string
  readonly quantity: number
  readonly priority: Priority
  readonly neededBy: string | null
  readonly quantityPlanned: number
  readonly quantityDispatched: number
  readonly quantityDelivered: number
}

export interface CapabilityLine {
  readonly id: string
  readonly kind: 'capability'
  readonly capability: Capability
  readonly description: string
  readonly quantity: number | null
  readonly unit: string | null
  readonly priority: Priority
  readonly neededBy: string | null
  readonly status: CapabilityStatus | null
  /** The partner organisation tasked with it. */
  readonly taskedTo: string | null
}

export type RequestLine = ItemLine | CapabilityLine

export interface Request extends RecordEnvelope {
  readonly code: string
  readonly operation: string | null
  readonly destination: string
  readonly neededBy: string
  readonly justification: string | null
  readonly status: RequestStatus
  readonly rejectionReason: string | null
  readonly lines: RequestLine[]
  /** Open requests this one largely repeats, noted when it was submitted. */
  readonly possibleDuplicates: string[]
}

/** Statuses a request reaches by its lines' progress, after validation. */
const inProgress: readonly RequestStatus[] = [
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

/** Which actions a request in `status` allows. Cancel is possible until anything is delivered. */
export function allowedActions(status: RequestStatus): RequestAction[] {
  switch (status) {
    case 'draft':
      return ['submit', 'cancel']
    case 'submitted':
      return ['validate', 'reject', 'cancel']
    case 'delivered':
      return ['close']
    default:
      return inProgress.includes(status) && status !== 'partially-delivered' ? ['cancel'] : []
  }
}

export type TransitionResult =
  | { ok: true; status: RequestStatus }
  | { ok: false; allowed: RequestAction[] }

export function transition(
  request: Pick<Request, 'status' | 'lines'>,
  action: RequestAction,
): TransitionResult {
  const allowed = allowedActions(request.status)
  if (!allowed.includes(action)) return { ok: false, allowed }
  switch (action) {
    case 'submit':
      return { ok: true, status: 'submitted' }
    case 'validate':
      return { ok: true, status: deriveStatus({ ...request, status: 'validated' }) }
    case 'reject':
      return { ok: true, status: 'rejected' }
    case 'cancel':
      return { ok: true, status: 'cancelled' }
    case 'close':
      return { ok: true, status: 'closed' }
  }
}

/** After validation, the request's status follows its item lines' progress. */
export function deriveStatus(request: Pick<Request, 'status' | 'lines'>): RequestStatus {
  if (!inProgress.includes(request.status) && request.status !== 'delivered') return request.status
  const items = request.lines.filter((line): line is ItemLine => line.kind === 'item')
  if (items.length === 0) return request.status === 'delivered' ? 'delivered' : 'validated'
  const all = (f: (line: ItemLine) => number) => items.every((line) => f(line) >= line.quantity)
  const any = (f: (line: ItemLine) => number) => items.some((line) => f(line) > 0)
  if (all((l) => l.quantityDelivered)) return 'delivered'
  if (any((l) => l.quantityDelivered)) return 'partially-delivered'
  if (all((l) => l.quantityDispatched)) return 'dispatched'
  if (any((l) => l.quantityDispatched)) return 'partially-dispatched'
  if (all((l) => l.quantityPlanned)) return 'planned'
  if (any((l) => l.quantityPlanned)) return 'partially-planned'
  return 'validated'
}

export type ProgressResult = { ok: true; line: ItemLine } | { ok: false; reason: string }

/**
 * Moves an item line's counters (driven by plans and consignments, never by hand): each stage never
 * exceeds the one before it, planned never exceeds the quantity asked, and none goes below zero.
 */
export function recordProgress(
  line: ItemLine,
  change: { planned?: number; dispatched?: number; delivered?: number },
): ProgressResult {
  const next: ItemLine = {
    ...line,
    quantityPlanned: line.quantityPlanned + (change.planned ?? 0),
    quantityDispatched: line.quantityDispatched + (change.dispatched ?? 0),
    quantityDelivered: line.quantityDelivered + (change.delivered ?? 0),
  }
  if (
    [next.quantityPlanned, next.quantityDispatched, next.quantityDelivered].some(
      (n) => !Number.isSafeInteger(n) || n < 0,
    )
  )
    return { ok: false, reason: 'quantities cannot go below zero' }
  if (next.quantityPlanned > next.quantity)
    return {
      ok: false,
      reason: `planned ${next.quantityPlanned} exceeds the ${next.quantity} requested`,
    }
  if (next.quantityDispatched > next.quantityPlanned)
    return {
      ok: false,
      reason: `dispatched ${next.quantityDispatched} exceeds planned ${next.quantityPlanned}`,
    }
  if (next.quantityDelivered > next.quantityDispatched)
    return {
      ok: false,
      reason: `delivered ${next.quantityDelivered} exceeds dispatched ${next.quantityDispatched}`,
    }
  return { ok: true, line: next }
}

export type RequestProgressResult =
  | { ok: true; status: RequestStatus; lines: RequestLine[] }
  | { ok: false; reason: string; allowed: RequestAction[] }

/**
 * Moves one item line of a request (as a plan or consignment will) and derives the request's status.
 * Only a validated request in progress has anything planned, dispatched or delivered: delivering to a
 * draft is refused with the actions its status allows named.
 */
export function recordRequestProgress(
  request: Pick<Request, 'status' | 'lines'>,
  lineId: string,
  change: { planned?: number; dispatched?: number; delivered?: number },
): RequestProgressResult {
  const allowed = allowedActions(request.status)
  const named = `allowed: ${allowed.join(', ') || 'none'}`
  if (!inProgress.includes(request.status))
    return {
      ok: false,
      reason: `a request that is ${request.status} has nothing planned, dispatched or delivered; ${named}`,
      allowed,
    }
  const line = request.lines.find((l) => l.id === lineId)
  if (line?.kind !== 'item')
    return {
      ok: false,
      reason: line
        ? `line ${lineId} asks for a capability, which is tasked, not planned from stock`
        : `the request has no line ${lineId}`,
      allowed,
    }
  const moved = recordProgress(line, change)
  if (!moved.ok) return { ok: false, reason: moved.reason, allowed }
  const lines = request.lines.map((l) => (l.id === lineId ? moved.line : l))
  return { ok: true, lines, status: deriveStatus({ status: request.status, lines }) }
}

const capabilityTransitions: Record<
  CapabilityStatus,
  Partial<Record<CapabilityAction, CapabilityStatus>>
> = {
  validated: { task: 'tasked' },
  tasked: { accept: 'accepted', decline: 'declined', task: 'tasked' },
  declined: { task: 'tasked' },
  accepted: { start: 'in-progress' },
  'in-progress': { complete: 'completed' },
  completed: {},
}

/** Requests that are over: their capability lines are no longer tasked, accepted or started. */
const settledStatuses: readonly RequestStatus[] = ['cancelled', 'closed', 'rejected']
/** What a partner may still report on a settled request: turning a tasking down, or work finished. */
const windingDown: readonly CapabilityAction[] = ['decline', 'complete']

/** Which actions a capability line allows, given its own status and its request's (if known). */
export function allowedCapabilityActions(
  status: CapabilityStatus | null,
  requestStatus?: RequestStatus,
): CapabilityAction[] {
  if (status === null) return []
  const actions = Object.keys(capabilityTransitions[status]) as CapabilityAction[]
  return requestStatus !== undefined && settledStatuses.includes(requestStatus)
    ? actions.filter((action) => windingDown.includes(action))
    : actions
}

export function capabilityTransition(
  line: CapabilityLine,
  action: CapabilityAction,
  requestStatus?: RequestStatus,
): { ok: true; status: CapabilityStatus } | { ok: false; allowed: CapabilityAction[] } {
  const allowed = allowedCapabilityActions(line.status, requestStatus)
  const next = line.status === null ? undefined : capabilityTransitions[line.status][action]
  if (!next || !allowed.includes(action)) return { ok: false, allowed }
  return { ok: true, status: next }
}

/**
 * How much a new request repeats an open one for the same place: the share of its items also asked for
 * there. Half or more is worth a warning and a link.
 */
export function overlap(
  candidate: Pick<Request, 'destination' | 'lines'>,
  open: Pick<Request, 'destination' | 'lines'>,
): number {
  if (candidate.destination !== open.destination) return 0
  const keyOf = (line: RequestLine) =>
    line.kind === 'item' ? `item:${line.item}` : `capability:${line.capability}`
  const mine = new Set(candidate.lines.map(keyOf))
  if (mine.size === 0) return 0
  const theirs = new Set(open.lines.map(keyOf))
  return [...mine].filter((key) => theirs.has(key)).length / mine.size
}

export const DUPLICATE_THRESHOLD = 0.5

/**
 * What submitting a request warns of: a stable code for programs, an English message for people, and
 * the fields the code names. One kind so far.
 */
export interface PossibleDuplicateWarning {
  readonly code: 'possible_duplicate'
  readonly message: string
  /** The open request this one largely repeats: its id and tracking code. */
  readonly request: string
  readonly requestCode: string
}
export type RequestWarning = PossibleDuplicateWarning

export function possibleDuplicateWarning(
  other: Pick<Request, 'id' | 'code'>,
): PossibleDuplicateWarning {
  return {
    code: 'possible_duplicate',
    message: `largely repeats open request ${other.code} for the same place`,
    request: other.id,
    requestCode: other.code,
  }
}

/**
 * The part of a board search that may be a piece of a tracking code: its letters and digits, upper case,
 * without the dash (so "rq-7k", "RQ7K" and "ｒｑ－７ｋ" all look for RQ7K in the code without its dash).
 * Under 3 of them would match too many codes by chance (a code is 8 of 31 characters), so none.
 */
export function trackingCodeFragment(q: string): string | null {
  const fragment = q
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
  return fragment.length >= 3 ? fragment : null
}
