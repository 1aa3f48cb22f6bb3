/**
 * @module web/consignments/consignment-page
 * /consignments/:id: one consignment — its status, origin → destination, asset and times; the actions
 * its status allows to those who may (load, dispatch, arrive; cancel after a confirmation; receive on
 * the receipt screen); the waybill in PDF and HTML in the reader's language (new tab); its lines with
 * the lots reserved and what was received, with any shortfall's reason; the legs of its route on a
 * map; the tracking timeline with a report form while dispatched; and the proof of delivery. A refused
 * action says why (409 `invalid_transition` names the actions allowed) and the consignment is read again.
 */
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import { describeError, ErrorMessage } from '../common/error-message.js'
import { HomeBadge, isReplica, ReplicaNote, useThisNode } from '../common/home-badge.js'
import { liveKinds, useLiveUpdates } from '../common/live.js'
import { ConfirmDialog } from '../common/modal-dialog.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import { named, useOrganisations, usePlaces } from '../requests/request-lookups.js'
import { Link } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { ConsignmentStatusBadge } from './consignment-bits.js'
import { ConsignmentLines } from './consignment-lines.js'
import { useAssets } from './consignment-lookups.js'
import {
  allowedSteps,
  type Consignment,
  type ConsignmentStep,
  mayWriteConsignments,
  shortRef,
} from './consignment-model.js'
import { ConsignmentRoute } from './consignment-route.js'
import { DeliveryProofPanel } from './delivery-proof.js'
import { TrackingTimeline } from './tracking-timeline.js'
import './consignments.css'

type Action = Exclude<ConsignmentStep, 'receive'>

export function ConsignmentPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const thisNode = useThisNode()
  const loaded = useApiData<Consignment>(`/api/consignments/${encodeURIComponent(id)}`)
  // Dispatched, tracked or received elsewhere: shown without a reload.
  useLiveUpdates(liveKinds.consignments, loaded.reload, (notice) => notice.subject === id)
  const [fresh, setFresh] = useState<Consignment>()
  const consignment =
    fresh && fresh.id === id && (!loaded.data || fresh.version >= loaded.data.version)
      ? fresh
      : loaded.data?.id === id
        ? loaded.data
        : undefined
  // Another node's consignment is read-only here: no step but its receipt, no tracking report.
  const replica = consignment !== undefined && isReplica(consignment.home, thisNode)
  const writer = mayWriteConsignments(session) && !replica
  const places = usePlaces(consignment ? [consignment.origin, consignment.destination] : [])
  const assets = useAssets(consignment?.asset ? [consignment.asset] : [])
  const orgs = useOrganisations()
  const action = useSubmit()
  const [refused, setRefused] = useState<ApiError>()
  const [done, setDone] = useState<Action>()
  const [cancelling, setCancelling] = useState(false)

  const ref = consignment ? shortRef(consignment.id) : undefined
  useEffect(() => {
    if (ref) document.title = t('app.pageTitle', { page: t('consignments.detail.title', { ref }) })
  }, [ref, t])

  const run = async (name: Action) => {
    setDone(undefined)
    setRefused(undefined)
    const outcome = await action.run(() =>
      apiRequest<Consignment>('POST', `/api/consignments/${encodeURIComponent(id)}/${name}`, {}),
    )
    if (outcome.ok) {
      setFresh(outcome.value)
      setDone(name)
    } else {
      setRefused(outcome.error)
      setFresh(undefined)
      loaded.reload()
    }
  }

  const steps = useMemo(() => {
    if (!consignment) return []
    if (writer) return allowedSteps(consignment.status)
    // Another node's consignment arriving here is received here, on this node's own ledger (the
    // server refuses it to anyone but the destination's organisation).
    if (replica && mayWriteConsignments(session))
      return allowedSteps(consignment.status).filter((step) => step === 'receive')
    return []
  }, [consignment, writer, replica, session])

  if (!consignment)
    return (
      <section className="page consignment-page" aria-labelledby="page-title">
        <p className="back">
          <Link href="/consignments">← {t('consignments.back')}</Link>
        </p>
        <h1 id="page-title" tabIndex={-1}>
          {t('consignments.detail.loadingTitle')}
        </h1>
        {loaded.error ? (
          <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
        ) : (
          <p className="empty">{t('app.loading')}</p>
        )}
      </section>
    )

  const from = named(places.get(consignment.origin), language, '…')
  const to = named(places.get(consignment.destination), language, '…')
  const asset = consignment.asset ? assets.get(consignment.asset) : undefined
  const waybill = (format: 'pdf' | 'html') =>
    `/api/consignments/${encodeURIComponent(consignment.id)}/waybill?format=${format}&lang=${language}`

  return (
    <section className="page consignment-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/consignments">← {t('consignments.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('consignments.detail.title', { ref: shortRef(consignment.id) })}{' '}
          <ConsignmentStatusBadge status={consignment.status} large />
          <HomeBadge home={consignment.home} />
        </h1>
        <div className="head-links waybill-links">
          <a href={waybill('pdf')} target="_blank" rel="noopener" className="button-like">
            {t('consignments.detail.waybillPdf')}
          </a>
          <a href={waybill('html')} target="_blank" rel="noopener" className="button-like">
            {t('consignments.detail.waybillHtml')}
          </a>
        </div>
      </div>
      {replica && <ReplicaNote home={consignment.home} />}
      <p className="consignment-ends">
        <span lang={from.lang}>{from.text}</span> → <span lang={to.lang}>{to.text}</span>
      </p>
      {steps.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form fieldset
        <div className="request-actions" role="group" aria-label={t('consignments.detail.actions')}>
          {steps.map((step) =>
            step === 'receive' ? (
              <Link
                key={step}
                href={`/consignments/${consignment.id}/receive`}
                className="button-like primary"
              >
                {t('consignments.action.receive')}
              </Link>
            ) : (
              <button
                key={step}
                type="button"
                className={step === 'cancel' ? 'danger-outline' : 'primary'}
                disabled={action.busy}
                onClick={() => (step === 'cancel' ? setCancelling(true) : void run(step))}
              >
                {t(`consignments.action.${step}`)}
              </button>
            ),
          )}
        </div>
      )}
      {done && (
        <p className="success" role="status">
          {t(`consignments.done.${done}`)}
        </p>
      )}
      {refused && (
        <div className="error" role="alert">
          <p>
            <strong>{t('errors.notSaved')}</strong> {describeError(refused, t)}
          </p>
        </div>
      )}
      <dl className="fields consignment-fields">
        <div className="field">
          <dt>{t('consignments.fields.reference')}</dt>
          <dd className="code">{consignment.id}</dd>
        </div>
        <div className="field">
          <dt>{t('consignments.fields.asset')}</dt>
          <dd>
            {asset
              ? `${asset.name} (${t(`transport.kind.${asset.kind}`)})`
              : consignment.asset
                ? '…'
                : t('consignments.detail.noAsset')}
          </dd>
        </div>
        <div className="field">
          <dt>{t('consignments.fields.org')}</dt>
          <dd>{orgs.codeOf(consignment.org)}</dd>
        </div>
        {(
          [
            ['createdAt', consignment.createdAt],
            ['dispatchedAt', consignment.dispatchedAt],
            ['eta', consignment.status === 'dispatched' ? consignment.eta : null],
            ['arrivedAt', consignment.arrivedAt],
            ['receivedAt', consignment.receivedAt],
            ['cancelledAt', consignment.cancelledAt],
          ] as const
        ).map(([key, iso]) =>
          iso ? (
            <div className="field" key={key}>
              <dt>{t(`consignments.fields.${key}`)}</dt>
              <dd>
                <ZonedTime iso={iso} />
              </dd>
            </div>
          ) : null,
        )}
        {consignment.note && (
          <div className="field">
            <dt>{t('consignments.fields.note')}</dt>
            <dd className="multiline">{consignment.note}</dd>
          </div>
        )}
      </dl>
      <ConsignmentLines consignment={consignment} />
      <TrackingTimeline consignment={consignment} mayReport={writer} onReported={setFresh} />
      <DeliveryProofPanel consignment={consignment} />
      <ConsignmentRoute consignment={consignment} />
      {cancelling && (
        <ConfirmDialog
          title={t('consignments.cancel.title', { ref: shortRef(consignment.id) })}
          message={t('consignments.cancel.message')}
          confirmLabel={t('consignments.cancel.confirm')}
          cancelLabel={t('consignments.cancel.keep')}
          danger
          busy={action.busy}
          onCancel={() => setCancelling(false)}
          onConfirm={() => {
            setCancelling(false)
            void run('cancel')
          }}
        />
      )}
    </section>
  )
}
