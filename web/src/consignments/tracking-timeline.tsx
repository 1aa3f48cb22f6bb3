/**
 * @module web/consignments/tracking-timeline
 * A consignment's way as it was reported: departed (written by dispatch), positions and delays with a
 * new ETA, arrived — each with its time in the reader's zone (the zone named, UTC beside it), where
 * it was if known, the note and who reported it; the current ETA above while it is on its way. While
 * it is dispatched, those who may report a position or a delay (POST /api/consignments/:id/events);
 * a delay needs the new ETA.
 */
import { trackingEventCreateSchema } from '@contract/consignments.js'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, SelectField, TextField, translateErrors } from '../common/form.js'
import { schemaErrors } from '../common/schema-errors.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber, fromDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import { useSignedInSession } from '../session/session.js'
import {
  type Consignment,
  refusalFields,
  type TrackingReportKind,
  trackingReportKinds,
} from './consignment-model.js'
import { useDeviceLocation } from './use-device-location.js'

export function TrackingTimeline({
  consignment,
  mayReport,
  onReported,
}: {
  consignment: Consignment
  mayReport: boolean
  onReported: (next: Consignment) => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const events = consignment.tracking ?? []
  // The log names people by id; the one reading is named as they know themselves.
  const actorName = (actor: string) =>
    actor === `user:${session.user.id}`
      ? (session.user.displayName ?? session.user.username)
      : actor
  const coordinates = (lat: number, lon: number) =>
    `${formatNumber(lat, language, 4)}, ${formatNumber(lon, language, 4)}`
  return (
    <section className="panel tracking" aria-labelledby="tracking-title">
      <h2 id="tracking-title">{t('consignments.tracking.title')}</h2>
      {consignment.status === 'dispatched' && (
        <p className="tracking-eta">
          <strong>{t('consignments.tracking.eta')}</strong>{' '}
          {consignment.eta ? (
            <ZonedTime iso={consignment.eta} inline />
          ) : (
            t('consignments.tracking.noEta')
          )}
        </p>
      )}
      {events.length === 0 ? (
        <p className="subtle">{t('consignments.tracking.none')}</p>
      ) : (
        <ol className="timeline">
          {events.map((event) => (
            <li key={event.id} className={`timeline-${event.kind}`} data-kind={event.kind}>
              <span className="timeline-kind">{t(`consignments.tracking.kind.${event.kind}`)}</span>{' '}
              <ZonedTime iso={event.at} inline />
              {event.eta && (
                <span className="timeline-detail">
                  {t('consignments.tracking.newEta')} <ZonedTime iso={event.eta} inline />
                </span>
              )}
              {event.lat !== null && event.lon !== null && (
                <span className="timeline-detail">
                  {t('consignments.tracking.at', { where: coordinates(event.lat, event.lon) })}
                </span>
              )}
              {event.note && <span className="timeline-detail">{event.note}</span>}
              <span className="timeline-detail subtle">
                {t('consignments.tracking.by', { actor: actorName(event.actor) })}
              </span>
            </li>
          ))}
        </ol>
      )}
      {mayReport && consignment.status === 'dispatched' && (
        <ReportForm consignment={consignment} onReported={onReported} />
      )}
    </section>
  )
}

function ReportForm({
  consignment,
  onReported,
}: {
  consignment: Consignment
  onReported: (next: Consignment) => void
}) {
  const { t } = useTranslation()
  const noteId = useId()
  const [kind, setKind] = useState<TrackingReportKind>('position')
  const [at, setAt] = useState('')
  const [eta, setEta] = useState('')
  const [note, setNote] = useState('')
  const [lat, setLat] = useState('')
  const [lon, setLon] = useState('')
  const [tried, setTried] = useState(false)
  const [done, setDone] = useState(false)
  const submit = useSubmit()
  const device = useDeviceLocation()

  const atIso = fromDateTimeLocal(at)
  const etaIso = fromDateTimeLocal(eta)
  const latN = lat.trim() === '' ? null : Number(lat)
  const lonN = lon.trim() === '' ? null : Number(lon)
  const body = {
    kind,
    ...(atIso ? { at: atIso } : {}),
    ...(etaIso ? { eta: etaIso } : {}),
    lat: latN,
    lon: lonN,
    note: note.trim() || null,
  }
  // Each field by the route's own schema (coordinates in range, a note's length), as typed; by hand
  // only what reads several fields (the server's use case checks those too) or a time the browser
  // could not read.
  const problems: Record<string, string | undefined> = translateErrors(
    t,
    schemaErrors(trackingEventCreateSchema, body, () => true, {
      lat: 'consignments.errors.lat',
      lon: 'consignments.errors.lon',
    }),
  )
  if (at && !atIso) problems.at = t('form.invalidDateTime')
  if (eta && !etaIso) problems.eta = t('form.invalidDateTime')
  else if (kind === 'delayed' && !etaIso) problems.eta = t('consignments.tracking.etaRequired')
  if (kind === 'position' && latN === null && lonN === null && !etaIso && !note.trim())
    problems.lat = t('consignments.tracking.positionNeeds')
  if ((latN === null) !== (lonN === null) && !problems.lat && !problems.lon)
    problems[latN === null ? 'lat' : 'lon'] = t('consignments.errors.bothCoordinates')
  const typed: Record<string, string> = { at, eta, lat, lon, note }
  const server = refusalFields(submit.error)
  const shown = (name: string) =>
    server[name] ?? (tried || typed[name]?.trim() ? problems[name] : undefined)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    setDone(false)
    if (Object.keys(problems).length > 0) return
    const outcome = await submit.run(() =>
      apiRequest<Consignment>('POST', `/api/consignments/${consignment.id}/events`, body),
    )
    if (outcome.ok) {
      setTried(false)
      setAt('')
      setEta('')
      setNote('')
      setLat('')
      setLon('')
      setDone(true)
      onReported(outcome.value)
    }
  }

  return (
    <form className="report-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h3>{t('consignments.tracking.report')}</h3>
      <FormError error={submit.error} />
      {done && (
        <p className="success" role="status">
          {t('consignments.tracking.reported')}
        </p>
      )}
      <div className="form-grid">
        <SelectField
          label={t('consignments.tracking.kindLabel')}
          name="kind"
          value={kind}
          onChange={(value) => setKind(value === 'delayed' ? 'delayed' : 'position')}
          options={trackingReportKinds.map((each) => ({
            value: each,
            label: t(`consignments.tracking.kind.${each}`),
          }))}
        />
        <TextField
          label={t('consignments.tracking.when')}
          name="at"
          type="datetime-local"
          value={at}
          onChange={setAt}
          hint={t('consignments.tracking.whenHint')}
          error={shown('at')}
          optional
        />
        <TextField
          label={t('consignments.tracking.etaLabel')}
          name="eta"
          type="datetime-local"
          value={eta}
          onChange={setEta}
          error={shown('eta')}
          optional={kind !== 'delayed'}
          required={kind === 'delayed'}
        />
        <TextField
          label={t('consignments.fields.lat')}
          name="lat"
          value={lat}
          onChange={setLat}
          error={shown('lat')}
          optional
        />
        <TextField
          label={t('consignments.fields.lon')}
          name="lon"
          value={lon}
          onChange={setLon}
          error={shown('lon')}
          optional
        />
      </div>
      {device.supported && (
        <p>
          <button
            type="button"
            onClick={() =>
              void device.locate().then((found) => {
                if (!found) return
                setLat(String(found.lat))
                setLon(String(found.lon))
              })
            }
          >
            {t('consignments.tracking.useDevice')}
          </button>{' '}
          {device.state === 'denied' && (
            <span className="subtle">{t('consignments.location.denied')}</span>
          )}
        </p>
      )}
      <div className="field-box">
        <label htmlFor={noteId}>
          {t('consignments.fields.note')}
          <span className="optional-mark"> {t('form.optional')}</span>
        </label>
        <textarea
          id={noteId}
          name="note"
          rows={2}
          maxLength={500}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('consignments.tracking.send')}
        </button>
      </div>
    </form>
  )
}
