/**
 * @module web/plans/plan-consignments
 * The plan's consignments, one per sortie: the asset (and which of its sorties), origin → destination,
 * departure and ETA, the load, and its lines — item, quantity and the request it serves. Once the
 * plan is approved each row links to the consignment its approval created. The same table shows one
 * flow's sorties when a flow is chosen on the map.
 */
import { useTranslation } from 'react-i18next'
import { shortRef } from '../consignments/consignment-model.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import { Link } from '../router.js'
import { TableWrap } from './plan-bits.js'
import { ItemName, PlaceName, type PlanLookups, Quantity, SortieAsset } from './plan-lookups.js'
import type { PlannedConsignmentBody } from './plan-model.js'

export function SortieTable({
  sorties,
  lookups,
  caption,
  captionHidden,
}: {
  sorties: readonly PlannedConsignmentBody[]
  lookups: PlanLookups
  caption: string
  captionHidden?: boolean
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const approved = sorties.some((sortie) => sortie.consignment)
  return (
    <TableWrap label={caption}>
      <table className="data-table sortie-table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {approved && <th scope="col">{t('plans.sorties.consignment')}</th>}
            <th scope="col">{t('plans.sorties.asset')}</th>
            <th scope="col">{t('plans.sorties.route')}</th>
            <th scope="col">{t('plans.sorties.departure')}</th>
            <th scope="col">{t('plans.sorties.eta')}</th>
            <th scope="col" className="number">
              {t('plans.sorties.load')}
            </th>
            <th scope="col">{t('plans.sorties.lines')}</th>
          </tr>
        </thead>
        <tbody>
          {sorties.map((sortie) => (
            <tr key={sortie.id} data-sortie={sortie.id}>
              {approved && (
                <td className="nowrap">
                  {sortie.consignment ? (
                    <Link href={`/consignments/${sortie.consignment}`} className="code">
                      <abbr title={sortie.consignment}>{shortRef(sortie.consignment)}</abbr>
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              )}
              <td>
                <SortieAsset sortie={sortie.id} lookups={lookups} />
              </td>
              <td>
                <PlaceName id={sortie.origin} lookups={lookups} /> →{' '}
                <PlaceName id={sortie.destination} lookups={lookups} />
              </td>
              <td>
                <ZonedTime iso={sortie.departure} />
              </td>
              <td>
                <ZonedTime iso={sortie.eta} />
              </td>
              <td className="number nowrap">{formatNumber(sortie.loadKg, language, 1)} kg</td>
              <td>
                <ul className="sortie-lines">
                  {sortie.lines.map((line) => (
                    <li key={`${line.line}:${line.lot}`}>
                      <ItemName id={line.item} lookups={lookups} />:{' '}
                      <Quantity quantity={line.quantity} item={line.item} lookups={lookups} />{' '}
                      <span className="subtle">
                        (
                        <Link href={`/requests/${line.request}`}>
                          {t('plans.sorties.request', { ref: shortRef(line.request) })}
                        </Link>
                        )
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}

export function PlanConsignments({
  sorties,
  lookups,
}: {
  sorties: readonly PlannedConsignmentBody[]
  lookups: PlanLookups
}) {
  const { t } = useTranslation()
  return (
    <section className="panel plan-consignments" aria-labelledby="plan-consignments-title">
      <h2 id="plan-consignments-title">{t('plans.sorties.title', { count: sorties.length })}</h2>
      {sorties.length === 0 ? (
        <p className="empty">{t('plans.sorties.none')}</p>
      ) : (
        <SortieTable
          sorties={sorties}
          lookups={lookups}
          caption={t('plans.sorties.title', { count: sorties.length })}
          captionHidden
        />
      )}
    </section>
  )
}
