/**
 * @module web/peers/node-identity-panel
 * This node as the admin of a partner's node registers it: node id, organisation, the address this page
 * was reached at, and the public key on one line with a Copy button (selected for Ctrl+C where the
 * browser gives no clipboard).
 */
import type { NodeIdentityView } from '@contract/peers.js'
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import type { ApiData } from '../common/use-api-data.js'

export function NodeIdentityPanel({ identity }: { identity: ApiData<NodeIdentityView> }) {
  const { t } = useTranslation()
  const id = useId()
  const keyRef = useRef<HTMLInputElement>(null)
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle')
  const self = identity.data

  const onCopy = async () => {
    if (!self) return
    try {
      await navigator.clipboard.writeText(self.publicKeyLine)
      setCopy('copied')
    } catch {
      keyRef.current?.select()
      setCopy('failed')
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('peers.self.title')}</h2>
      <p className="subtle">{t('peers.self.intro')}</p>
      {identity.error && <ErrorMessage error={identity.error} onRetry={identity.reload} />}
      {!self && identity.loading && <p className="empty">{t('app.loading')}</p>}
      {self && (
        <>
          <dl className="fields">
            <div className="field">
              <dt>{t('peers.self.nodeId')}</dt>
              <dd className="code" data-testid="self-node-id">
                {self.id}
              </dd>
            </div>
            <div className="field">
              <dt>{t('peers.self.organisation')}</dt>
              <dd>
                <span className="code">{self.organisation.code}</span> {self.organisation.nameEn}
              </dd>
            </div>
            <div className="field">
              <dt>{t('peers.self.url')}</dt>
              <dd className="code">{self.url}</dd>
            </div>
          </dl>
          <div className="secret-row peer-key-row">
            <label htmlFor={`${id}-key`}>{t('peers.self.publicKey')}</label>
            <input
              ref={keyRef}
              id={`${id}-key`}
              className="secret-value code"
              readOnly
              value={self.publicKeyLine}
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.target.select()}
            />
            <button type="button" onClick={() => void onCopy()}>
              {t('peers.self.copy')}
            </button>
          </div>
          <output className="secret-copy-status" aria-live="polite">
            {copy === 'copied'
              ? t('peers.self.copied')
              : copy === 'failed'
                ? t('peers.self.copyFailed')
                : ''}
          </output>
        </>
      )}
    </section>
  )
}
