/**
 * @module web/session/sign-in-page
 * /sign-in: username and password. A wrong password and too many attempts (429, said in minutes) are
 * told apart; the app returns to the page named by ?next= once signed in (see app.tsx).
 */
import { type FormEvent, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api.js'
import { describeError } from '../common/error-message.js'
import { TextField } from '../common/form.js'
import { signIn } from './session.js'

export function SignInPage({ expired }: { expired: boolean }) {
  const { t } = useTranslation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError>()
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await signIn(username.trim(), password)
    } catch (failure) {
      setError(
        failure instanceof ApiError ? failure : new ApiError(0, 'unexpected', String(failure)),
      )
      setPassword('')
      setBusy(false)
      formRef.current?.querySelector<HTMLInputElement>('input[name="password"]')?.focus()
    }
  }

  const message =
    error?.code === 'unauthenticated'
      ? t('signIn.wrongCredentials')
      : error
        ? t('signIn.failed', { reason: describeError(error, t) })
        : undefined

  return (
    <section className="page sign-in-page" aria-labelledby="page-title">
      <div className="sign-in-card">
        <h1 id="page-title" tabIndex={-1}>
          {t('signIn.title')}
        </h1>
        <p className="subtle">{t('signIn.intro')}</p>
        {expired && !error && (
          <p className="notice" role="status">
            {t('signIn.expired')}
          </p>
        )}
        {message && (
          <div className="error" role="alert">
            <p>{message}</p>
          </div>
        )}
        <form ref={formRef} onSubmit={(event) => void onSubmit(event)} noValidate>
          <TextField
            label={t('signIn.username')}
            name="username"
            value={username}
            onChange={setUsername}
            autoComplete="username"
            spellCheck={false}
            required
            autoFocus
          />
          <TextField
            label={t('signIn.password')}
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            required
          />
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={busy || username.trim() === '' || password === ''}
            >
              {busy ? t('signIn.signingIn') : t('signIn.submit')}
            </button>
          </div>
        </form>
      </div>
    </section>
  )
}
