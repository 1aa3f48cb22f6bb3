/**
 * @module web/session/change-password-page
 * Choosing a new password: forced after signing in with a one-time password (the app shows nothing
 * else until it is done), or by choice from the top bar (/account/password).
 */
import { passwordChangeSchema, passwordMinLength } from '@contract/access.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api.js'
import {
  type ClientErrors,
  type FieldErrors,
  FormError,
  fieldErrorsOf,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useFieldChecks } from '../common/field-checks.js'
import { changePassword } from './session.js'

export function ChangePasswordPage({ forced }: { forced: boolean }) {
  const { t } = useTranslation()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [error, setError] = useState<ApiError>()
  const [confirmationTried, setConfirmationTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)

  // Checked as typed with the route's own schema (required, the shortest length); by hand what
  // it cannot see: a new password the same as the current one, and the confirmation.
  const checks = useFieldChecks(passwordChangeSchema, { currentPassword, newPassword })
  const clientErrors: ClientErrors = { ...checks.errors }
  // The schema's shortest length, in this form's words.
  if (clientErrors.newPassword && newPassword !== '' && newPassword.length < passwordMinLength)
    clientErrors.newPassword = ['password.tooShort', { count: passwordMinLength }]
  if (!clientErrors.newPassword && newPassword !== '' && newPassword === currentPassword)
    clientErrors.newPassword = 'password.sameAsCurrent'
  if ((confirmation !== '' || confirmationTried) && confirmation !== newPassword)
    clientErrors.confirmation = 'password.mismatch'
  const serverErrors = fieldErrorsOf(error)
  const fieldErrors: FieldErrors = {
    ...translateErrors(t, clientErrors),
    ...(serverErrors.currentPassword && {
      currentPassword:
        error?.code === 'invalid_request' && serverErrors.currentPassword === 'wrong password'
          ? t('password.wrongCurrent')
          : serverErrors.currentPassword,
    }),
    ...(serverErrors.newPassword && { newPassword: serverErrors.newPassword }),
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setDone(false)
    const valid = checks.check()
    const problems: ClientErrors = { ...clientErrors }
    if (confirmation !== newPassword) problems.confirmation = 'password.mismatch'
    setError(undefined)
    if (!valid || Object.keys(problems).length > 0) {
      const first =
        ['currentPassword', 'newPassword', 'confirmation'].find((f) => problems[f]) ??
        (currentPassword === '' ? 'currentPassword' : 'newPassword')
      document.querySelector<HTMLInputElement>(`input[name="${first}"]`)?.focus()
      if (problems.confirmation) setConfirmationTried(true)
      return
    }
    setBusy(true)
    try {
      await changePassword(currentPassword, newPassword)
      setCurrentPassword('')
      setNewPassword('')
      setConfirmation('')
      checks.reset()
      setConfirmationTried(false)
      setDone(true)
    } catch (failure) {
      setError(
        failure instanceof ApiError ? failure : new ApiError(0, 'unexpected', String(failure)),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="page narrow-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {forced ? t('password.forcedTitle') : t('password.title')}
      </h1>
      {forced && <p className="notice">{t('password.forcedIntro')}</p>}
      {done && (
        <p className="success" role="status">
          {t('password.changed')}
        </p>
      )}
      <FormError error={error} fieldErrors={fieldErrors} />
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField
          label={forced ? t('password.oneTime') : t('password.current')}
          name="currentPassword"
          type="password"
          value={currentPassword}
          onChange={setCurrentPassword}
          autoComplete="current-password"
          error={fieldErrors.currentPassword}
          onBlur={() => checks.leave('currentPassword')}
          required
          autoFocus={forced}
        />
        <TextField
          label={t('password.new')}
          name="newPassword"
          type="password"
          value={newPassword}
          onChange={setNewPassword}
          autoComplete="new-password"
          hint={t('password.hint', { count: passwordMinLength })}
          error={fieldErrors.newPassword}
          onBlur={() => checks.leave('newPassword')}
          required
        />
        <TextField
          label={t('password.confirm')}
          name="confirmation"
          type="password"
          value={confirmation}
          onChange={setConfirmation}
          autoComplete="new-password"
          error={fieldErrors.confirmation}
          required
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('password.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}
