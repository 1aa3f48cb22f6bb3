/**
 * @module web/admin/audit-page
 * /admin/audit (admins): the node's event log, newest first, paged and filtered on the server
 * (GET /api/audit) by actor, kind (a prefix when it ends in "."), subject and a time range. The filters
 * live in the address (?actor=&kind=&subject=&from=&to=&offset=&limit=, times as ISO-8601 UTC); each
 * row opens to show the event's body and hash.
 */
import type { UserView } from '@contract/access.js'
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { type ClientErrors, TextField, translateErrors } from '../common/form.js'
import { Pager, pageSizes } from '../common/pager.js'
import { useApiData } from '../common/use-api-data.js'
import { formatTimestamp, fromDateTimeLocal, toDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { setSearchParams, useLocation } from '../router.js'

interface AuditEvent {
  seq: number
  at: string
  actor: string
  kind: string
  subject: string
  body: unknown
  hash: string
}
interface AuditList {
  events: AuditEvent[]
  total: number
  limit: number
  offset: number
}

const defaultLimit = 50
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const kindSuggestions = [
  'user.',
  'user.created',
  'user.updated',
  'user.signed_in',
  'user.sign_in_failed',
  'user.password_reset',
  'token.',
  'token.created',
  'token.revoked',
  'organisation.',
  'item.',
  'place.',
]

interface Filters {
  actor: string
  kind: string
  subject: string
  from: string
  to: string
}

function filtersOf(search: URLSearchParams): Filters {
  return {
    actor: search.get('actor') ?? '',
    kind: search.get('kind') ?? '',
    subject: search.get('subject') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  }
}

export function AuditPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const { search } = useLocation()
  const applied = filtersOf(search)
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit

  const { data, error, loading, reload } = useApiData<AuditList>('/api/audit', {
    ...applied,
    limit,
    offset,
  })
  const users = useApiData<{ users: UserView[] }>('/api/users')
  const usernames = useMemo(
    () => new Map((users.data?.users ?? []).map((user) => [user.id, user.username])),
    [users.data],
  )
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())

  const toggle = (seq: number) =>
    setOpen((previous) => {
      const next = new Set(previous)
      if (next.has(seq)) next.delete(seq)
      else next.add(seq)
      return next
    })

  /** "user:<id>" as the username when this node knows it. */
  const actorName = (actor: string): string => {
    const [kind, id] = actor.split(':')
    if (kind === 'user' && id) {
      const username = usernames.get(id)
      if (username) return username
    }
    return actor
  }

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('audit.title')}
      </h1>
      <p className="subtle">{t('audit.intro')}</p>
      <AuditFilters
        applied={applied}
        users={users.data?.users ?? []}
        onApply={(filters) => setSearchParams({ ...filters, offset: undefined })}
      />
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table audit-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.fields.seq')}</th>
              <th scope="col">{t('audit.fields.at')}</th>
              <th scope="col">{t('audit.fields.kind')}</th>
              <th scope="col">{t('audit.fields.actor')}</th>
              <th scope="col">{t('audit.fields.subject')}</th>
            </tr>
          </thead>
          {data?.events.map((event) => {
            const expanded = open.has(event.seq)
            const bodyId = `audit-event-${event.seq}`
            const subjectName = usernames.get(event.subject)
            return (
              <tbody key={event.seq} className={expanded ? 'expanded' : undefined}>
                <tr>
                  <td>
                    <button
                      type="button"
                      className="expand-button"
                      aria-expanded={expanded}
                      aria-controls={bodyId}
                      onClick={() => toggle(event.seq)}
                    >
                      <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {event.seq}
                      <span className="visually-hidden"> {t('audit.details')}</span>
                    </button>
                  </td>
                  <td className="nowrap">{formatTimestamp(event.at, language)}</td>
                  <td className="code">{event.kind}</td>
                  <td>
                    <span className="code" title={event.actor}>
                      {actorName(event.actor)}
                    </span>
                  </td>
                  <td>
                    <span className="code">{event.subject}</span>
                    {subjectName && <span className="subtle"> ({subjectName})</span>}
                  </td>
                </tr>
                <tr id={bodyId} className="event-body" hidden={!expanded}>
                  <td colSpan={5}>
                    {expanded && (
                      <>
                        <pre className="json">{JSON.stringify(event.body, null, 2)}</pre>
                        <p className="subtle">
                          {t('audit.fields.hash')}: <span className="code">{event.hash}</span>
                        </p>
                      </>
                    )}
                  </td>
                </tr>
              </tbody>
            )
          })}
        </table>
        {data && data.events.length === 0 && <p className="empty">{t('audit.none')}</p>}
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
    </section>
  )
}

function AuditFilters({
  applied,
  users,
  onApply,
}: {
  applied: Filters
  users: readonly UserView[]
  onApply: (filters: Filters) => void
}) {
  const { t } = useTranslation()
  const [actor, setActor] = useState(applied.actor)
  const [kind, setKind] = useState(applied.kind)
  const [subject, setSubject] = useState(applied.subject)
  const [from, setFrom] = useState(applied.from ? toDateTimeLocal(applied.from) : '')
  const [to, setTo] = useState(applied.to ? toDateTimeLocal(applied.to) : '')
  const [clientErrors, setErrors] = useState<ClientErrors>({})
  const errors = translateErrors(t, clientErrors)

  // Follow the address when it changes from outside (Back, Forward, a shared link).
  useEffect(() => {
    setActor(applied.actor)
    setKind(applied.kind)
    setSubject(applied.subject)
    setFrom(applied.from ? toDateTimeLocal(applied.from) : '')
    setTo(applied.to ? toDateTimeLocal(applied.to) : '')
  }, [applied.actor, applied.kind, applied.subject, applied.from, applied.to])

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const problems: ClientErrors = {}
    if (subject.trim() && !uuidPattern.test(subject.trim()))
      problems.subject = 'audit.subjectInvalid'
    const fromIso = fromDateTimeLocal(from)
    const toIso = fromDateTimeLocal(to)
    if (from && !fromIso) problems.from = 'form.invalidDateTime'
    if (to && !toIso) problems.to = 'form.invalidDateTime'
    if (fromIso && toIso && fromIso > toIso) problems.to = 'audit.toBeforeFrom'
    setErrors(problems)
    if (Object.keys(problems).length > 0) return
    onApply({
      actor: actor.trim(),
      kind: kind.trim(),
      subject: subject.trim().toLowerCase(),
      from: fromIso ?? '',
      to: toIso ?? '',
    })
  }

  const onClear = () => {
    setErrors({})
    onApply({ actor: '', kind: '', subject: '', from: '', to: '' })
  }

  return (
    <search aria-label={t('audit.filters')}>
      <form className="filters audit-filters" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('audit.fields.actor')}
          name="actor"
          value={actor}
          onChange={setActor}
          hint={t('audit.actorHint')}
          list="audit-actors"
          spellCheck={false}
        />
        <datalist id="audit-actors">
          <option value="system" />
          <option value="cli" />
          {users.map((user) => (
            <option key={user.id} value={`user:${user.id}`} label={user.username} />
          ))}
        </datalist>
        <TextField
          label={t('audit.fields.kind')}
          name="kind"
          value={kind}
          onChange={setKind}
          hint={t('audit.kindHint')}
          list="audit-kinds"
          spellCheck={false}
        />
        <datalist id="audit-kinds">
          {kindSuggestions.map((each) => (
            <option key={each} value={each} />
          ))}
        </datalist>
        <TextField
          label={t('audit.fields.subject')}
          name="subject"
          value={subject}
          onChange={setSubject}
          hint={t('audit.subjectHint')}
          error={errors.subject}
          spellCheck={false}
        />
        <TextField
          label={t('audit.from')}
          name="from"
          type="datetime-local"
          value={from}
          onChange={setFrom}
          error={errors.from}
        />
        <TextField
          label={t('audit.to')}
          name="to"
          type="datetime-local"
          value={to}
          onChange={setTo}
          error={errors.to}
        />
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('audit.apply')}
          </button>
          <button type="button" onClick={onClear}>
            {t('audit.clear')}
          </button>
        </div>
      </form>
    </search>
  )
}
