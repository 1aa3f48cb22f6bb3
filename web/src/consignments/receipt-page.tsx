/**
 * @module web/consignments/receipt-page
 * /consignments/:id/receive: count in a dispatched (or arrived) consignment at its destination. Per
 * line the quantity received (the quantity sent to start with) and, when less arrived, why (a reason
 * is required); who received it, their signature drawn on screen, where this device is (if it says),
 * and an optional photo; checked as typed by the contract's receiptSchema (consignment-checks.ts). Sending records the receipt (POST /api/consignments/:id/receive: stock in at
 * the destination, any shortfall to loss) with its proof of delivery, and shows the consignment.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { FormError, TextField, translateErrors } from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, useItems, usePlaces, useUnitName } from '../requests/request-lookups.js'
import { Link, navigate } from '../router.js'
import { ConsignmentStatusBadge } from './consignment-bits.js'
import { type ReceiptFields, receiptBody, receiptProblems } from './consignment-checks.js'
import { type Consignment, refusalFields, shortRef } from './consignment-model.js'
import { PhotoInput } from './photo-input.js'
import { type LineCount, ReceiptLineRow } from './receipt-line-row.js'
import { SignaturePad } from './signature-pad.js'
import { useDeviceLocation } from './use-device-location.js'
import './consignments.css'

export function ReceiptPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const loaded = useApiData<Consignment>(`/api/consignments/${encodeURIComponent(id)}`)
  const consignment = loaded.data?.id === id ? loaded.data : undefined
  const places = usePlaces(consignment ? [consignment.destination] : [])
  const items = useItems(useMemo(() => consignment?.lines.map((l) => l.item) ?? [], [consignment]))
  const unitName = useUnitName()
  const [counts, setCounts] = useState<Record<string, LineCount>>({})
  const [receivedBy, setReceivedBy] = useState('')
  const [signature, setSignature] = useState<string | null>(null)
  const [photo, setPhoto] = useState<string | null>(null)
  const [tried, setTried] = useState(false)
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const submit = useSubmit()
  const device = useDeviceLocation()
  const { locate } = device

  const ref = consignment ? shortRef(consignment.id) : undefined
  useEffect(() => {
    if (ref) document.title = t('app.pageTitle', { page: t('consignments.receipt.title', { ref }) })
  }, [ref, t])

  // Where the receipt is made, asked once: the device may say, or may not.
  useEffect(() => {
    void locate()
  }, [locate])

  const countOf = (lineId: string, sent: number): LineCount =>
    counts[lineId] ?? { received: String(sent), reason: '', note: '' }

  const fields: ReceiptFields = {
    lines: (consignment?.lines ?? []).map((line) => ({
      line: line.id,
      sent: line.quantity,
      ...countOf(line.id, line.quantity),
    })),
    receivedBy,
    location: device.location,
    signature,
    photo,
  }
  // Problems as typed, by the contract's schema: a field's once it was changed, every one once sent.
  const problems = translateErrors(t, receiptProblems(fields))
  const server = refusalFields(submit.error)
  const shown = (name: string) =>
    server[name] ?? (tried || touched.has(name) ? problems[name] : undefined)

  if (!consignment)
    return (
      <section className="page receipt-page" aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {t('consignments.receipt.loadingTitle')}
        </h1>
        {loaded.error ? (
          <ErrorMessage error={loaded.error} onRetry={loaded.reload} />
        ) : (
          <p className="empty">{t('app.loading')}</p>
        )}
      </section>
    )

  const to = named(places.get(consignment.destination), language, '…')
  const receivable = consignment.status === 'dispatched' || consignment.status === 'arrived'

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const first = Object.keys(problems)[0]
    if (first) {
      document.querySelector<HTMLElement>(`.receipt-form [name="${CSS.escape(first)}"]`)?.focus()
      return
    }
    const body = receiptBody(fields)
    const outcome = await submit.run(() =>
      apiRequest<Consignment>('POST', `/api/consignments/${consignment.id}/receive`, body),
    )
    if (outcome.ok) navigate(`/consignments/${consignment.id}`)
  }

  return (
    <section className="page receipt-page" aria-labelledby="page-title">
      <p className="back">
        <Link href={`/consignments/${consignment.id}`}>
          ← {t('consignments.detail.title', { ref: shortRef(consignment.id) })}
        </Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('consignments.receipt.title', { ref: shortRef(consignment.id) })}
      </h1>
      <p>
        {t('consignments.receipt.at')} <span lang={to.lang}>{to.text}</span>{' '}
        <ConsignmentStatusBadge status={consignment.status} />
      </p>
      {!receivable ? (
        <p className="notice">
          {t(
            consignment.status === 'received'
              ? 'consignments.receipt.alreadyReceived'
              : 'consignments.receipt.notYet',
          )}
        </p>
      ) : (
        <form className="receipt-form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <FormError error={submit.error} />
          {tried && !submit.error && Object.keys(problems).length > 0 && (
            <div className="error" role="alert">
              <p>
                <strong>{t('consignments.receipt.notSent')}</strong> {t('errors.checkFields')}
              </p>
            </div>
          )}
          <fieldset className="form-section">
            <legend>{t('consignments.receipt.lines')}</legend>
            <p className="field-hint">{t('consignments.receipt.linesHint')}</p>
            {consignment.lines.map((line, index) => {
              const item = items.get(line.item)
              return (
                <ReceiptLineRow
                  key={line.id}
                  index={index}
                  line={line}
                  itemName={named(item, language, '…')}
                  unit={item ? unitName(item.unit) : ''}
                  count={countOf(line.id, line.quantity)}
                  errors={{
                    received: shown(`lines[${index}].quantityReceived`),
                    reason: shown(`lines[${index}].reason`),
                    note: shown(`lines[${index}].note`),
                  }}
                  onChange={(patch) => {
                    const names = Object.keys(patch).map((field) =>
                      field === 'received' ? 'quantityReceived' : field,
                    )
                    setTouched(
                      (all) => new Set([...all, ...names.map((n) => `lines[${index}].${n}`)]),
                    )
                    setCounts((all) => ({
                      ...all,
                      [line.id]: { ...countOf(line.id, line.quantity), ...patch },
                    }))
                  }}
                />
              )
            })}
          </fieldset>
          <fieldset className="form-section">
            <legend>{t('consignments.receipt.proof')}</legend>
            <TextField
              label={t('consignments.receipt.receivedBy')}
              name="proof.receivedBy"
              value={receivedBy}
              maxLength={200}
              onChange={(text) => {
                setReceivedBy(text)
                setTouched((all) => new Set([...all, 'proof.receivedBy']))
              }}
              hint={t('consignments.receipt.receivedByHint')}
              error={shown('proof.receivedBy')}
              autoComplete="name"
              required
            />
            <SignaturePad
              label={t('consignments.receipt.signature')}
              hint={t('consignments.receipt.signatureHint')}
              onChange={setSignature}
            />
            {shown('proof.signature') && <p className="field-error">{shown('proof.signature')}</p>}
            <div className="location" aria-live="polite">
              <strong>{t('consignments.receipt.location')}</strong>{' '}
              {device.state === 'found' && device.location ? (
                <span className="location-value">
                  {t('consignments.location.found', {
                    lat: formatNumber(device.location.lat, language, 5),
                    lon: formatNumber(device.location.lon, language, 5),
                    accuracy: formatNumber(device.location.accuracy, language),
                  })}
                </span>
              ) : (
                <span>{t(`consignments.location.${device.state}`)}</span>
              )}{' '}
              {device.supported && device.state !== 'locating' && device.state !== 'found' && (
                <button type="button" onClick={() => void locate()}>
                  {t('consignments.location.retry')}
                </button>
              )}
            </div>
            <PhotoInput onChange={setPhoto} />
            {shown('proof.photo') && <p className="field-error">{shown('proof.photo')}</p>}
          </fieldset>
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={submit.busy}
              aria-busy={submit.busy}
            >
              {t('consignments.receipt.save')}
            </button>
            <Link href={`/consignments/${consignment.id}`} className="button-like">
              {t('form.cancel')}
            </Link>
          </div>
        </form>
      )}
    </section>
  )
}
