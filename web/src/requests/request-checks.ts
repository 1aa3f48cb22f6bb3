/**
 * @module web/requests/request-checks
 * What the new-request form would send, and its problems as typed, by the contract's own
 * requestCreateSchema (the one POST /api/requests validates with). Quantities go in as typed (full-width
 * digits and thousands separators read as a Japanese keyboard types them), so "1.5" of an item is refused
 * as the server would. A contact goes in as soon as a name or a phone is typed, so a phone without a name
 * is the schema's problem. Needed-by in the future is the use case's rule (it reads the clock, which a
 * schema cannot), so it is checked here too.
 */
import { requestCreateSchema } from '@contract/requests.js'
import type { ClientErrors, Message } from '../common/messages.js'
import { schemaErrorsByPath } from '../common/schema-errors.js'

export interface ItemLineFields {
  kind: 'item'
  /** The item's id, once one is chosen. */
  item: string | undefined
  quantity: string
  priority: string
}
export interface CapabilityLineFields {
  kind: 'capability'
  capability: string
  description: string
  quantity: string
  unit: string
  priority: string
}
export interface RequestFields {
  id: string
  destination: string | undefined
  /** As an ISO time, or null when not one (empty, or not a time). */
  neededBy: string | null
  /** What was typed in the needed-by field, to tell "empty" from "not a time". */
  neededByTyped: string
  justification: string
  contactName: string
  contactPhone: string
  lines: (ItemLineFields | CapabilityLineFields)[]
}

/** Full-width digits (typed with a Japanese input method) as ASCII; thousands separators dropped. */
export function normaliseNumber(text: string): string {
  return text
    .trim()
    .replace(/[０-９．，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,\s]/g, '')
}

/** A quantity typed: the number when the text is one, else the text (the schema refuses it). */
export function typedQuantity(text: string): number | string | undefined {
  const value = normaliseNumber(text)
  if (value === '') return undefined
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

/** The body the form sends to POST /api/requests. */
export function requestBody(fields: RequestFields): Record<string, unknown> {
  const contactName = fields.contactName.trim()
  const contactPhone = fields.contactPhone.trim()
  return {
    id: fields.id,
    destination: fields.destination,
    neededBy: fields.neededBy ?? (fields.neededByTyped.trim() || undefined),
    justification: fields.justification.trim() || null,
    contact:
      contactName || contactPhone ? { name: contactName, phone: contactPhone || null } : null,
    lines: fields.lines.map((line) =>
      line.kind === 'item'
        ? {
            kind: 'item',
            item: line.item,
            quantity: typedQuantity(line.quantity),
            priority: line.priority,
          }
        : {
            kind: 'capability',
            capability: line.capability || undefined,
            description: line.description.trim(),
            quantity: typedQuantity(line.quantity) ?? null,
            unit: line.unit.trim() || null,
            priority: line.priority,
          },
    ),
  }
}

const maxItemQuantity = 1_000_000_000
const maxCapabilityQuantity = 1_000_000

/** The form's words for a field, by the last step of its path and the plain message. */
function formMessage(field: string, message: Message, fields: RequestFields): Message {
  const key = typeof message === 'string' ? message : message[0]
  const last = field.split('.').at(-1)
  if (field === 'destination') return 'requests.form.errors.destinationRequired'
  if (field === 'neededBy')
    return key === 'validation.required'
      ? 'requests.form.errors.neededByRequired'
      : 'form.invalidDateTime'
  if (field === 'contact.name') return 'requests.form.errors.contactNameRequired'
  if (field === 'lines') return 'requests.form.errors.noLines'
  if (last === 'item') return 'requests.form.errors.itemRequired'
  if (last === 'capability') return 'requests.form.errors.capabilityRequired'
  if (last === 'description' && key === 'validation.required')
    return 'requests.form.errors.descriptionRequired'
  if (last === 'quantity') {
    const index = Number(field.split('.')[1])
    const isItem = fields.lines[index]?.kind === 'item'
    if (key === 'validation.required') return 'requests.form.errors.quantityRequired'
    if (key === 'validation.notANumber' || key === 'validation.invalid')
      return isItem ? 'requests.form.errors.quantityWhole' : 'requests.form.errors.quantityNumber'
    if (key === 'validation.tooSmall') return 'requests.form.errors.quantityPositive'
    if (key === 'validation.tooBig')
      return [
        'requests.form.errors.quantityMax',
        { max: isItem ? maxItemQuantity : maxCapabilityQuantity },
      ]
  }
  return message
}

/** Every field's first problem by the contract's schema, named as the form's inputs are. */
export function requestProblems(fields: RequestFields, now: number): ClientErrors {
  const problems: ClientErrors = {}
  for (const [field, message] of Object.entries(
    schemaErrorsByPath(requestCreateSchema, requestBody(fields)),
  ))
    if (message) problems[field] = formMessage(field, message, fields)
  // The use case refuses a time not after now; the schema cannot know the clock.
  if (!problems.neededBy && fields.neededBy && Date.parse(fields.neededBy) <= now)
    problems.neededBy = 'requests.form.errors.neededByPast'
  return problems
}
