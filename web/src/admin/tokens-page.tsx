/**
 * @module web/admin/tokens-page
 * /admin/tokens (admins): API tokens for scripts and other systems. A token acts for one user with one
 * of that user's roles; its secret is shown once, when it is made, with an example of its use; the list
 * shows only its first characters. Revoking asks first. The list pages, sorts and is searched on the
 * server, newest first (?q=&user=&revoked=&sort=&offset=&limit=).
 */
import {
  type RoleName,
  type TokenView,
  tokenCreateSchema,
  tokenSortFields,
  type UserView,
} from '@contract/access.js'
import { type FormEvent, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { useFieldChecks } from '../common/field-checks.js'
import {
  type ClientErrors,
  FormError,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { FilterSelect } from '../common/filter-select.js'
import { useListParams } from '../common/list-params.js'
import { ConfirmDialog } from '../common/modal-dialog.js'
import { OneTimeSecret } from '../common/one-time-secret.js'
import { Pager } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { formatDateTime, fromDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { useSignedInSession } from '../session/session.js'

interface TokenList {
  tokens: TokenView[]
  total: number
}
interface UserList {
  users: UserView[]
}
interface TokenCreated {
  token: TokenView
  secret: string
}

export function TokensPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const list = useListParams(tokenSortFields, '-createdAt')
  const user = list.search.get('user') ?? ''
  const revokedParam = list.search.get('revoked')
  const revoked = revokedParam === 'true' || revokedParam === 'false' ? revokedParam : ''
  const tokens = useApiData<TokenList>('/api/tokens', {
    q: list.q,
    user,
    revoked,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })
  const users = useApiData<UserList>('/api/users')
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<TokenCreated>()
  const [revoking, setRevoking] = useState<TokenView>()
  const revoke = useSubmit()

  const userById = useMemo(
    () => new Map((users.data?.users ?? []).map((user) => [user.id, user])),
    [users.data],
  )
  const sorted = tokens.data?.tokens ?? []
  const now = Date.now()

  const onRevoke = async (token: TokenView) => {
    const outcome = await revoke.run(() =>
      apiRequest<TokenView>('POST', `/api/tokens/${token.id}/revoke`),
    )
    if (!outcome.ok) return
    setRevoking(undefined)
    tokens.reload()
  }

  const dash = t('table.none')
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('tokens.title')}
        </h1>
        {!creating && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setCreated(undefined)
              setCreating(true)
            }}
          >
            {t('tokens.new')}
          </button>
        )}
      </div>
      <p className="subtle">{t('tokens.intro')}</p>
      {created && (
        <OneTimeSecret
          title={t('tokens.createdTitle', { name: created.token.name })}
          label={t('tokens.secretOf', { name: created.token.name })}
          secret={created.secret}
          onDone={() => setCreated(undefined)}
        >
          <p>{t('tokens.example')}</p>
          <pre className="code-example">
            <code>{`curl -H "Authorization: Bearer ${created.secret}" ${window.location.origin}/api/items?limit=1`}</code>
          </pre>
        </OneTimeSecret>
      )}
      {creating && (
        <TokenCreateForm
          users={users.data?.users ?? []}
          onCancel={() => setCreating(false)}
          onCreated={(answer) => {
            setCreating(false)
            setCreated(answer)
            tokens.reload()
          }}
        />
      )}
      <div className="filters">
        <SearchBox label={t('tokens.search')} value={list.q} onSearch={list.onSearch} />
        <FilterSelect
          label={t('tokens.fields.user')}
          value={user}
          all={t('tokens.allUsers')}
          onChange={(value) => list.onFilter('user', value)}
        >
          {(users.data?.users ?? []).map((each) => (
            <option key={each.id} value={each.id}>
              {each.username}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('tokens.fields.status')}
          value={revoked}
          all={t('tokens.allStates')}
          onChange={(value) => list.onFilter('revoked', value)}
        >
          <option value="false">{t('tokens.notRevoked')}</option>
          <option value="true">{t('tokens.revoked')}</option>
        </FilterSelect>
      </div>
      {tokens.error && <ErrorMessage error={tokens.error} onRetry={tokens.reload} />}
      <div className="table-wrap">
        <table className="data-table" aria-busy={tokens.loading}>
          <caption className="visually-hidden">{t('tokens.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('tokens.fields.name')}
                field="name"
                sort={list.sort}
                onSort={list.onSort}
              />
              <th scope="col">{t('tokens.fields.user')}</th>
              <th scope="col">{t('tokens.fields.role')}</th>
              <th scope="col">{t('tokens.fields.prefix')}</th>
              <SortHeader
                label={t('tokens.fields.lastUsedAt')}
                field="lastUsedAt"
                sort={list.sort}
                onSort={list.onSort}
              />
              <SortHeader
                label={t('tokens.fields.expiresAt')}
                field="expiresAt"
                sort={list.sort}
                onSort={list.onSort}
              />
              <th scope="col">{t('tokens.fields.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((token) => {
              const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now
              return (
                <tr key={token.id} className={token.revokedAt ? 'row-disabled' : undefined}>
                  <td>{token.name}</td>
                  <td className="code">{userById.get(token.userId)?.username ?? token.userId}</td>
                  <td>{t(`role.${token.role}`)}</td>
                  <td className="code">{token.prefix}…</td>
                  <td>
                    {token.lastUsedAt
                      ? formatDateTime(token.lastUsedAt, language)
                      : t('tokens.neverUsed')}
                  </td>
                  <td>
                    {token.expiresAt
                      ? formatDateTime(token.expiresAt, language)
                      : t('tokens.noExpiry')}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      <span className="status status-closed">
                        {t('tokens.revokedAt', { at: formatDateTime(token.revokedAt, language) })}
                      </span>
                    ) : expired ? (
                      <span className="status status-damaged">{t('tokens.expired')}</span>
                    ) : (
                      <span className="status status-open">{t('tokens.active')}</span>
                    )}
                  </td>
                  <td className="actions">
                    {token.revokedAt ? (
                      dash
                    ) : (
                      <button
                        type="button"
                        onClick={() => {
                          revoke.clear()
                          setRevoking(token)
                        }}
                      >
                        {t('tokens.revoke')}
                        <span className="visually-hidden"> {token.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {tokens.data && sorted.length === 0 && (
          <p className="empty">
            {list.q || user || revoked ? t('tokens.noResults') : t('tokens.none')}
          </p>
        )}
        {!tokens.data && tokens.loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {tokens.data && (
        <Pager
          total={tokens.data.total}
          limit={list.limit}
          offset={list.offset}
          onPage={list.onPage}
          onLimit={list.onLimit}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('tokens.revokeTitle', { name: revoking.name })}
          message={t('tokens.revokeConfirm', { name: revoking.name, prefix: revoking.prefix })}
          confirmLabel={t('tokens.revoke')}
          cancelLabel={t('form.cancel')}
          busy={revoke.busy}
          danger
          onConfirm={() => void onRevoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        >
          <FormError error={revoke.error} />
        </ConfirmDialog>
      )}
    </section>
  )
}

function TokenCreateForm({
  users,
  onCreated,
  onCancel,
}: {
  users: readonly UserView[]
  onCreated: (created: TokenCreated) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const session = useSignedInSession()
  const [name, setName] = useState('')
  const [userId, setUserId] = useState(session.user.id)
  const candidates = useMemo(() => {
    const active = users.filter((user) => !user.disabled)
    return active.length ? [...active].sort((a, b) => a.username.localeCompare(b.username)) : []
  }, [users])
  const user = candidates.find((each) => each.id === userId)
  const heldRoles: readonly RoleName[] = user?.roles ?? session.user.roles
  const [role, setRole] = useState<RoleName | ''>('')
  const chosenRole: RoleName | undefined =
    role !== '' && heldRoles.includes(role) ? role : heldRoles[0]
  const [expires, setExpires] = useState('')
  const submit = useSubmit()
  const expiresAt = fromDateTimeLocal(expires)
  const body = {
    name: name.trim(),
    role: chosenRole,
    userId,
    ...(expiresAt ? { expiresAt } : {}),
  }
  // Checked as typed with the route's own schema; by hand only what it cannot see: a time the
  // browser could not read, and one already past (it reads the clock).
  const checks = useFieldChecks(tokenCreateSchema, body, { name: 'form.required' })
  const clientErrors: ClientErrors = { ...checks.errors }
  if (expires && !expiresAt) clientErrors.expiresAt = 'form.invalidDateTime'
  else if (expiresAt && Date.parse(expiresAt) <= Date.now())
    clientErrors.expiresAt = 'tokens.expiresInPast'
  const fieldErrors = { ...fieldErrorsOf(submit.error), ...translateErrors(t, clientErrors) }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const valid = checks.check()
    if (!valid || clientErrors.expiresAt) {
      submit.clear()
      return
    }
    const outcome = await submit.run(() => apiRequest<TokenCreated>('POST', '/api/tokens', body))
    if (outcome.ok) onCreated(outcome.value)
  }

  const userOptions = candidates.length
    ? candidates.map((each) => ({
        value: each.id,
        label: each.displayName ? `${each.username} (${each.displayName})` : each.username,
      }))
    : [{ value: session.user.id, label: session.user.username }]

  return (
    <form
      className="panel"
      aria-labelledby="token-create-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id="token-create-title">{t('tokens.createTitle')}</h2>
      <FormError error={submit.error} fieldErrors={fieldErrors} />
      <div className="form-grid">
        <TextField
          label={t('tokens.fields.name')}
          name="name"
          value={name}
          onChange={setName}
          hint={t('tokens.nameHint')}
          error={fieldErrors.name}
          onBlur={() => checks.leave('name')}
          maxLength={100}
          required
          autoFocus
        />
        <SelectField
          label={t('tokens.fields.user')}
          name="userId"
          value={userId}
          onChange={setUserId}
          options={userOptions}
          error={fieldErrors.userId}
          required
        />
        <SelectField
          label={t('tokens.fields.role')}
          name="role"
          value={chosenRole ?? ''}
          onChange={(value) => setRole(value as RoleName)}
          options={heldRoles.map((each) => ({ value: each, label: t(`role.${each}`) }))}
          hint={t('tokens.roleHint')}
          error={fieldErrors.role}
          required
        />
        <TextField
          label={t('tokens.fields.expiresAt')}
          name="expiresAt"
          type="datetime-local"
          value={expires}
          onChange={setExpires}
          hint={t('tokens.expiresHint')}
          error={fieldErrors.expiresAt}
          optional
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('tokens.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  )
}
