/**
 * @module web/stock/movement-checks
 * What a stock movement form would send, and its problems as typed, by the contract's own schemas
 * (receiveSchema, moveSchema, adjustSchema, lossSchema, issueSchema — the ones the routes validate
 * with). Quantities go in as typed, so "1.5" or "ten" is refused by the schema as the server would; the
 * messages are the form's words for quantities and choices, else the plain ones.
 */
import {
  adjustSchema,
  issueSchema,
  lossSchema,
  moveSchema,
  receiveSchema,
} from '@contract/stock.js'
import { schemaErrors } from '../common/schema-errors.js'
import type { ClientErrors, Message } from '../common/messages.js'
import type { MovementKind } from './stock-types.js'

export const movementSchemas = {
  receive: receiveSchema,
  move: moveSchema,
  adjust: adjustSchema,
  loss: lossSchema,
  issue: issueSchema,
} as const

/** The form's fields as they stand (texts as typed, choices as ids). */
export interface MovementFields {
  id: string
  place: string | undefined
  to: string | undefined
  item: string | undefined
  owner: string
  quantity: string
  counted: string
  lot: string | undefined
  expiresOn: string
  /** The donor: an organisation id when the text names one, else the text. */
  source: string
  document: string
  ref: string
  note: string
  reason: string
}

/** A number typed: the number when the text is one, else the text itself (the schema refuses it). */
export function typedNumber(text: string): number | string | undefined {
  const value = text.trim()
  if (value === '') return undefined
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

/** The body the form sends to POST /api/stock/<kind>. */
export function movementBody(kind: MovementKind, fields: MovementFields): Record<string, unknown> {
  const where = { id: fields.id, place: fields.place, item: fields.item, owner: fields.owner }
  const quantity = typedNumber(fields.quantity)
  switch (kind) {
    case 'receive':
      return {
        ...where,
        quantity,
        ...(fields.lot !== undefined && { lot: fields.lot }),
        expiresOn: fields.expiresOn || null,
        source: fields.source,
        document: fields.document.trim() || null,
      }
    case 'move':
      return { ...where, to: fields.to, quantity, lot: fields.lot, ref: fields.ref.trim() || null }
    case 'adjust':
      return {
        ...where,
        lot: fields.lot ?? '',
        countedQuantity: typedNumber(fields.counted),
        note: fields.note.trim(),
      }
    case 'loss':
      return {
        ...where,
        quantity,
        lot: fields.lot,
        reason: fields.reason,
        note: fields.note.trim() || null,
      }
    case 'issue':
      return { ...where, quantity, lot: fields.lot, ref: fields.ref.trim() || null }
  }
}

/** The form's field for a field of the body. */
const formField: Record<string, string> = { countedQuantity: 'counted' }
const choices: Record<string, string> = {
  place: 'movement.errors.choosePlace',
  to: 'movement.errors.choosePlace',
  item: 'movement.errors.chooseItem',
}

/** The form's words for a quantity's problem, where it has them (a count may be 0). */
function quantityMessage(field: string, message: Message): Message {
  const key = typeof message === 'string' ? message : message[0]
  if (key === 'validation.notANumber') return 'movement.errors.wholeNumber'
  if (key === 'validation.tooSmall' && field === 'quantity') return 'movement.errors.positive'
  if (key === 'validation.tooBig') return 'movement.errors.tooLarge'
  return message
}

/** Every field's first problem by the contract's schema, named by the form's fields. */
export function movementSchemaProblems(kind: MovementKind, fields: MovementFields): ClientErrors {
  const found = schemaErrors(movementSchemas[kind], movementBody(kind, fields), () => true, choices)
  const problems: ClientErrors = {}
  for (const [field, message] of Object.entries(found)) {
    if (!message) continue
    const named = formField[field] ?? field
    problems[named] =
      named === 'quantity' || named === 'counted' ? quantityMessage(named, message) : message
  }
  return problems
}
