/**
 * @module web/common/field-checks
 * Forms check as the user types with the server's own rules: the contract's zod schema (the one the
 * route validates with), never rules written again here. Each field's first problem becomes a message
 * key — the form's own wording where it has one, else a plain one by the kind of problem — so it
 * follows the language switch. A field's problem shows once it has something in it or has been left,
 * and every field's once sending was tried.
 */
import { useCallback, useState } from 'react'
import type { z } from 'zod'
import type { ClientErrors, Message } from './form.js'

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

function filled(value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (typeof value === 'string') return value.trim() !== ''
  if (Array.isArray(value)) return value.length > 0
  return true
}

/**
 * The checks of one form: `errors` to show now, `leave(field)` for a field's blur (or a change of a
 * box with no text), and `check()` on sending, which shows every problem and says whether there is none.
 */
export function useFieldChecks(
  schema: z.ZodType,
  value: Record<string, unknown>,
  messages: FieldMessages = {},
) {
  const [left, setLeft] = useState<ReadonlySet<string>>(() => new Set())
  const [tried, setTried] = useState(false)
  const errors = schemaErrors(
    schema,
    value,
    (field) => tried || left.has(field) || filled(value[field]),
    messages,
  )
  const leave = useCallback(
    (field: string) =>
      setLeft((before) => (before.has(field) ? before : new Set(before).add(field))),
    [],
  )
  const check = () => {
    setTried(true)
    return Object.keys(schemaErrors(schema, value, () => true, messages)).length === 0
  }
  return { errors, leave, check }
}
