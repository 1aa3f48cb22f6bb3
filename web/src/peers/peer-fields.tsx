/**
 * @module web/peers/peer-fields
 * The parts the peer forms share: a public-key box (a textarea, as a PEM has several lines), and the
 * server's own rules (the zod schemas of contract/peers) turned into field errors in the reader's
 * language as the admin types.
 */
import type { z } from 'zod'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { schemaErrors } from '../common/field-checks.js'
import type { ClientErrors } from '../common/form.js'

/** The first problem of each field the peer schemas find, worded in peers.invalid. */
export function peerSchemaErrors(
  schema: z.ZodType,
  value: unknown,
  shown: (field: string) => boolean,
): ClientErrors {
  return schemaErrors(schema, value, shown, (field) => `peers.invalid.${field}`)
}

/** The server also refuses a URL that is not http(s): said before it is sent. */
export function urlProblem(url: string): string | undefined {
  const trimmed = url.trim()
  if (!trimmed) return undefined
  return /^https?:\/\/[^/\s]+/i.test(trimmed) ? undefined : 'peers.invalid.url'
}

export function KeyField({
  label,
  value,
  onChange,
  hint,
  error,
  name = 'publicKey',
}: {
  label: string
  value: string
  onChange: (value: string) => void
  hint?: string
  error?: string | undefined
  name?: string
}) {
  const id = useId()
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')
  const { t } = useTranslation()
  return (
    <div className="field-box peer-key-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        className="code"
        rows={3}
        value={value}
        spellCheck={false}
        autoComplete="off"
        placeholder={t('peers.keyPlaceholder')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
