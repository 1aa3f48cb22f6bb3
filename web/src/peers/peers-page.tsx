/**
 * @module web/peers/peers-page
 * /admin/peers (the node's admins): partners and links. This node's identity to give a partner's admin;
 * each peer with its status, last contact, lag (events it announced that are not here yet) and last
 * error, refreshed every 10 s while the page is open; paged, sorted and searched on the server (GET
 * /api/peers ?q=&status=&sort=&offset=&limit= in the address); "Sync now"; suspend, resume, rotate key,
 * edit URL; and registering a peer.
 */
import type { OrganisationView } from '@contract/organisations.js'
import {
  type NodeIdentityView,
  type PeerSyncAnswer,
  type PeerView,
  peerSortFields,
  peerStatuses,
} from '@contract/peers.js'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { useListParams } from '../common/list-params.js'
import { Pager } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { toApiError } from '../common/use-submit.js'
import { NodeIdentityPanel } from './node-identity-panel.js'
import { PeerAddForm } from './peer-add-form.js'
import { type PeerAction, PeerDialog } from './peer-dialogs.js'
import { PeerRow } from './peer-row.js'

const refreshMs = 10_000

interface PeerList {
  peers: PeerView[]
  total: number
  limit: number
  offset: number
}

export function PeersPage() {
  const { t } = useTranslation()
  const list = useListParams(peerSortFields, 'addedAt')
  const statusParam = list.search.get('status') ?? ''
  const status = (peerStatuses as readonly string[]).includes(statusParam) ? statusParam : ''
  const peers = useApiData<PeerList>('/api/peers', {
    q: list.q,
    status,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })
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
  const shown = peers.data?.peers ?? []

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
      <div className="filters">
        <SearchBox label={t('peers.list.search')} value={list.q} onSearch={list.onSearch} />
        <FilterSelect
          label={t('peers.fields.status')}
          value={status}
          all={t('peers.list.allStatuses')}
          onChange={(value) => list.onFilter('status', value)}
        >
          {peerStatuses.map((each) => (
            <option key={each} value={each}>
              {t(`peers.status.${each}`)}
            </option>
          ))}
        </FilterSelect>
      </div>
      {peers.error && <ErrorMessage error={peers.error} onRetry={peers.reload} />}
      <div className="table-wrap">
        <table className="data-table peers-table" aria-busy={!peers.data && peers.loading}>
          <caption className="visually-hidden">{t('peers.list.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('peers.fields.organisation')}
                field="organisation"
                sort={list.sort}
                onSort={list.onSort}
              />
              <SortHeader
                label={t('peers.fields.status')}
                field="status"
                sort={list.sort}
                onSort={list.onSort}
              />
              <SortHeader
                label={t('peers.fields.lastContact')}
                field="lastContactAt"
                sort={list.sort}
                onSort={list.onSort}
              />
              <th scope="col">{t('peers.fields.lag')}</th>
              <th scope="col">{t('peers.fields.lastError')}</th>
              <th scope="col">{t('table.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((peer) => (
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
        {peers.data && shown.length === 0 && (
          <p className="empty">
            {list.q || status ? t('peers.list.noResults') : t('peers.list.none')}
          </p>
        )}
        {!peers.data && peers.loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {peers.data && (
        <Pager
          total={peers.data.total}
          limit={list.limit}
          offset={list.offset}
          onPage={list.onPage}
          onLimit={list.onLimit}
        />
      )}
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
