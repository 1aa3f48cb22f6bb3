/**
 * @module web/peers/peer-add-form
 * Registers a partner's node: its id, the organisation that runs it (one this node knows, or a new one
 * made here by code and name), its URL and public key, as its `kizuna peer self` or its peers screen
 * shows them. Checked as typed with the server's own schemas; the server's refusals are put on their
 * fields. A new organisation gets its id here, so sending again after a refused peer reuses it.
 */
import { organisationCreateSchema } from '@contract/access.js'
import { type OrganisationView, organisationKinds } from '@contract/organisations.js'
import { type PeerView, peerCreateSchema } from '@contract/peers.js'
import { type FormEvent, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import {
  type ClientErrors,
  FormError,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useSubmit } from '../common/use-submit.js'
import { KeyField, peerSchemaErrors, urlProblem } from './peer-fields.js'

const newOrganisation = 'new'

export function PeerAddForm({
  organisations,
  nodeOrg,
  onAdded,
  onCancel,
}: {
  organisations: readonly OrganisationView[]
  /** The organisation that runs this node: not offered (a peer under it would receive everything). */
  nodeOrg: string
  onAdded: (peer: PeerView, organisation: string) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const partners = useMemo(
    () =>
      organisations.filter((o) => o.id !== nodeOrg).sort((a, b) => a.code.localeCompare(b.code)),
    [organisations, nodeOrg],
  )
  const [id, setId] = useState('')
  const [organisation, setOrganisation] = useState(partners[0]?.id ?? newOrganisation)
  const [orgCode, setOrgCode] = useState('')
  const [orgName, setOrgName] = useState('')
  const [orgKind, setOrgKind] = useState<(typeof organisationKinds)[number]>('government')
  const [newOrgId] = useState(() => crypto.randomUUID())
  const [url, setUrl] = useState('')
  const [publicKey, setPublicKey] = useState('')
  const [tried, setTried] = useState(false)
  const submit = useSubmit()
  const creating = organisation === newOrganisation
  const peer = { id: id.trim(), organisation: creating ? newOrgId : organisation, url, publicKey }
  const org = { id: newOrgId, code: orgCode.trim(), nameEn: orgName.trim(), kind: orgKind }

  // Said as typed once a field has something in it; every field once sending was tried.
  const typed: Record<string, string> = { id, url, publicKey, code: orgCode, nameEn: orgName }
  const shown = (field: string) => tried || (typed[field] ?? '') !== ''
  const problems: ClientErrors = {
    ...peerSchemaErrors(peerCreateSchema, peer, shown),
    ...(creating ? peerSchemaErrors(organisationCreateSchema, org, shown) : {}),
  }
  const scheme = urlProblem(url)
  if (scheme && !problems.url) problems.url = scheme
  const fieldErrors = { ...fieldErrorsOf(submit.error), ...translateErrors(t, problems) }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const all = {
      ...peerSchemaErrors(peerCreateSchema, peer, () => true),
      ...(creating ? peerSchemaErrors(organisationCreateSchema, org, () => true) : {}),
    }
    if (Object.keys(all).length > 0 || scheme) {
      submit.clear()
      return
    }
    const outcome = await submit.run(async () => {
      if (creating) await apiRequest<OrganisationView>('POST', '/api/organisations', org)
      return apiRequest<PeerView>('POST', '/api/peers', peer)
    })
    if (outcome.ok) onAdded(outcome.value, creating ? org.code : organisation)
  }

  return (
    <form
      className="panel"
      aria-labelledby="peer-add-title"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
    >
      <h2 id="peer-add-title">{t('peers.add.title')}</h2>
      <p className="subtle">{t('peers.add.intro')}</p>
      <FormError error={submit.error} fieldErrors={fieldErrors} />
      <div className="form-grid">
        <TextField
          label={t('peers.fields.id')}
          name="id"
          value={id}
          onChange={setId}
          hint={t('peers.add.idHint')}
          error={fieldErrors.id}
          maxLength={36}
          spellCheck={false}
          required
          autoFocus
        />
        <SelectField
          label={t('peers.fields.organisation')}
          name="organisation"
          value={organisation}
          onChange={setOrganisation}
          options={[
            ...partners.map((o) => ({ value: o.id, label: `${o.code} — ${o.nameEn}` })),
            { value: newOrganisation, label: t('peers.add.newOrganisation') },
          ]}
          hint={t('peers.add.organisationHint')}
          error={fieldErrors.organisation}
          required
        />
        {creating && (
          <>
            <TextField
              label={t('peers.fields.orgCode')}
              name="code"
              value={orgCode}
              onChange={(value) => setOrgCode(value.toUpperCase())}
              hint={t('peers.add.orgCodeHint')}
              error={fieldErrors.code}
              maxLength={32}
              required
            />
            <TextField
              label={t('peers.fields.orgName')}
              name="nameEn"
              value={orgName}
              onChange={setOrgName}
              error={fieldErrors.nameEn}
              maxLength={200}
              required
            />
            <SelectField
              label={t('peers.fields.orgKind')}
              name="kind"
              value={orgKind}
              onChange={(value) => setOrgKind(value as typeof orgKind)}
              options={organisationKinds.map((kind) => ({
                value: kind,
                label: t(`organisationKind.${kind}`),
              }))}
              required
            />
          </>
        )}
        <TextField
          label={t('peers.fields.url')}
          name="url"
          value={url}
          onChange={setUrl}
          hint={t('peers.add.urlHint')}
          error={fieldErrors.url}
          maxLength={500}
          spellCheck={false}
          required
        />
      </div>
      <KeyField
        label={t('peers.fields.publicKey')}
        value={publicKey}
        onChange={setPublicKey}
        hint={t('peers.add.keyHint')}
        error={fieldErrors.publicKey}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('peers.add.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  )
}
