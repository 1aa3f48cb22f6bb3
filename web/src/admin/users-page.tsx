/**
 * @module web/admin/users-page
 * /admin/users (admins): the people who may sign in to this node — create one (the server makes a
 * one-time password, shown here once), change their roles or disable them, and reset a password. The
 * list pages, sorts and is searched on the server (?q=&role=&disabled=&sort=&offset=&limit=).
 */
import {
  type RoleName,
  roles,
  type UserView,
  userCreateSchema,
  userSortFields,
  userUpdateSchema,
} from '@contract/access.js'
import type { OrganisationView } from '@contract/organisations.js'
import { type FormEvent, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import {
  CheckboxField,
  type FieldErrors,
  FormError,
  fieldErrorsOf,
  RoleCheckboxes,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useFieldChecks } from '../common/field-checks.js'
import { FilterSelect } from '../common/filter-select.js'
import { useListParams } from '../common/list-params.js'
import { ConfirmDialog, ModalDialog } from '../common/modal-dialog.js'
import { OneTimeSecret } from '../common/one-time-secret.js'
import { Pager } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { formatDateTime, nameOf } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { useSignedInSession } from '../session/session.js'

interface UserList {
  users: UserView[]
  total: number
}
interface OrganisationList {
  organisations: OrganisationView[]
}
interface UserCreated {
  user: UserView
  oneTimePassword: string | null
}

interface Secret {
  kind: 'created' | 'reset'
  username: string
  password: string
}

export function UsersPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const list = useListParams(userSortFields, 'username')
  const roleParam = list.search.get('role') ?? ''
  const role = (roles as readonly string[]).includes(roleParam) ? roleParam : ''
  const disabledParam = list.search.get('disabled')
  const disabled = disabledParam === 'true' || disabledParam === 'false' ? disabledParam : ''
  const users = useApiData<UserList>('/api/users', {
    q: list.q,
    role,
    disabled,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })
  const organisations = useApiData<OrganisationList>('/api/organisations')
  const [creating, setCreating] = useState(false)
  const [secret, setSecret] = useState<Secret>()
  const [editing, setEditing] = useState<UserView>()
  const [resetting, setResetting] = useState<UserView>()
  const reset = useSubmit()

  const orgById = useMemo(
    () => new Map((organisations.data?.organisations ?? []).map((org) => [org.id, org])),
    [organisations.data],
  )
  const sorted = users.data?.users ?? []

  const onReset = async (user: UserView) => {
    const outcome = await reset.run(() =>
      apiRequest<{ oneTimePassword: string }>('POST', `/api/users/${user.id}/password-reset`),
    )
    if (!outcome.ok) return
    setResetting(undefined)
    setSecret({ kind: 'reset', username: user.username, password: outcome.value.oneTimePassword })
    users.reload()
  }

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('users.title')}
        </h1>
        {!creating && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setSecret(undefined)
              setCreating(true)
            }}
          >
            {t('users.new')}
          </button>
        )}
      </div>
      {secret && (
        <OneTimeSecret
          title={secret.kind === 'created' ? t('users.createdTitle') : t('users.resetTitle')}
          label={t('users.oneTimePasswordOf', { username: secret.username })}
          secret={secret.password}
          onDone={() => setSecret(undefined)}
        >
          <p>{t('users.oneTimePasswordUse', { username: secret.username })}</p>
        </OneTimeSecret>
      )}
      {creating && (
        <UserCreateForm
          organisations={organisations.data?.organisations ?? []}
          defaultOrg={session.org.id}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false)
            if (created.oneTimePassword)
              setSecret({
                kind: 'created',
                username: created.user.username,
                password: created.oneTimePassword,
              })
            users.reload()
          }}
        />
      )}
      <div className="filters">
        <SearchBox label={t('users.search')} value={list.q} onSearch={list.onSearch} />
        <FilterSelect
          label={t('users.fields.roles')}
          value={role}
          all={t('users.allRoles')}
          onChange={(value) => list.onFilter('role', value)}
        >
          {roles.map((each) => (
            <option key={each} value={each}>
              {t(`role.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('users.fields.status')}
          value={disabled}
          all={t('users.allStates')}
          onChange={(value) => list.onFilter('disabled', value)}
        >
          <option value="false">{t('users.status.active')}</option>
          <option value="true">{t('users.status.disabled')}</option>
        </FilterSelect>
      </div>
      {users.error && <ErrorMessage error={users.error} onRetry={users.reload} />}
      <div className="table-wrap">
        <table className="data-table" aria-busy={users.loading}>
          <caption className="visually-hidden">{t('users.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('users.fields.username')}
                field="username"
                sort={list.sort}
                onSort={list.onSort}
              />
              <SortHeader
                label={t('users.fields.displayName')}
                field="displayName"
                sort={list.sort}
                onSort={list.onSort}
              />
              <th scope="col">{t('users.fields.org')}</th>
              <th scope="col">{t('users.fields.roles')}</th>
              <th scope="col">{t('users.fields.status')}</th>
              <th scope="col">{t('users.fields.updatedAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((user) => {
              const org = orgById.get(user.org)
              return (
                <tr key={user.id} className={user.disabled ? 'row-disabled' : undefined}>
                  <td className="code">{user.username}</td>
                  <td>{user.displayName ?? t('table.none')}</td>
                  <td>
                    {org ? (
                      <abbr title={nameOf(org, language).text}>{org.code}</abbr>
                    ) : (
                      <span className="code">{user.org}</span>
                    )}
                  </td>
                  <td>
                    {user.roles.map((role) => t(`role.${role}`)).join(t('account.roleSeparator'))}
                  </td>
                  <td>
                    {user.disabled ? (
                      <span className="status status-closed">{t('users.status.disabled')}</span>
                    ) : user.mustChangePassword ? (
                      <span className="status status-damaged">
                        {t('users.status.mustChangePassword')}
                      </span>
                    ) : (
                      <span className="status status-open">{t('users.status.active')}</span>
                    )}
                  </td>
                  <td>{formatDateTime(user.updatedAt, language)}</td>
                  <td className="actions">
                    <button type="button" onClick={() => setEditing(user)}>
                      {t('users.edit')}
                      <span className="visually-hidden"> {user.username}</span>
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        reset.clear()
                        setResetting(user)
                      }}
                    >
                      {t('users.resetPassword')}
                      <span className="visually-hidden"> {user.username}</span>
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {users.data && sorted.length === 0 && (
          <p className="empty">
            {list.q || role || disabled ? t('users.noResults') : t('users.none')}
          </p>
        )}
        {!users.data && users.loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {users.data && (
        <Pager
          total={users.data.total}
          limit={list.limit}
          offset={list.offset}
          onPage={list.onPage}
          onLimit={list.onLimit}
        />
      )}
      {editing && (
        <UserEditDialog
          user={editing}
          isSelf={editing.id === session.user.id}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined)
            users.reload()
          }}
        />
      )}
      {resetting && (
        <ConfirmDialog
          title={t('users.resetTitleConfirm', { username: resetting.username })}
          message={t('users.resetConfirm', { username: resetting.username })}
          confirmLabel={t('users.resetPassword')}
          cancelLabel={t('form.cancel')}
          busy={reset.busy}
          danger
          onConfirm={() => void onReset(resetting)}
          onCancel={() => setResetting(undefined)}
        >
          <FormError error={reset.error} />
        </ConfirmDialog>
      )}
    </section>
  )
}

/** The wording of the user forms for the problems people meet; others get the plain messages. */
const createMessages = { username: 'users.usernameInvalid', roles: 'users.rolesRequired' }

function UserCreateForm({
  organisations,
  defaultOrg,
  onCreated,
  onCancel,
}: {
  organisations: readonly OrganisationView[]
  defaultOrg: string
  onCreated: (created: UserCreated) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [org, setOrg] = useState(defaultOrg)
  const [roles, setRoles] = useState<RoleName[]>(['viewer'])
  const submit = useSubmit()
  const body = {
    username: username.trim().toLowerCase(),
    displayName: displayName.trim() || null,
    org,
    roles,
  }
  // Checked as typed with the route's own schema; the form words the two problems people meet.
  const checks = useFieldChecks(userCreateSchema, body, createMessages)
  const fieldErrors: FieldErrors = {
    ...fieldErrorsOf(submit.error),
    ...(submit.error?.code === 'duplicate_code' && { username: t('users.usernameTaken') }),
    ...translateErrors(t, checks.errors),
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!checks.check()) {
      submit.clear()
      return
    }
    const outcome = await submit.run(() => apiRequest<UserCreated>('POST', '/api/users', body))
    if (outcome.ok) onCreated(outcome.value)
  }

  const orgOptions = organisations.length
    ? [...organisations]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((each) => ({ value: each.id, label: `${each.code} — ${nameOf(each, language).text}` }))
    : [{ value: defaultOrg, label: defaultOrg }]

  return (
    <form
      className="panel"
      aria-labelledby="user-create-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id="user-create-title">{t('users.createTitle')}</h2>
      <p className="subtle">{t('users.createIntro')}</p>
      <FormError error={submit.error} fieldErrors={fieldErrors} />
      <div className="form-grid">
        <TextField
          label={t('users.fields.username')}
          name="username"
          value={username}
          onChange={setUsername}
          onBlur={() => checks.leave('username')}
          hint={t('users.usernameHint')}
          error={fieldErrors.username}
          spellCheck={false}
          required
          autoFocus
        />
        <TextField
          label={t('users.fields.displayName')}
          name="displayName"
          value={displayName}
          onChange={setDisplayName}
          onBlur={() => checks.leave('displayName')}
          error={fieldErrors.displayName}
          maxLength={200}
          optional
        />
        <SelectField
          label={t('users.fields.org')}
          name="org"
          value={org}
          onChange={setOrg}
          options={orgOptions}
          error={fieldErrors.org}
          required
        />
      </div>
      <RoleCheckboxes
        selected={roles}
        onChange={(next) => {
          setRoles(next)
          checks.leave('roles')
        }}
        error={fieldErrors.roles}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('users.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  )
}

function UserEditDialog({
  user,
  isSelf,
  onSaved,
  onClose,
}: {
  user: UserView
  isSelf: boolean
  onSaved: (user: UserView) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [displayName, setDisplayName] = useState(user.displayName ?? '')
  const [roles, setRoles] = useState<RoleName[]>(user.roles)
  const [disabled, setDisabled] = useState(user.disabled)
  const submit = useSubmit()
  const body = { version: user.version, displayName: displayName.trim() || null, roles, disabled }
  const checks = useFieldChecks(userUpdateSchema, body, createMessages)
  const fieldErrors = { ...fieldErrorsOf(submit.error), ...translateErrors(t, checks.errors) }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!checks.check()) return
    const outcome = await submit.run(() =>
      apiRequest<UserView>('PATCH', `/api/users/${user.id}`, body),
    )
    if (outcome.ok) onSaved(outcome.value)
  }

  return (
    <ModalDialog title={t('users.editTitle', { username: user.username })} onClose={onClose}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <FormError error={submit.error} fieldErrors={fieldErrors} />
        <TextField
          label={t('users.fields.displayName')}
          name="displayName"
          value={displayName}
          onChange={setDisplayName}
          onBlur={() => checks.leave('displayName')}
          error={fieldErrors.displayName}
          maxLength={200}
          optional
        />
        <RoleCheckboxes
          selected={roles}
          onChange={(next) => {
            setRoles(next)
            checks.leave('roles')
          }}
          error={fieldErrors.roles}
        />
        <CheckboxField
          label={t('users.disable')}
          name="disabled"
          checked={disabled}
          onChange={setDisabled}
          hint={isSelf ? t('users.selfHint') : t('users.disableHint')}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {t('form.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
