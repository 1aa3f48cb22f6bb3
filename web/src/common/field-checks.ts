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
import { type FieldMessages, schemaErrors } from './schema-errors.js'

export { type FieldMessages, plainMessage, schemaErrors } from './schema-errors.js'

function filled(value: unknown): boolean {
  if (value === undefined || value === null) return false
  if (typeof value === 'string') return value.trim() !== ''
  if (Array.isArray(value)) return value.length > 0
  return true
}

/**
 * The checks of one form: `errors` to show now, `leave(field)` for a field's blur (or a change of a
 * box with no text), `check()` on sending, which shows every problem and says whether there is none,
 * and `reset()` once a sent form is emptied for the next.
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
  /** Back to a fresh form (after it was sent and emptied): nothing left, nothing tried. */
  const reset = useCallback(() => {
    setLeft(new Set())
    setTried(false)
  }, [])
  return { errors, leave, check, reset }
}

/**
 * Which fields were changed, for forms that check by their own mapping of the schema's problems: a
 * field's problem shows once it was changed, every one's once sending was tried. `on(field, set)` wraps
 * a setter so that the change marks the field.
 */
export function useTouched() {
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set())
  const touch = useCallback(
    (field: string) =>
      setTouched((before) => (before.has(field) ? before : new Set(before).add(field))),
    [],
  )
  const on =
    <T>(field: string, set: (value: T) => void) =>
    (value: T) => {
      set(value)
      touch(field)
    }
  const clear = useCallback(() => setTouched(new Set()), [])
  return { has: (field: string) => touched.has(field), touch, on, clear }
}
