/**
 * @module web/common/form
 * Form fields that carry their own label, hint and error (tied together with aria-describedby and
 * aria-invalid), the field errors of a refusal (a 400's `details` list `{ field, message }`), and the
 * message of a refused form said plainly.
 */
import type { RoleName } from '@contract/access.js'
import { roles } from '@contract/access.js'
import type { TFunction } from 'i18next'
import { type ReactNode, useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../api.js'
import { describeError } from './error-message.js'

export type FieldErrors = Partial<Record<string, string>>

import type { ClientErrors, Message } from './messages.js'

export type { ClientErrors, Message }

export function translateErrors(t: TFunction, errors: ClientErrors): FieldErrors {
  const translated: FieldErrors = {}
  for (const [field, message] of Object.entries(errors)) {
    if (message === undefined) continue
    translated[field] = typeof message === 'string' ? t(message) : t(message[0], message[1])
  }
  return translated
}

/**
 * The field errors of a refusal, by field name: "body.username" (schema validation) and "username" (a
 * refusal of the use case) both become "username".
 */
export function fieldErrorsOf(error: ApiError | undefined): FieldErrors {
  const errors: FieldErrors = {}
  if (!error || !Array.isArray(error.details)) return errors
  for (const detail of error.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue
    const { field, message } = detail as { field?: unknown; message?: unknown }
    if (typeof field !== 'string' || typeof message !== 'string') continue
    const name = field.replace(/^body\./, '').split('.')[0] ?? field
    errors[name] ??= message
  }
  return errors
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ')
  return joined || undefined
}

export interface TextFieldProps {
  label: string
  name: string
  value: string
  onChange: (value: string) => void
  type?: 'text' | 'password' | 'datetime-local' | 'search' | 'date'
  /** The keyboard a touch screen shows: "numeric" for whole quantities (typed as text, checked by the form). */
  inputMode?: 'numeric' | 'text'
  hint?: ReactNode
  /** Worth knowing but not wrong (e.g. "more than is available here"): said, does not block sending. */
  warning?: string | undefined
  error?: string | undefined
  required?: boolean
  autoComplete?: string
  disabled?: boolean
  readOnly?: boolean
  maxLength?: number
  className?: string
  autoFocus?: boolean
  spellCheck?: boolean
  list?: string
  /** Says "(optional)" after the label; forms mark the fields that may stay empty, not the others. */
  optional?: boolean
  /** Leaving the field: forms check it then (see field-checks.ts). */
  onBlur?: () => void
}

export function TextField({
  label,
  name,
  value,
  onChange,
  type = 'text',
  inputMode,
  hint,
  warning,
  error,
  required,
  autoComplete = 'off',
  disabled,
  readOnly,
  maxLength,
  className,
  autoFocus,
  spellCheck,
  list,
  optional,
  onBlur,
}: TextFieldProps) {
  const { t } = useTranslation()
  const id = useId()
  const hintId = `${id}-hint`
  const warningId = `${id}-warning`
  const errorId = `${id}-error`
  return (
    <div className={className ? `field-box ${className}` : 'field-box'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional-mark"> {t('form.optional')}</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        value={value}
        required={required}
        autoComplete={autoComplete}
        disabled={disabled}
        readOnly={readOnly}
        maxLength={maxLength}
        // biome-ignore lint/a11y/noAutofocus: only the first field of a screen that is about nothing else
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        spellCheck={spellCheck}
        list={list}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint !== undefined && hintId,
          warning && warningId,
          error && errorId,
        )}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {warning && (
        <p id={warningId} className="field-warning">
          {warning}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}

export interface SelectFieldProps {
  label: string
  name: string
  value: string
  onChange: (value: string) => void
  options: readonly { value: string; label: string }[]
  hint?: ReactNode
  error?: string | undefined
  required?: boolean
  disabled?: boolean
  optional?: boolean
  onBlur?: () => void
}

export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  hint,
  error,
  required,
  disabled,
  optional,
  onBlur,
}: SelectFieldProps) {
  const { t } = useTranslation()
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  return (
    <div className="field-box">
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional-mark"> {t('form.optional')}</span>}
      </label>
      <select
        id={id}
        name={name}
        value={value}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && hintId, error && errorId)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}

export function CheckboxField({
  label,
  name,
  checked,
  onChange,
  hint,
}: {
  label: string
  name: string
  checked: boolean
  onChange: (checked: boolean) => void
  hint?: ReactNode
}) {
  const id = useId()
  return (
    <div className="check-box">
      <input
        id={id}
        name={name}
        type="checkbox"
        checked={checked}
        aria-describedby={hint !== undefined ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  )
}

/** A checkbox per role, in the contract's order. */
export function RoleCheckboxes({
  selected,
  onChange,
  error,
  name = 'roles',
}: {
  selected: readonly RoleName[]
  onChange: (roles: RoleName[]) => void
  error?: string | undefined
  name?: string
}) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <fieldset
      className="role-boxes"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : `${id}-hint`}
    >
      <legend>{t('users.fields.roles')}</legend>
      {roles.map((role) => (
        <label key={role} className="chip">
          <input
            type="checkbox"
            name={name}
            value={role}
            checked={selected.includes(role)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? roles.filter((each) => each === role || selected.includes(each))
                  : selected.filter((each) => each !== role),
              )
            }
          />
          {t(`role.${role}`)}
        </label>
      ))}
      <p id={`${id}-hint`} className="field-hint">
        {t('users.rolesHint')}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}

/** Why a form was refused, in an alert; with field errors, points to the fields. */
export function FormError({
  error,
  fieldErrors = {},
}: {
  error: ApiError | undefined
  fieldErrors?: FieldErrors
}) {
  const { t } = useTranslation()
  if (!error) return null
  const hasFieldErrors = Object.keys(fieldErrors).length > 0
  return (
    <div className="error" role="alert">
      <p>
        <strong>{t('errors.notSaved')}</strong>{' '}
        {hasFieldErrors && error.code === 'invalid_request'
          ? t('errors.checkFields')
          : describeError(error, t)}
      </p>
    </div>
  )
}
