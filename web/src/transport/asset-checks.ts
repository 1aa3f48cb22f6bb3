/**
 * @module web/transport/asset-checks
 * What the new-asset form would send, and its problems as typed, by the contract's own
 * assetCreateSchema (the one POST /api/assets validates with): numbers go in as typed, so "12.5" kg or a
 * speed of 9000 km/h is refused as the server would. The form adds what a custom asset needs (no
 * reference type fills them in): a kind, payload, volume and speed, and an end after the start.
 */
import { assetCreateSchema } from '@contract/transport.js'
import type { ClientErrors, Message } from '../common/messages.js'
import { schemaErrors } from '../common/schema-errors.js'

export interface AssetFields {
  id: string
  org: string
  /** The reference type's code, or null for a custom asset. */
  type: string | null
  kind: string
  name: string
  payload: string
  volume: string
  speed: string
  range: string
  base: string | undefined
  /** As ISO times, or the text typed when it is not one. */
  availableFrom: string | null
  availableUntil: string | null
}

/** A number typed (commas allowed): the number, or the text itself when it is not one. */
export function typedAmount(text: string): number | string | undefined {
  const value = text.trim().replace(/,/g, '')
  if (value === '') return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : value
}

export function assetBody(fields: AssetFields): Record<string, unknown> {
  return {
    id: fields.id,
    org: fields.org,
    type: fields.type,
    kind: fields.kind || undefined,
    name: fields.name.trim(),
    payloadKg: typedAmount(fields.payload),
    volumeM3: typedAmount(fields.volume),
    speedKmh: typedAmount(fields.speed),
    rangeKm: typedAmount(fields.range) ?? null,
    base: fields.base,
    availableFrom: fields.availableFrom,
    availableUntil: fields.availableUntil,
  }
}

const choices: Record<string, string> = {
  kind: 'transport.errors.kindRequired',
  name: 'transport.errors.nameRequired',
  base: 'transport.errors.baseRequired',
  availableFrom: 'form.invalidDateTime',
  availableUntil: 'form.invalidDateTime',
}

/** The form's words for a number's problem, where it has them. */
function amountMessage(field: string, message: Message): Message {
  const key = typeof message === 'string' ? message : message[0]
  if (key === 'validation.tooSmall' || key === 'validation.notANumber')
    return field === 'payloadKg' && key === 'validation.notANumber'
      ? 'transport.errors.whole'
      : 'transport.errors.positive'
  return message
}

export function assetProblems(fields: AssetFields): ClientErrors {
  const body = assetBody(fields)
  const problems: ClientErrors = {}
  for (const [field, message] of Object.entries(
    schemaErrors(assetCreateSchema, body, () => true, choices),
  ))
    if (message)
      problems[field] = ['payloadKg', 'volumeM3', 'speedKmh', 'rangeKm'].includes(field)
        ? amountMessage(field, message)
        : message
  // A custom asset has no reference type to fill these in.
  if (!fields.kind) problems.kind = 'transport.errors.kindRequired'
  for (const field of ['payloadKg', 'volumeM3', 'speedKmh'] as const)
    if (body[field] === undefined) problems[field] = 'transport.errors.numberRequired'
  const { availableFrom: from, availableUntil: until } = fields
  if (!problems.availableUntil && from && until && Date.parse(until) < Date.parse(from))
    problems.availableUntil = 'transport.errors.untilBeforeFrom'
  return problems
}
