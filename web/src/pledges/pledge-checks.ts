/**
 * @module web/pledges/pledge-checks
 * What the pledge, donation and receive-pledge forms would send, and their problems as typed, by the
 * contract's own pledgeCreateSchema, donationSchema and pledgeActionBodySchema (the ones the routes
 * validate with). Quantities go in as typed ("1,200" and full-width digits read as meant), so "1.5" is
 * refused as the server would; the messages are the form's words for quantities and choices.
 */
import { donationSchema, pledgeActionBodySchema, pledgeCreateSchema } from '@contract/requests.js'
import type { ClientErrors, Message } from '../common/messages.js'
import { schemaErrors } from '../common/schema-errors.js'
import { normaliseWhole } from '../common/whole-number.js'

export const quantityMax = 1_000_000_000

/** A quantity typed: the number when the text is one, else the text (the schema refuses it). */
export function typedWhole(text: string): number | string | undefined {
  const value = normaliseWhole(text)
  if (value === '') return undefined
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

const choices: Record<string, string> = {
  item: 'pledges.errors.itemRequired',
  capability: 'pledges.errors.capabilityRequired',
  place: 'pledges.errors.placeRequired',
  org: 'pledges.errors.donorRequired',
  triage: 'pledges.errors.triageRequired',
  availableFrom: 'form.invalidDateTime',
  availableUntil: 'form.invalidDateTime',
}

function quantityMessage(message: Message): Message {
  const key = typeof message === 'string' ? message : message[0]
  if (key === 'validation.required') return 'pledges.errors.quantityRequired'
  if (key === 'validation.notANumber' || key === 'validation.invalid')
    return 'pledges.errors.quantityWhole'
  if (key === 'validation.tooSmall') return 'pledges.errors.quantityPositive'
  if (key === 'validation.tooBig') return ['pledges.errors.quantityMax', { max: quantityMax }]
  return message
}

function problemsOf(schema: Parameters<typeof schemaErrors>[0], body: unknown): ClientErrors {
  const problems: ClientErrors = {}
  for (const [field, message] of Object.entries(schemaErrors(schema, body, () => true, choices)))
    if (message) problems[field] = field === 'quantity' ? quantityMessage(message) : message
  return problems
}

export interface PledgeFields {
  id: string
  org: string
  operation: string
  kind: 'item' | 'capability'
  item: string | undefined
  capability: string
  description: string
  quantity: string
  unit: string
  place: string | undefined
  /** As ISO times, or the text typed when it is not one; null when empty. */
  availableFrom: string | null
  availableUntil: string | null
  conditions: string
}

export function pledgeBody(fields: PledgeFields): Record<string, unknown> {
  return {
    id: fields.id,
    org: fields.org,
    operation: fields.operation || null,
    kind: fields.kind,
    ...(fields.kind === 'item'
      ? { item: fields.item ?? null }
      : { capability: fields.capability || null, unit: fields.unit.trim() || null }),
    description: fields.description.trim() || null,
    quantity: typedWhole(fields.quantity),
    place: fields.place ?? null,
    availableFrom: fields.availableFrom,
    availableUntil: fields.availableUntil,
    conditions: fields.conditions.trim() || null,
  }
}

export function pledgeProblems(fields: PledgeFields): ClientErrors {
  const problems = problemsOf(pledgeCreateSchema, pledgeBody(fields))
  // The schema lets item and capability be empty (either kind); the use case asks for the one of the kind.
  if (fields.kind === 'item' && !fields.item) problems.item = choices.item
  if (fields.kind === 'capability' && !fields.capability) problems.capability = choices.capability
  // An end after the start compares two fields, which the schema does not.
  const { availableFrom: from, availableUntil: until } = fields
  if (!problems.availableUntil && from && until && Date.parse(until) < Date.parse(from))
    problems.availableUntil = 'pledges.errors.untilBeforeFrom'
  return problems
}

export interface DonationFields {
  id: string
  place: string | undefined
  item: string | undefined
  org: string
  quantity: string
  triage: string
  lot: string
  expiresOn: string
  description: string
}

export function donationBody(fields: DonationFields): Record<string, unknown> {
  return {
    id: fields.id,
    place: fields.place,
    item: fields.item,
    org: fields.org || undefined,
    quantity: typedWhole(fields.quantity),
    triage: fields.triage || undefined,
    ...(fields.lot.trim() && { lot: fields.lot.trim() }),
    expiresOn: fields.expiresOn || null,
    description: fields.description.trim() || null,
  }
}

export function donationProblems(fields: DonationFields): ClientErrors {
  return problemsOf(donationSchema, donationBody(fields))
}

export interface ReceivePledgeFields {
  place: string | undefined
  quantity: string
  lot: string
  expiresOn: string
}

export function receivePledgeBody(fields: ReceivePledgeFields): Record<string, unknown> {
  return {
    place: fields.place,
    quantity: typedWhole(fields.quantity),
    ...(fields.lot.trim() && { lot: fields.lot.trim() }),
    expiresOn: fields.expiresOn || null,
  }
}

export function receivePledgeProblems(fields: ReceivePledgeFields): ClientErrors {
  const problems = problemsOf(pledgeActionBodySchema, receivePledgeBody(fields))
  // The route takes no place as "where it was pledged"; the form always names one, so it asks.
  if (!fields.place) problems.place = choices.place
  // Likewise no quantity means "as pledged" to the route, but the form shows it and asks for one.
  if (typedWhole(fields.quantity) === undefined)
    problems.quantity = 'pledges.errors.quantityRequired'
  return problems
}
