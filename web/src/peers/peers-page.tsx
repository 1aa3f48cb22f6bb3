/**
 * @module web/peers/peers-page
 * /admin/peers (the node's admins): partners and links. This node's identity to give a partner's admin;
 * each peer with its status, last contact, lag (events it announced that are not here yet) and last
 * error, refreshed every 10 s while the page is open; "Sync now"; suspend, resume, rotate key, edit URL;
 * and registering a peer.
 */
import type { OrganisationView } from '@contract/organisations.js'
import type { NodeIdentityView, PeerSyncAnswer, PeerView } from '@contract/peers.js'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { useApiData } from '../common/use-api-data.js'
import { toApiError } from '../common/use-submit.js'
import { NodeIdentityPanel } from './node-identity-panel.js'
import { PeerAddForm } from './peer-add-form.js'
import { type PeerAction, PeerDialog } from './peer-dialogs.js'
import { PeerRow } from './peer-row.js'

const refreshMs = 10_000

export function PeersPage() {
  const { t } = useTranslation()
  const peers = useApiData<{ peers: PeerView[] }>('/api/peers')
  const identity = useApiData<NodeIdentityView>('/api/peers/self')
  const organisations = useApiData<{ organisations: OrganisationView[] }>('/api/organisations')
  const [adding, setAdding] = useState(false)
  const [acting, setActing] = useState<{ action: PeerAction; peer: PeerView }>()
  const [syncing, setSyncing] = useState<ReadonlySet<string>>(new Set())
  const [notice, setNotice] = useState('')
  const reloadPeers = peers.reload

  useEffect(() => {
    const timer = setInterval(reloadPeers, refreshMs)
    return () => clearInterval(timer)
  }, [reloadPeers])

  const orgById = useMemo(
    () => new Map((organisations.data?.organisations ?? []).map((o) => [o.id, o])),
    [organisations.data],
  )
  const nameOf = (peer: PeerView) => orgById.get(peer.organisation)?.code ?? peer.organisation
  const sorted = useMemo(
    () =>
      [...(peers.data?.peers ?? [])].sort(
        (a, b) =>
          Number(a.status === 'suspended') - Number(b.status === 'suspended') ||
          (orgById.get(a.organisation)?.code ?? '').localeCompare(
            orgById.get(b.organisation)?.code ?? '',
          ),
      ),
    [peers.data, orgById],
  )

  const onSync = async (peer: PeerView) => {
    const name = nameOf(peer)
    setSyncing((now) => new Set(now).add(peer.id))
    setNotice(t('peers.sync.running', { name }))
    try {
      const { report } = await apiRequest<PeerSyncAnswer>('POST', `/api/peers/${peer.id}/sync`)
      setNotice(
        report.outcome === 'failed'
          ? t('peers.sync.failed', { name, error: report.error ?? '' })
          : t(`peers.sync.${report.outcome}`, {
              name,
              seq: report.seq,
              head: report.head,
              count: report.received,
            }),
      )
    } catch (failure) {
      setNotice(t('peers.sync.failed', { name, error: toApiError(failure).message }))
    } finally {
      setSyncing((now) => {
        const next = new Set(now)
        next.delete(peer.id)
        return next
      })
      peers.reload()
    }
  }

  const done: Record<PeerAction, string> = {
    suspend: 'peers.saved.suspended',
    reactivate: 'peers.saved.resumed',
    'rotate-key': 'peers.saved.rotated',
    'set-url': 'peers.saved.urlChanged',
  }

  return (
    <section className="page peers-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('peers.title')}
        </h1>
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('peers.add.new')}
          </button>
        )}
      </div>
      <p className="subtle">{t('peers.intro')}</p>
      <NodeIdentityPanel identity={identity} />
      {adding && (
        <PeerAddForm
          organisations={organisations.data?.organisations ?? []}
          nodeOrg={identity.data?.organisation.id ?? ''}
          onCancel={() => setAdding(false)}
          onAdded={(peer, organisation) => {
            setAdding(false)
            setNotice(
              t('peers.saved.added', {
                name: orgById.get(organisation)?.code ?? organisation,
                id: peer.id,
              }),
            )
            organisations.reload()
            peers.reload()
          }}
        />
      )}
      <output className="peers-notice" aria-live="polite">
        {notice && <span className="notice">{notice}</span>}
      </output>
      <h2>{t('peers.list.title')}</h2>
      <p className="subtle">{t('peers.list.refresh')}</p>
      {peers.error && <ErrorMessage error={peers.error} onRetry={peers.reload} />}
      <div className="table-wrap">
        <table className="data-table peers-table" aria-busy={!peers.data && peers.loading}>
          <caption className="visually-hidden">{t('peers.list.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('peers.fields.organisation')}</th>
              <th scope="col">{t('peers.fields.status')}</th>
              <th scope="col">{t('peers.fields.lastContact')}</th>
              <th scope="col">{t('peers.fields.lag')}</th>
              <th scope="col">{t('peers.fields.lastError')}</th>
              <th scope="col">{t('table.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((peer) => (
              <PeerRow
                key={peer.id}
                peer={peer}
                organisation={orgById.get(peer.organisation)}
                syncing={syncing.has(peer.id)}
                onSync={() => void onSync(peer)}
                onAction={(action) => setActing({ action, peer })}
              />
            ))}
          </tbody>
        </table>
        {peers.data && sorted.length === 0 && <p className="empty">{t('peers.list.none')}</p>}
        {!peers.data && peers.loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {acting && (
        <PeerDialog
          action={acting.action}
          peer={acting.peer}
          name={nameOf(acting.peer)}
          onCancel={() => setActing(undefined)}
          onDone={(peer) => {
            setActing(undefined)
            setNotice(t(done[acting.action], { name: nameOf(peer) }))
            peers.reload()
          }}
        />
      )}
    </section>
  )
}
