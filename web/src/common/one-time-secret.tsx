/**
 * @module web/common/one-time-secret
 * A secret the server returns once (a one-time password, an API token): shown with a copy button and a
 * warning that it will not be shown again. It lives only in this component's state: once dismissed, no
 * screen can show it again.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

export function OneTimeSecret({
  title,
  label,
  secret,
  children,
  onDone,
}: {
  title: string
  /** What the secret is, e.g. "One-time password of aiko". */
  label: string
  secret: string
  /** More to say: how to use it. */
  children?: ReactNode
  onDone: () => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(secret)
      setCopy('copied')
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for Ctrl+C.
      inputRef.current?.select()
      setCopy('failed')
    }
  }

  return (
    <section className="one-time-secret" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <p className="secret-warning">
        <strong>{t('secret.warning')}</strong>
      </p>
      <div className="secret-row">
        <label htmlFor={`${id}-value`}>{label}</label>
        <input
          ref={inputRef}
          id={`${id}-value`}
          className="secret-value code"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={() => void onCopy()}>
          {t('secret.copy')}
        </button>
      </div>
      <output className="secret-copy-status" aria-live="polite">
        {copy === 'copied' ? t('secret.copied') : copy === 'failed' ? t('secret.copyFailed') : ''}
      </output>
      {children}
      <div className="form-actions">
        <button type="button" className="primary" onClick={onDone}>
          {t('secret.done')}
        </button>
      </div>
    </section>
  )
}
