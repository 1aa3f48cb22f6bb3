/**
 * @module web/needs/needs-checks
 * What the needs estimate and the request drafted from it would send, and their problems as typed, by
 * the contract's own needsEstimateBodySchema and requestCreateSchema (the ones the routes validate
 * with). Numbers go in as typed ("1,200" and full-width digits read as meant), so "2.5" people is refused
 * as the server would; the messages are the form's words for them.
 */
import { daysMax, needsEstimateBodySchema, populationMax } from '@contract/needs.js'
import { requestCreateSchema } from '@contract/requests.js'
import type { ClientErrors, Message } from '../common/messages.js'
import { schemaErrors, schemaErrorsByPath } from '../common/schema-errors.js'
import { normaliseWhole } from '../common/whole-number.js'

/** A number typed: the number when the text is one, else the text (the schema refuses it). */
export function typedWhole(text: string): number | string | undefined {
  const value = normaliseWhole(text)
  if (value === '') return undefined
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value
}

/** A whole number's problem in the form's words: not whole, or out of its range. */
function wholeMessage(message: Message, range: string, min: number, max: number): Message {
  const key = typeof message === 'string' ? message : message[0]
  if (key === 'validation.notANumber' || key === 'validation.invalid') return 'needs.errors.whole'
  if (key === 'validation.tooSmall' || key === 'validation.tooBig') return [range, { min, max }]
  return message
}

export interface EstimateFields {
  place: string | undefined
  population: string
  days: string
  operation: string
}

/** The body the estimator sends to POST /api/needs/estimate. */
export function estimateBody(fields: EstimateFields): Record<string, unknown> {
  const population = typedWhole(fields.population)
  return {
    ...(fields.place && { place: fields.place }),
    ...(population !== undefined && { population }),
    days: typedWhole(fields.days),
    // The operation by id, not its figures copied: the server reads them as they are now.
    ...(fields.operation !== '' && { operation: fields.operation }),
  }
}

export function estimateProblems(fields: EstimateFields): ClientErrors {
  const problems: ClientErrors = {}
  const found = schemaErrors(needsEstimateBodySchema, estimateBody(fields), () => true)
  if (found.population)
    problems.population =
      found.population === 'validation.required'
        ? 'needs.errors.populationOrPlace'
        : wholeMessage(found.population, 'needs.errors.populationRange', 1, populationMax)
  if (found.days)
    problems.days =
      found.days === 'validation.required'
        ? 'needs.errors.daysRequired'
        : wholeMessage(found.days, 'needs.errors.daysRange', 1, daysMax)
  // The schema's "population or a place" runs only once every field is valid; said at once here.
  if (!problems.population && !fields.place && typedWhole(fields.population) === undefined)
    problems.population = 'needs.errors.populationOrPlace'
  return problems
}

export interface DraftLineFields {
  /** The need's id (water, food …), which names the line's inputs. */
  need: string
  item: string | undefined
  quantity: string
  priority: string
}
export interface DraftFields {
  id: string
  operation: string
  destination: string
  /** As an ISO time, or null when the field is empty or not a time. */
  neededBy: string | null
  neededByTyped: string
  justification: string
  lines: DraftLineFields[]
}

/** The request the draft sends to POST /api/requests. */
export function draftBody(fields: DraftFields): Record<string, unknown> {
  return {
    id: fields.id,
    operation: fields.operation || null,
    destination: fields.destination,
    neededBy: fields.neededBy ?? (fields.neededByTyped.trim() || undefined),
    justification: fields.justification,
    lines: fields.lines.map((line) => ({
      kind: 'item',
      item: line.item,
      quantity: typedWhole(line.quantity),
      priority: line.priority,
    })),
  }
}

export function draftProblems(fields: DraftFields, now: number): ClientErrors {
  const problems: ClientErrors = {}
  for (const [path, message] of Object.entries(
    schemaErrorsByPath(requestCreateSchema, draftBody(fields)),
  )) {
    if (!message) continue
    const key = typeof message === 'string' ? message : message[0]
    const quantity = /^lines\.(\d+)\.quantity$/.exec(path)
    if (quantity) {
      const need = fields.lines[Number(quantity[1])]?.need
      problems[`quantity.${need}`] =
        key === 'validation.required'
          ? 'needs.draft.errors.quantityRequired'
          : wholeMessage(message, 'needs.draft.errors.quantityRange', 1, 1_000_000_000)
    } else if (path === 'neededBy')
      problems.neededBy =
        key === 'validation.required'
          ? 'needs.draft.errors.neededByRequired'
          : 'form.invalidDateTime'
    else if (path === 'lines') problems.lines = 'needs.draft.errors.noLines'
    // A line's item comes from the catalogue, not from the user: the server's refusal names it if amiss.
  }
  // The use case refuses a time not after now; the schema cannot know the clock.
  if (!problems.neededBy && fields.neededBy && Date.parse(fields.neededBy) <= now)
    problems.neededBy = 'needs.draft.errors.neededByPast'
  return problems
}
