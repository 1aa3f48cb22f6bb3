/**
 * @module web/peers/peer-row
 * One peer in the list: organisation, URL and id; active or suspended (and why); last contact; lag in
 * events; the last error while it is current (after the last success); and its actions, each naming the
 * peer for screen readers.
 */
import type { OrganisationView } from '@contract/organisations.js'
import type { PeerView } from '@contract/peers.js'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import type { PeerAction } from './peer-dialogs.js'
import { PeerTime } from './peer-time.js'

export function PeerRow({
  peer,
  organisation,
  syncing,
  onSync,
  onAction,
}: {
  peer: PeerView
  organisation: OrganisationView | undefined
  syncing: boolean
  onSync: () => void
  onAction: (action: PeerAction) => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const { sync } = peer
  const name = organisation?.code ?? peer.organisation
  const errorCurrent =
    sync.lastError !== null &&
    sync.lastErrorAt !== null &&
    (sync.lastSuccessAt === null || sync.lastErrorAt > sync.lastSuccessAt)
  const suspended = peer.status === 'suspended'
  const named = <span className="visually-hidden"> {name}</span>
  return (
    <tr className={suspended ? 'row-disabled' : undefined} data-peer={peer.id}>
      <td>
        <strong className="code">{name}</strong> {organisation?.nameEn}
        <div className="code subtle">{peer.url}</div>
        <div className="code subtle">{peer.id}</div>
      </td>
      <td>
        <span className={`status ${suspended ? 'status-closed' : 'status-open'}`}>
          {t(`peers.status.${peer.status}`)}
        </span>
        {peer.statusReason && <div className="subtle">{peer.statusReason}</div>}
      </td>
      <td>{sync.lastContactAt ? <PeerTime iso={sync.lastContactAt} /> : t('peers.never')}</td>
      <td className="number">
        <span className="peer-lag">
          {t('peers.lag', { count: sync.lag, n: formatNumber(sync.lag, language) })}
        </span>
        <div className="subtle">
          {t('peers.position', {
            seq: formatNumber(sync.seq, language),
            head: formatNumber(sync.head, language),
          })}
        </div>
      </td>
      <td className="peer-error">
        {errorCurrent && sync.lastErrorAt ? (
          <>
            <div className="field-error">{sync.lastError}</div>
            <PeerTime iso={sync.lastErrorAt} />
            {sync.failures > 1 && (
              <div className="subtle">{t('peers.failures', { count: sync.failures })}</div>
            )}
          </>
        ) : (
          t('peers.noError')
        )}
      </td>
      <td className="actions">
        <div className="form-actions">
          <button type="button" onClick={onSync} disabled={syncing || suspended}>
            {syncing ? t('peers.actions.syncing') : t('peers.actions.syncNow')}
            {named}
          </button>
          <button type="button" onClick={() => onAction(suspended ? 'reactivate' : 'suspend')}>
            {suspended ? t('peers.actions.resume') : t('peers.actions.suspend')}
            {named}
          </button>
          <button type="button" onClick={() => onAction('rotate-key')}>
            {t('peers.actions.rotateKey')}
            {named}
          </button>
          <button type="button" onClick={() => onAction('set-url')}>
            {t('peers.actions.editUrl')}
            {named}
          </button>
        </div>
      </td>
    </tr>
  )
}
