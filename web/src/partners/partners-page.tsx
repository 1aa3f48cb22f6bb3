/**
 * @module web/partners/partners-page
 * /partners: the organisations this node knows (anyone signed in), by code or sorted by a column
 * header, paged, searched and filtered by kind on the server (?q=&kind=&sort=&offset=&limit=). Admins are offered to add one and to
 * edit those this node is home of; the server lets only admins of the node's own organisation do it and
 * says so otherwise.
 */
import { organisationCreateSchema, organisationUpdateSchema } from '@contract/access.js'
import type { Health } from '@contract/common.js'
import {
  type OrganisationView,
  organisationKinds,
  organisationSortFields,
} from '@contract/organisations.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import {
  type FieldErrors,
  FormError,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useFieldChecks } from '../common/field-checks.js'
import { FilterSelect } from '../common/filter-select.js'
import { useListParams } from '../common/list-params.js'
import { ModalDialog } from '../common/modal-dialog.js'
import { Pager } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { hasRole, useSignedInSession } from '../session/session.js'

type Kind = (typeof organisationKinds)[number]
/** The form's wording for the codes' shapes; other problems get the plain messages. */
const partnerMessages = { code: 'partners.codeInvalid', country: 'partners.countryInvalid' }

export function PartnersPage() {
  const { t } = useTranslation()
  const session = useSignedInSession()
  const list = useListParams(organisationSortFields, 'code')
  const kindParam = list.search.get('kind') ?? ''
  const kind = (organisationKinds as readonly string[]).includes(kindParam) ? kindParam : ''
  const { data, error, loading, reload } = useApiData<{
    organisations: OrganisationView[]
    total: number
  }>('/api/organisations', {
    q: list.q,
    kind,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })
  const health = useApiData<Health>('/api/health')
  // Partners are administered by the admins of the organisation that runs the node.
  const canManage = hasRole(session, 'admin') && session?.org.id === session?.node.org
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<OrganisationView>()
  const [saved, setSaved] = useState<string>()

  const sorted = data?.organisations ?? []
  const dash = t('table.none')

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('partners.title')}
        </h1>
        {canManage && !creating && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setSaved(undefined)
              setCreating(true)
            }}
          >
            {t('partners.new')}
          </button>
        )}
      </div>
      <p className="subtle">{t('partners.intro')}</p>
      {saved && (
        <p className="success" role="status">
          {saved}
        </p>
      )}
      {creating && (
        <PartnerForm
          onCancel={() => setCreating(false)}
          onSaved={(organisation) => {
            setCreating(false)
            setSaved(t('partners.created', { code: organisation.code }))
            reload()
          }}
        />
      )}
      <div className="filters">
        <SearchBox
          label={t('partners.search')}
          placeholder={t('partners.searchPlaceholder')}
          value={list.q}
          onSearch={list.onSearch}
        />
        <FilterSelect
          label={t('partners.fields.kind')}
          value={kind}
          all={t('partners.allKinds')}
          onChange={(value) => list.onFilter('kind', value)}
        >
          {organisationKinds.map((each) => (
            <option key={each} value={each}>
              {t(`organisationKind.${each}`)}
            </option>
          ))}
        </FilterSelect>
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('partners.title')}</caption>
          <thead>
            <tr>
              {(['code', 'nameEn', 'nameJa', 'country', 'kind'] as const).map((field) => (
                <SortHeader
                  key={field}
                  label={t(`partners.fields.${field}`)}
                  field={field}
                  sort={list.sort}
                  onSort={list.onSort}
                />
              ))}
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">{t('table.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {sorted.map((organisation) => {
              const mine = organisation.id === session.org.id
              const editable = health.data ? organisation.home === health.data.node : true
              return (
                <tr key={organisation.id}>
                  <td className="code">
                    {organisation.code}
                    {mine && <span className="tag">{t('partners.yours')}</span>}
                  </td>
                  <td lang="en">{organisation.nameEn}</td>
                  <td lang="ja">{organisation.nameJa ?? dash}</td>
                  <td>{organisation.country ?? dash}</td>
                  <td>{t(`organisationKind.${organisation.kind}`)}</td>
                  {canManage && (
                    <td className="actions">
                      {editable ? (
                        <button
                          type="button"
                          onClick={() => {
                            setSaved(undefined)
                            setEditing(organisation)
                          }}
                        >
                          {t('partners.edit')}
                          <span className="visually-hidden"> {organisation.code}</span>
                        </button>
                      ) : (
                        <span className="subtle">{t('partners.otherNode')}</span>
                      )}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && sorted.length === 0 && (
          <p className="empty">{list.q || kind ? t('partners.noResults') : t('partners.none')}</p>
        )}
        {!data && loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {data && (
        <Pager
          total={data.total}
          limit={list.limit}
          offset={list.offset}
          onPage={list.onPage}
          onLimit={list.onLimit}
        />
      )}
      {editing && (
        <ModalDialog
          title={t('partners.editTitle', { code: editing.code })}
          onClose={() => setEditing(undefined)}
        >
          <PartnerForm
            existing={editing}
            onCancel={() => setEditing(undefined)}
            onSaved={(organisation) => {
              setEditing(undefined)
              setSaved(t('partners.updated', { code: organisation.code }))
              reload()
            }}
          />
        </ModalDialog>
      )}
    </section>
  )
}

function PartnerForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing?: OrganisationView
  onSaved: (organisation: OrganisationView) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [code, setCode] = useState(existing?.code ?? '')
  const [nameEn, setNameEn] = useState(existing?.nameEn ?? '')
  const [nameJa, setNameJa] = useState(existing?.nameJa ?? '')
  const [country, setCountry] = useState(existing?.country ?? '')
  const [kind, setKind] = useState<Kind>(existing?.kind ?? 'government')
  const submit = useSubmit()
  const fields = {
    nameEn: nameEn.trim(),
    nameJa: nameJa.trim() || null,
    country: country.trim().toUpperCase() || null,
    kind,
  }
  const sent = existing
    ? { version: existing.version, ...fields }
    : { code: code.trim().toUpperCase(), ...fields }
  // Checked as typed with the route's own schema (a new partner's, or an edit's).
  const checks = useFieldChecks(
    existing ? organisationUpdateSchema : organisationCreateSchema,
    sent,
    partnerMessages,
  )
  const fieldErrors: FieldErrors = {
    ...fieldErrorsOf(submit.error),
    ...(submit.error?.code === 'duplicate_code' && { code: t('partners.codeTaken') }),
    ...translateErrors(t, checks.errors),
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!checks.check()) {
      submit.clear()
      return
    }
    const outcome = await submit.run(() =>
      existing
        ? apiRequest<OrganisationView>('PATCH', `/api/organisations/${existing.id}`, sent)
        : apiRequest<OrganisationView>('POST', '/api/organisations', sent),
    )
    if (outcome.ok) onSaved(outcome.value)
  }

  const body = (
    <>
      <FormError error={submit.error} fieldErrors={fieldErrors} />
      <div className="form-grid">
        <TextField
          label={t('partners.fields.code')}
          name="code"
          value={code}
          onChange={setCode}
          onBlur={() => checks.leave('code')}
          hint={existing ? t('partners.codeFixed') : t('partners.codeHint')}
          error={fieldErrors.code}
          readOnly={existing !== undefined}
          spellCheck={false}
          maxLength={32}
          required
          autoFocus={!existing}
        />
        <TextField
          label={t('partners.fields.nameEn')}
          name="nameEn"
          value={nameEn}
          onChange={setNameEn}
          onBlur={() => checks.leave('nameEn')}
          error={fieldErrors.nameEn}
          maxLength={200}
          required
          autoFocus={existing !== undefined}
        />
        <TextField
          label={t('partners.fields.nameJa')}
          name="nameJa"
          value={nameJa}
          onChange={setNameJa}
          onBlur={() => checks.leave('nameJa')}
          error={fieldErrors.nameJa}
          maxLength={200}
          optional
        />
        <TextField
          label={t('partners.fields.country')}
          name="country"
          value={country}
          onChange={setCountry}
          onBlur={() => checks.leave('country')}
          hint={t('partners.countryHint')}
          error={fieldErrors.country}
          spellCheck={false}
          maxLength={2}
          optional
        />
        <SelectField
          label={t('partners.fields.kind')}
          name="kind"
          value={kind}
          onChange={(value) => setKind(value as Kind)}
          options={organisationKinds.map((each) => ({
            value: each,
            label: t(`organisationKind.${each}`),
          }))}
          error={fieldErrors.kind}
          required
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {existing ? t('form.save') : t('partners.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </>
  )

  return existing ? (
    <form onSubmit={(event) => void onSubmit(event)} noValidate>
      {body}
    </form>
  ) : (
    <form
      className="panel"
      aria-labelledby="partner-create-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id="partner-create-title">{t('partners.createTitle')}</h2>
      {body}
    </form>
  )
}
