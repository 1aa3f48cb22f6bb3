/**
 * @module web/requests/request-model
 * Requests for assistance as the web app reads them (types from src/contract/requests.ts), which actions
 * a request's status allows and who may take them, item-line progress, and a refusal's allowed actions.
 * The transitions mirror domain/requests/request.ts so the screens offer only what the server would
 * accept; when they disagree, the server's refusal (409 `invalid_transition` with `details.allowed`)
 * wins and is shown.
 */
import type { SessionView } from '@contract/access.js'
import {
  type capabilities,
  type capabilityActions,
  type capabilityStatuses,
  priorities,
  type RequestView,
  type RequestWarningView,
  type requestActions,
  requestStatuses,
} from '@contract/requests.js'
import type { ApiError } from '../api.js'

export type { RequestView }
export type RequestStatus = (typeof requestStatuses)[number]
export type RequestAction = (typeof requestActions)[number]
export type Priority = (typeof priorities)[number]
export type Capability = (typeof capabilities)[number]
export type CapabilityStatus = (typeof capabilityStatuses)[number]
export type CapabilityAction = (typeof capabilityActions)[number]
export type RequestLine = RequestView['lines'][number]
export type ItemLine = Extract<RequestLine, { kind: 'item' }>
export type CapabilityLine = Extract<RequestLine, { kind: 'capability' }>

export interface RequestList {
  requests: RequestView[]
  total: number
  limit: number
  offset: number
}

export interface ActionResult {
  request: RequestView
  warnings: RequestWarningView[]
}

/** What the public tracking page may know: status and dates. */
export interface Tracking {
  code: string
  status: RequestStatus
  createdAt: string
  updatedAt: string
  neededBy: string
}

export const requestSorts = [
  'neededBy',
  '-neededBy',
  'createdAt',
  '-createdAt',
  'priority',
] as const
export type RequestSort = (typeof requestSorts)[number]

export function isRequestStatus(value: string): value is RequestStatus {
  return (requestStatuses as readonly string[]).includes(value)
}

export function isPriority(value: string): value is Priority {
  return (priorities as readonly string[]).includes(value)
}

/** Statuses after validation that follow the item lines' progress. */
const inProgress: readonly RequestStatus[] = [
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

/** The actions a status allows (as domain/requests/request.ts allowedActions). */
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

const capabilityTransitions: Record<CapabilityStatus, readonly CapabilityAction[]> = {
  validated: ['task'],
  tasked: ['accept', 'decline', 'task'],
  declined: ['task'],
  accepted: ['start'],
  'in-progress': ['complete'],
  completed: [],
}

export function allowedCapabilityActions(status: CapabilityStatus | null): CapabilityAction[] {
  return status === null ? [] : [...capabilityTransitions[status]]
}

/** Finished one way or another: nothing more will happen to it. */
export function isFinished(status: RequestStatus): boolean {
  return ['delivered', 'closed', 'cancelled', 'rejected'].includes(status)
}

const has = (session: SessionView, ...roles: string[]) =>
  session.user.roles.some((role) => roles.includes(role))

/** May draft a request (for their own organisation). */
export function canDraftRequests(session: SessionView): boolean {
  return has(session, 'requester', 'admin')
}

/** May the signed-in user take this action on this request (roles and organisation)? */
export function mayAct(session: SessionView, request: RequestView, action: RequestAction): boolean {
  if (action === 'submit' || action === 'cancel')
    return has(session, 'requester', 'admin') && request.org === session.org.id
  // Validating, rejecting and closing are the hub's decisions: its own planners and admins.
  return has(session, 'planner', 'admin') && session.org.id === session.node.org
}

/** Tasking is the planners'; the other answers are the tasked partner's people's. */
export function mayActOnCapability(
  session: SessionView,
  line: CapabilityLine,
  action: CapabilityAction,
): boolean {
  if (action === 'task')
    return has(session, 'planner', 'admin') && session.org.id === session.node.org
  return line.taskedTo === session.org.id && has(session, 'admin', 'planner', 'logistician')
}

/** The actions named in a refusal's `details.allowed` (409 invalid_transition), if it is one. */
export function allowedOf(error: ApiError | undefined): string[] | undefined {
  if (error?.code !== 'invalid_transition') return undefined
  const allowed = (error.details as { allowed?: unknown } | undefined)?.allowed
  return Array.isArray(allowed) ? allowed.filter((each) => typeof each === 'string') : []
}

/** The status named in a refusal's details, if any. */
export function refusedStatusOf(error: ApiError | undefined): string | undefined {
  const status = (error?.details as { status?: unknown } | undefined)?.status
  return typeof status === 'string' ? status : undefined
}

/** The most urgent priority among a request's lines. */
export function topPriority(request: RequestView): Priority {
  let best = priorities.length - 1
  for (const line of request.lines) best = Math.min(best, priorities.indexOf(line.priority))
  return priorities[best] ?? 'other'
}

export function itemLines(request: RequestView): ItemLine[] {
  return request.lines.filter((line): line is ItemLine => line.kind === 'item')
}

export function capabilityLines(request: RequestView): CapabilityLine[] {
  return request.lines.filter((line): line is CapabilityLine => line.kind === 'capability')
}

/** A new record id: crypto.randomUUID where the page is a secure context, else a v4 UUID made by hand. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // A hub's LAN address over plain http is not a secure context: randomUUID is missing there.
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
