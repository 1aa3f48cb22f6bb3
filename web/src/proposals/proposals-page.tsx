/**
 * @module web/proposals/proposals-page
 * /proposals: proposals addressed to this node (another node's plan asks for its stock) and this
 * node's own, newest first, paged and filtered on the server (GET /api/proposals; ?direction=&offset=
 * in the address; incoming by default). Each row: its reference, state, which node asks whom, from
 * where to where, what, needed by and the planned times, and the decision. A logistician accepts or
 * declines an incoming one that is still proposed; a planner withdraws an outgoing one not decided yet.
 */
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { shortNode } from '../common/home-badge.js'
import { Pager, pageSizes } from '../common/pager.js'
import { useApiData } from '../common/use-api-data.js'
import { ZonedTime } from '../requests/request-bits.js'
import { useItems, usePlaces } from '../requests/request-lookups.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { decisionNote, PlaceName, ProposalLines, ProposalStateBadge } from './proposal-bits.js'
import { AcceptDialog, DeclineDialog, WithdrawDialog } from './proposal-dialogs.js'
import {
  directions,
  isDirection,
  mayDecide,
  mayWithdraw,
  type ProposalBody,
  type ProposalList,
  proposalRef,
} from './proposal-model.js'

const defaultLimit = 50

export function ProposalsPage() {
  const { t } = useTranslation()
  const session = useSignedInSession()
  const { search } = useLocation()
  const directionParam = search.get('direction') ?? ''
  const direction = isDirection(directionParam) ? directionParam : 'incoming'
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<ProposalList>('/api/proposals', {
    direction,
    limit,
    offset,
  })
  const rows = data?.proposals ?? []
  const ids = useMemo(
    () => ({
      places: rows.flatMap((row) => [row.origin, row.destination]),
      items: rows.flatMap((row) => row.lines.map((line) => line.item)),
    }),
    [rows],
  )
  const places = usePlaces(ids.places)
  const items = useItems(ids.items)
  const [deciding, setDeciding] = useState<{
    proposal: ProposalBody
    how: 'accept' | 'decline' | 'withdraw'
  }>()
  const done = () => {
    setDeciding(undefined)
    reload()
  }

  return (
    <section className="page proposals-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('proposals.title')}
        </h1>
      </div>
      <p className="subtle">{t('proposals.intro')}</p>
      <div className="filters">
        <FilterSelect
          label={t('proposals.filters.direction')}
          value={direction === 'all' ? '' : direction}
          all={t('proposals.direction.all')}
          onChange={(value) =>
            setSearchParams({
              // Incoming is what a logistician opens the screen for: the default, kept out of the address.
              direction: value === '' ? 'all' : value === 'incoming' ? undefined : value,
              offset: undefined,
            })
          }
        >
          {directions
            .filter((each) => each !== 'all')
            .map((each) => (
              <option key={each} value={each}>
                {t(`proposals.direction.${each}`)}
              </option>
            ))}
        </FilterSelect>
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table proposal-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('proposals.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('proposals.columns.reference')}</th>
              <th scope="col">{t('proposals.columns.state')}</th>
              <th scope="col">{t('proposals.columns.nodes')}</th>
              <th scope="col">{t('proposals.columns.route')}</th>
              <th scope="col">{t('proposals.columns.what')}</th>
              <th scope="col">{t('proposals.columns.when')}</th>
              <th scope="col">{t('proposals.columns.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-proposal={row.id}>
                <td className="nowrap code">
                  <abbr title={row.id}>{proposalRef(row.id)}</abbr>
                  {!row.incoming && (
                    <span className="column-sub">
                      <Link href={`/plans/${row.plan}`}>{t('proposals.plan')}</Link>
                    </span>
                  )}
                </td>
                <td>
                  <ProposalStateBadge state={row.state} />
                </td>
                <td title={row.incoming ? row.home : row.peer}>
                  {row.incoming
                    ? t('proposals.fromNode', { node: shortNode(row.home) })
                    : t('proposals.toNode', { node: shortNode(row.peer) })}
                </td>
                <td>
                  <PlaceName id={row.origin} places={places} /> →{' '}
                  <PlaceName id={row.destination} places={places} />
                </td>
                <td>
                  <ProposalLines proposal={row} items={items} />
                </td>
                <td>
                  {row.neededBy && (
                    <span className="column-sub">
                      {t('proposals.neededBy')} <ZonedTime iso={row.neededBy} inline />
                    </span>
                  )}
                  <span className="column-sub">
                    {t('proposals.departs')} <ZonedTime iso={row.departure} inline />
                  </span>
                </td>
                <td>
                  {row.decision?.consignment && row.incoming ? (
                    <Link href={`/consignments/${row.decision.consignment}`}>
                      {decisionNote(row, t)}
                    </Link>
                  ) : (
                    decisionNote(row, t)
                  )}
                  {mayDecide(session, row) && (
                    <div className="row-actions">
                      <button
                        type="button"
                        className="primary"
                        onClick={() => setDeciding({ proposal: row, how: 'accept' })}
                      >
                        {t('proposals.accept.submit')}
                      </button>
                      <button
                        type="button"
                        onClick={() => setDeciding({ proposal: row, how: 'decline' })}
                      >
                        {t('proposals.decline.submit')}
                      </button>
                    </div>
                  )}
                  {mayWithdraw(session, row) && (
                    <div className="row-actions">
                      <button
                        type="button"
                        onClick={() => setDeciding({ proposal: row, how: 'withdraw' })}
                      >
                        {t('proposals.withdraw.submit')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && rows.length === 0 && <p className="empty">{t('proposals.none')}</p>}
        {!data && loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {data && (
        <Pager
          total={data.total}
          limit={limit}
          offset={offset}
          onPage={(next) => setSearchParams({ offset: next > 0 ? String(next) : undefined })}
          onLimit={(next) => setSearchParams({ limit: String(next), offset: undefined })}
        />
      )}
      {deciding?.how === 'accept' && (
        <AcceptDialog
          proposal={deciding.proposal}
          onDone={done}
          onClose={() => setDeciding(undefined)}
        />
      )}
      {deciding?.how === 'withdraw' && (
        <WithdrawDialog
          proposal={deciding.proposal}
          onDone={done}
          onClose={() => setDeciding(undefined)}
        />
      )}
      {deciding?.how === 'decline' && (
        <DeclineDialog
          proposal={deciding.proposal}
          onDone={done}
          onClose={() => setDeciding(undefined)}
        />
      )}
    </section>
  )
}
