/** @module web/places/place-page — /places/:id: one place's fields, attributes, status and a small map. */
import type { Place } from '@contract/places.js'
import { type ReactNode, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { useApiData } from '../common/use-api-data.js'
import { formatDateTime, formatNumber, nameOf } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link } from '../router.js'
import { PlaceAttributes } from './place-attributes.js'
import { PlaceMiniMap } from './place-mini-map.js'

export function PlacePage({ id }: { id: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const { data: place, error, loading, reload } = useApiPlace(id)
  const name = place ? nameOf(place, language) : undefined

  const title = name?.text
  useEffect(() => {
    if (title) document.title = t('app.pageTitle', { page: title })
  }, [title, t])

  return (
    <section className="page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/places">← {t('place.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {name ? (
          <span lang={name.lang === language ? undefined : name.lang}>{name.text}</span>
        ) : (
          t('places.title')
        )}
      </h1>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!place && loading && <p>{t('app.loading')}</p>}
      {place && place.id === id && (
        <div className="place-detail">
          <div>
            <dl className="fields">
              <Field label={t('place.type')}>{t(`placeType.${place.type}`)}</Field>
              <Field label={t('place.nameJa')}>
                {place.nameJa ? <span lang="ja">{place.nameJa}</span> : null}
              </Field>
              <Field label={t('place.nameEn')}>
                {place.nameEn ? <span lang="en">{place.nameEn}</span> : null}
              </Field>
              <Field label={t('place.code')}>
                <span className="code">{place.code}</span>
              </Field>
              <Field label={t('place.status')}>
                {place.status
                  ? t('place.statusReported', {
                      status: t(`placeStatus.${place.status.status}`),
                      at: formatDateTime(place.status.reportedAt, language),
                    }) + (place.status.note ? ` — ${place.status.note}` : '')
                  : t('place.statusNone')}
              </Field>
              <Field label={t('place.municipality')}>{place.municipality}</Field>
              <Field label={t('place.adminCode')}>{place.adminCode}</Field>
              <Field label={t('place.address')}>{place.address}</Field>
              <Field label={t('place.capacity')}>
                {place.capacity === null ? null : formatNumber(place.capacity, language)}
              </Field>
              <Field label={t('place.location')}>
                {formatNumber(place.lat, language, 5)}, {formatNumber(place.lon, language, 5)}
              </Field>
              <Field label={t('place.country')}>{place.country}</Field>
              <Field label={t('place.home')}>
                {place.home === 'public' ? t('place.public') : place.home}
              </Field>
              <Field label={t('place.org')}>
                {place.org === 'public' ? t('place.public') : place.org}
              </Field>
              <Field label={t('place.updatedAt')}>
                {formatDateTime(place.updatedAt, language)}
              </Field>
              <Field label={t('place.version')}>{formatNumber(place.version, language)}</Field>
            </dl>
            <h2>{t('place.attributes')}</h2>
            <PlaceAttributes attributes={place.attributes} />
          </div>
          <PlaceMiniMap place={place} />
        </div>
      )}
    </section>
  )
}

function useApiPlace(id: string) {
  return useApiData<Place>(`/api/places/${encodeURIComponent(id)}`)
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation()
  const empty = children === null || children === undefined || children === ''
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{empty ? t('table.none') : children}</dd>
    </div>
  )
}
