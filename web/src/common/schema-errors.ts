/**
 * @module web/common/schema-errors
 * A form's problems by the contract's zod schema, as message keys (the pure part of field-checks.ts,
 * without React, so the forms' checks can be unit-tested in Node).
 */
import type { z } from 'zod'
import type { ClientErrors, Message } from './messages.js'

/** The form's own message key for a field, where it words a problem better than the plain one. */
export type FieldMessages =
  | Partial<Record<string, string>>
  | ((field: string) => string | undefined)

/** The first problem the schema finds in each field that `shown` admits. */
export function schemaErrors(
  schema: z.ZodType,
  value: unknown,
  shown: (field: string) => boolean,
  messages: FieldMessages = {},
): ClientErrors {
  const parsed = schema.safeParse(value)
  const errors: ClientErrors = {}
  if (parsed.success) return errors
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '')
    if (!field || errors[field] || !shown(field)) continue
    const own = typeof messages === 'function' ? messages(field) : messages[field]
    errors[field] = own ?? plainMessage(issue, (value as Record<string, unknown>)?.[field])
  }
  return errors
}

/** A message by the kind of problem, in validation.* of the dictionaries. */
export function plainMessage(issue: z.core.$ZodIssue, input: unknown): Message {
  if (input === undefined || input === null || (typeof input === 'string' && input.trim() === ''))
    return 'validation.required'
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string'
        ? ['validation.tooShort', { minimum: Number(issue.minimum) }]
        : issue.origin === 'array' || issue.origin === 'set'
          ? ['validation.tooFew', { minimum: Number(issue.minimum) }]
          : ['validation.tooSmall', { minimum: Number(issue.minimum) }]
    case 'too_big':
      return issue.origin === 'string'
        ? ['validation.tooLong', { maximum: Number(issue.maximum) }]
        : issue.origin === 'array' || issue.origin === 'set'
          ? ['validation.tooMany', { maximum: Number(issue.maximum) }]
          : ['validation.tooBig', { maximum: Number(issue.maximum) }]
    case 'invalid_format':
      return 'validation.invalidFormat'
    case 'invalid_value':
      return 'validation.invalidValue'
    case 'invalid_type':
      return issue.expected === 'int' || issue.expected === 'number'
        ? 'validation.notANumber'
        : 'validation.invalid'
    default:
      return 'validation.invalid'
  }
}

/**
 * The first problem the schema finds at each place in the body, keyed by its whole path
 * ("lines.0.quantity", "contact.name"), for forms whose fields are nested or repeated.
 */
export function schemaErrorsByPath(
  schema: z.ZodType,
  value: unknown,
  messages: FieldMessages = {},
): ClientErrors {
  const parsed = schema.safeParse(value)
  const errors: ClientErrors = {}
  if (parsed.success) return errors
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.')
    if (!field || errors[field]) continue
    const own = typeof messages === 'function' ? messages(field) : messages[field]
    errors[field] = own ?? plainMessage(issue, valueAt(value, issue.path))
  }
  return errors
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value
  for (const step of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[step]
  }
  return at
}
