/**
 * @module web/consignments/consignment-rules
 * Pure rules of the consignment screens, importing nothing of the app's contract or API client (so
 * the unit tests run them in Node): the actions a status allows (mirroring domain/transport/consignment.ts, so the screens
 * offer only what the server would accept; its refusal wins when they disagree), a short reference to
 * show, a whole quantity as typed, and the field errors of a refusal by the field they name.
 */
import { normaliseWhole } from '../common/whole-number.js'

/** The contract's statuses; a status added there and not here fails the web app's type check. */
type ConsignmentStatus = 'planned' | 'loading' | 'dispatched' | 'arrived' | 'received' | 'cancelled'

/** What of an ApiError the field errors are read from. */
interface Refusal {
  readonly message: string
  readonly details: unknown
}

/** What the detail screen offers: the four actions of the API, and the receipt screen. */
export type ConsignmentStep = 'load' | 'dispatch' | 'arrive' | 'receive' | 'cancel'

const steps: Record<ConsignmentStatus, ConsignmentStep[]> = {
  planned: ['load', 'dispatch', 'cancel'],
  loading: ['dispatch', 'cancel'],
  dispatched: ['arrive', 'receive'],
  arrived: ['receive'],
  received: [],
  cancelled: [],
}

export function allowedSteps(status: ConsignmentStatus): ConsignmentStep[] {
  return steps[status]
}

/** The random tail of the id, which people can read out (a UUIDv7's head is only the time). */
export function shortRef(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase()
}

/** "lines.0.quantity" (the schema) and "lines[0].quantity" (the use case) both as "lines[0].quantity". */
export function normaliseField(field: string): string {
  return field
    .replace(/^body\./, '')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]')
    .replace(/\.$/, '')
}

/**
 * The refusal's message by the field it names. Details come as a list of `{ field, message }` (a
 * schema's or a use case's) or as one object with `field` (a load check, a shortage). The message
 * shown is the server's own sentence without its "field: " prefix when it has one, so it reads whole.
 */
export function refusalFields(error: Refusal | undefined): Record<string, string> {
  const found: Record<string, string> = {}
  if (!error) return found
  const details = Array.isArray(error.details) ? error.details : [error.details]
  for (const detail of details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue
    const { field, message } = detail as { field?: unknown; message?: unknown }
    if (typeof field !== 'string') continue
    const name = normaliseField(field)
    const prefix = `${field}: `
    const text = error.message.startsWith(prefix)
      ? error.message.slice(prefix.length)
      : typeof message === 'string'
        ? message
        : error.message
    found[name] ??= text
  }
  return found
}

/** A whole quantity from what was typed ("1,200", full-width digits), or NaN. */
export function wholeOf(text: string): number {
  const value = normaliseWhole(text)
  return /^\d+$/.test(value) ? Number(value) : Number.NaN
}
