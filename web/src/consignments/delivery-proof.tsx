/**
 * @module web/consignments/delivery-proof
 * The proof of delivery of a received consignment: when and where (as the consignment keeps them), and
 * — to the origin's and destination's organisations only (GET /api/consignments/:id/proof) — who
 * received it, the signature drawn and the photo. Others are told it is not released to them.
 */
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import type { Consignment, DeliveryProof } from './consignment-model.js'

export function DeliveryProofPanel({ consignment }: { consignment: Consignment }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const summary = consignment.proof
  const proof = useApiData<DeliveryProof>(
    summary ? `/api/consignments/${consignment.id}/proof` : null,
  )
  if (!summary) return null
  return (
    <section className="panel delivery-proof" aria-labelledby="proof-title">
      <h2 id="proof-title">{t('consignments.proof.title')}</h2>
      <dl className="fields">
        <div className="field">
          <dt>{t('consignments.proof.receivedAt')}</dt>
          <dd>
            <ZonedTime iso={summary.receivedAt} />
          </dd>
        </div>
        <div className="field">
          <dt>{t('consignments.proof.where')}</dt>
          <dd>
            {summary.lat !== null && summary.lon !== null
              ? `${formatNumber(summary.lat, language, 5)}, ${formatNumber(summary.lon, language, 5)}`
              : t('consignments.proof.noLocation')}
          </dd>
        </div>
        {proof.data && (
          <div className="field">
            <dt>{t('consignments.proof.receivedBy')}</dt>
            <dd className="proof-name">{proof.data.receivedBy}</dd>
          </div>
        )}
      </dl>
      {proof.error?.code === 'forbidden' ? (
        <p className="subtle">{t('consignments.proof.notReleased')}</p>
      ) : proof.error ? (
        <ErrorMessage error={proof.error} onRetry={proof.reload} />
      ) : null}
      {proof.data && (
        <div className="proof-images">
          <figure>
            {proof.data.signature ? (
              <img
                className="proof-signature"
                src={proof.data.signature}
                alt={t('consignments.proof.signatureOf', { name: proof.data.receivedBy })}
              />
            ) : (
              <p className="subtle">{t('consignments.proof.noSignature')}</p>
            )}
            <figcaption>{t('consignments.proof.signature')}</figcaption>
          </figure>
          {proof.data.photo && (
            <figure>
              <img
                className="proof-photo"
                src={proof.data.photo}
                alt={t('consignments.proof.photoAlt')}
              />
              <figcaption>{t('consignments.proof.photo')}</figcaption>
            </figure>
          )}
        </div>
      )}
    </section>
  )
}
