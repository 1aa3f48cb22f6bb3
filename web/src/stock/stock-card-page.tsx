/**
 * @module web/stock/stock-card-page
 * /stock/accounts/:id: one account's stock card — what it is (place, item, owner, lot, expiry) and
 * holds now, then every transfer in and out, oldest first and paged (GET /api/stock/accounts/:id/card):
 * when (in the reader's zone, and UTC), why, from or to where, the reference, who, the change and the
 * posted balance after it. The other side of each transfer is looked up once per account.
 */
import type { UserView } from '@contract/access.js'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiGet } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { Pager, pageSizes } from '../common/pager.js'
import { RecordName } from '../common/record-name.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber, nameOf } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { hasRole, useSignedInSession } from '../session/session.js'
import { ExpiryBadge } from './expiry-badge.js'
import { formatKg, formatM3, formatZonedTime, localDay } from './stock-format.js'
import { canRecordStock } from './stock-page.js'
import { type Organisations, useOrganisations, useUnitName } from './stock-pickers.js'
import type { Balance, StockCard, StockCardLine } from './stock-types.js'

const defaultLimit = 50

export function StockCardPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const { search } = useLocation()
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<StockCard>(`/api/stock/accounts/${id}/card`, {
    limit,
    offset,
  })
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const account = data?.account.accountId === id ? data.account : undefined
  const counterparts = useCounterparts(id, data?.lines)
  const users = useApiData<{ users: UserView[] }>(hasRole(session, 'admin') ? '/api/users' : null)
  const usernames = useMemo(
    () => new Map((users.data?.users ?? []).map((user) => [user.id, user.username])),
    [users.data],
  )
  const itemName = account ? nameOf(account.item, language) : undefined

  const title = itemName ? t('stockCard.title', { item: itemName.text }) : undefined
  useEffect(() => {
    if (title) document.title = t('app.pageTitle', { page: title })
  }, [title, t])

  const actorName = (actor: string) => {
    const [kind, actorId] = actor.split(':')
    if (kind === 'user' && actorId) {
      if (actorId === session.user.id) return session.user.displayName ?? session.user.username
      return usernames.get(actorId) ?? t('stockCard.user', { id: actorId.slice(0, 8) })
    }
    if (kind === 'token' && actorId) return t('stockCard.token', { id: actorId.slice(0, 8) })
    return actor
  }
  const none = t('table.none')
  const number = (value: number) => formatNumber(value, language)

  return (
    <section className="page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/stock">← {t('stockCard.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {itemName ? (
          <>
            {t('stockCard.heading')}
            <span lang={itemName.lang === language ? undefined : itemName.lang}>
              {itemName.text}
            </span>
          </>
        ) : (
          t('stockCard.headingAlone')
        )}
      </h1>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!account && loading && <p>{t('app.loading')}</p>}
      {account && (
        <>
          {canRecordStock(session.user.roles) && account.kind === 'stock' && (
            <CardMovementLinks account={account} />
          )}
          <dl className="fields card-fields">
            <Field label={t('stockCard.fields.place')}>
              {account.place ? (
                <>
                  <RecordName record={account.place} />{' '}
                  <span className="subtle code">{account.place.code}</span>
                </>
              ) : (
                <span className="code">{account.where}</span>
              )}
            </Field>
            <Field label={t('stockCard.fields.item')}>
              <span className="code">{account.item.code}</span> ·{' '}
              {i18n.exists(`itemCategory.${account.item.category}`)
                ? t(`itemCategory.${account.item.category}`)
                : account.item.category}{' '}
              · {t('stockCard.fields.unitIs', { unit: unitName(account.item.unit) })}
            </Field>
            <Field label={t('stockCard.fields.owner')}>
              <OwnerName id={account.owner} orgs={orgs} />
            </Field>
            <Field label={t('stockCard.fields.lot')}>
              {account.lot ? (
                <span className="code">{account.lot}</span>
              ) : (
                <span className="subtle">{t('stock.noLot')}</span>
              )}
            </Field>
            <Field label={t('stockCard.fields.expiresOn')}>
              <ExpiryBadge expiresOn={account.expiresOn} today={localDay(new Date())} />
            </Field>
            <Field label={t('stockCard.fields.posted')}>{number(account.posted)}</Field>
            <Field label={t('stockCard.fields.pending')}>
              {account.pendingOut === 0 && account.pendingIn === 0
                ? none
                : [
                    account.pendingOut !== 0 &&
                      t('stock.pendingOut', { quantity: number(account.pendingOut) }),
                    account.pendingIn !== 0 &&
                      t('stock.pendingIn', { quantity: number(account.pendingIn) }),
                  ]
                    .filter(Boolean)
                    .join(', ')}
            </Field>
            <Field label={t('stockCard.fields.available')}>
              <strong>{number(account.available)}</strong>
            </Field>
            <Field label={t('stockCard.fields.weight')}>
              {formatKg(account.weightKg, language) ?? none}
            </Field>
            <Field label={t('stockCard.fields.volume')}>
              {formatM3(account.volumeM3, language) ?? none}
            </Field>
          </dl>
          <h2 id="card-lines-title">{t('stockCard.linesTitle')}</h2>
          <div className="table-wrap">
            <table
              className="data-table card-table"
              aria-busy={loading}
              aria-labelledby="card-lines-title"
            >
              <thead>
                <tr>
                  <th scope="col">{t('stockCard.columns.at')}</th>
                  <th scope="col">{t('stockCard.columns.reason')}</th>
                  <th scope="col">{t('stockCard.columns.counterpart')}</th>
                  <th scope="col">{t('stockCard.columns.ref')}</th>
                  <th scope="col">{t('stockCard.columns.actor')}</th>
                  <th scope="col" className="number">
                    {t('stockCard.columns.change')}
                  </th>
                  <th scope="col" className="number">
                    {t('stockCard.columns.after')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data?.lines.map((line) => {
                  const time = formatZonedTime(line.transfer.at, language)
                  const outgoing = line.transfer.fromAccount === id
                  const other = outgoing ? line.transfer.toAccount : line.transfer.fromAccount
                  return (
                    <tr key={line.transfer.id}>
                      <td>
                        <time dateTime={line.transfer.at}>{time.local}</time>
                        <div className="subtle">{time.utc}</div>
                      </td>
                      <td>
                        <ReasonText line={line} />
                      </td>
                      <td>
                        <Counterpart
                          outgoing={outgoing}
                          account={counterparts.get(other)}
                          orgs={orgs}
                        />
                      </td>
                      <td>{line.transfer.ref ?? none}</td>
                      <td>{actorName(line.transfer.actor)}</td>
                      <td
                        className={`number change ${line.change > 0 ? 'change-in' : line.change < 0 ? 'change-out' : ''}`}
                      >
                        {signed(line.change, language)}
                      </td>
                      <td className="number">{number(line.postedAfter)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
            {data && data.lines.length === 0 && <p className="empty">{t('stockCard.none')}</p>}
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
        </>
      )}
    </section>
  )
}

/** +120, −30 (a true minus sign), 0. */
export function signed(value: number, language: 'en' | 'ja'): string {
  const text = formatNumber(Math.abs(value), language)
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function OwnerName({ id, orgs }: { id: string; orgs: Organisations }) {
  const org = orgs.byId.get(id)
  if (!org) return <span className="code">{id}</span>
  return (
    <>
      {org.code} — <RecordName record={org} />
    </>
  )
}

function ReasonText({ line }: { line: StockCardLine }) {
  const { t, i18n } = useTranslation()
  const { reason, mode } = line.transfer
  const text = i18n.exists(`reason.${reason}`) ? t(`reason.${reason}`) : reason
  return (
    <>
      {text}
      {mode !== 'single' && <span className="tag">{t(`transferMode.${mode}`)}</span>}
    </>
  )
}

function Counterpart({
  outgoing,
  account,
  orgs,
}: {
  outgoing: boolean
  account: Balance | null | undefined
  orgs: Organisations
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  if (account === undefined) return <span className="subtle">…</span>
  if (account === null) return <span className="subtle">{t('table.none')}</span>
  const where = account.place ? nameOf(account.place, language).text : orgs.codeOf(account.where)
  const what = t(`accountKind.${account.kind}`, { where })
  const label = outgoing ? t('stockCard.to', { what }) : t('stockCard.from', { what })
  if (account.kind === 'stock')
    return <Link href={`/stock/accounts/${account.accountId}`}>{label}</Link>
  return <>{label}</>
}

const counterpartCache = new Map<string, Promise<Balance | null>>()

/** What each other account of these lines is (kind, place, source), fetched once per account. */
function useCounterparts(
  id: string,
  lines: readonly StockCardLine[] | undefined,
): Map<string, Balance | null> {
  const [known, setKnown] = useState<Map<string, Balance | null>>(new Map())
  useEffect(() => {
    if (!lines) return
    let live = true
    const ids = [
      ...new Set(
        lines.map((line) =>
          line.transfer.fromAccount === id ? line.transfer.toAccount : line.transfer.fromAccount,
        ),
      ),
    ]
    for (const other of ids) {
      let pending = counterpartCache.get(other)
      if (!pending) {
        pending = apiGet<StockCard>(`/api/stock/accounts/${other}/card`, {
          limit: 1,
          offset: 0,
        }).then(
          (card) => card.account,
          () => {
            counterpartCache.delete(other)
            return null
          },
        )
        counterpartCache.set(other, pending)
      }
      void pending.then((account) => {
        if (live) setKnown((previous) => new Map(previous).set(other, account))
      })
    }
    return () => {
      live = false
    }
  }, [id, lines])
  return known
}

function CardMovementLinks({ account }: { account: Balance }) {
  const { t } = useTranslation()
  const query = new URLSearchParams({
    place: account.where,
    item: account.item.id,
    owner: account.owner,
    lot: account.lot,
  }).toString()
  return (
    <nav aria-label={t('movement.nav')} className="movement-links">
      <ul>
        {(['move', 'issue', 'loss', 'adjust'] as const).map((kind) => (
          <li key={kind}>
            <Link href={`/stock/${kind}?${query}`} className="button-link">
              {t(`movement.${kind}.action`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
