/**
 * @module web/consignments/consignment-checks
 * What the consignment plan and the receipt would send, and their problems as typed, by the contract's
 * own consignmentCreateSchema and receiptSchema (the ones the routes validate with). Quantities go in as
 * typed ("1,200" and full-width digits read as meant), so "1.5" is refused as the server would. Problems
 * are named as the form's inputs are ("lines[0].quantity", "proof.receivedBy"), as the server's refusals.
 */
import { consignmentCreateSchema, receiptSchema } from '@contract/consignments.js'
import type { ClientErrors, Message } from '../common/messages.js'
import { schemaErrorsByPath } from '../common/schema-errors.js'
import { normaliseWhole } from '../common/whole-number.js'
import { normaliseField } from './consignment-rules.js'

/** A quantity typed: the number when the text is one, else the text (the schema refuses it). */
export function typedWhole(text: string): number | string | undefined {
  const value = normaliseWhole(text)
  if (value === '') return undefined
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

/** Each problem by the input's name, in the form's words where `words` has them. */
function problemsOf(
  found: ClientErrors,
  words: (field: string, key: string) => Message | undefined,
): ClientErrors {
  const problems: ClientErrors = {}
  for (const [path, message] of Object.entries(found)) {
    if (!message) continue
    const field = normaliseField(path)
    const key = typeof message === 'string' ? message : message[0]
    problems[field] = words(field, key) ?? message
  }
  return problems
}

export interface PlanLineFields {
  item: string | undefined
  owner: string
  quantity: string
  lot: string
  /** "request|requestLine" when the line serves a request. */
  serves: string
}
export interface PlanFields {
  id: string
  origin: string | undefined
  destination: string | undefined
  asset: string | null
  /** Leg ids of the route chosen, or undefined to go direct. */
  route: string[] | undefined
  lines: PlanLineFields[]
  note: string
}

/** The body the plan sends to POST /api/consignments. */
export function planBody(fields: PlanFields): Record<string, unknown> {
  return {
    id: fields.id,
    origin: fields.origin,
    destination: fields.destination,
    asset: fields.asset,
    ...(fields.route ? { route: fields.route } : {}),
    lines: fields.lines.map((line) => {
      const [request, requestLine] = line.serves ? line.serves.split('|') : []
      return {
        item: line.item,
        owner: line.owner || undefined,
        quantity: typedWhole(line.quantity),
        ...(line.lot ? { lot: line.lot } : {}),
        ...(request && requestLine ? { request, requestLine } : {}),
      }
    }),
    note: fields.note.trim() || null,
  }
}

const planWords: Record<string, string> = {
  origin: 'consignments.errors.originRequired',
  destination: 'consignments.errors.destinationRequired',
  item: 'consignments.errors.itemRequired',
  owner: 'consignments.errors.ownerRequired',
  quantity: 'consignments.errors.quantityWhole',
}

export function planProblems(fields: PlanFields): ClientErrors {
  const problems = problemsOf(
    schemaErrorsByPath(consignmentCreateSchema, planBody(fields)),
    (field) => planWords[field.replace(/^lines\[\d+\]\./, '')],
  )
  // Two different places is the use case's rule: the schema sees each id alone.
  if (!problems.destination && fields.origin && fields.origin === fields.destination)
    problems.destination = 'consignments.errors.sameAsOrigin'
  return problems
}

export interface ReceiptLineFields {
  line: string
  /** What was sent: less received needs a reason. */
  sent: number
  received: string
  reason: string
  note: string
}
export interface ReceiptFields {
  lines: ReceiptLineFields[]
  receivedBy: string
  location: { lat: number; lon: number } | undefined
  signature: string | null
  photo: string | null
}

/** The body the receipt sends to POST /api/consignments/:id/receive. */
export function receiptBody(fields: ReceiptFields): Record<string, unknown> {
  return {
    lines: fields.lines.map((line) => {
      const received = typedWhole(line.received)
      return {
        line: line.line,
        quantityReceived: received,
        reason: typeof received === 'number' && received < line.sent ? line.reason || null : null,
        note: line.note.trim() || null,
      }
    }),
    proof: {
      receivedBy: fields.receivedBy.trim(),
      lat: fields.location?.lat ?? null,
      lon: fields.location?.lon ?? null,
      signature: fields.signature,
      photo: fields.photo,
    },
  }
}

export function receiptProblems(fields: ReceiptFields): ClientErrors {
  const problems = problemsOf(schemaErrorsByPath(receiptSchema, receiptBody(fields)), (field) =>
    field.endsWith('.quantityReceived')
      ? 'consignments.errors.receivedWhole'
      : field === 'proof.receivedBy'
        ? 'consignments.errors.receivedByRequired'
        : undefined,
  )
  // A reason when less arrived is the use case's rule: the schema does not know what was sent.
  for (const [i, line] of fields.lines.entries()) {
    const received = typedWhole(line.received)
    if (!problems[`lines[${i}].quantityReceived`] && typeof received === 'number')
      if (received < line.sent && !line.reason)
        problems[`lines[${i}].reason`] = 'consignments.errors.reasonRequired'
  }
  return problems
}
