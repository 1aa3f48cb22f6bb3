/**
 * @module web/consignments/consignment-lines
 * A consignment's lines: item, owner, quantity sent, the lots reserved for it (lot, expiry, quantity:
 * first expiry first out unless one was named), and once received, what arrived and any shortfall (or
 * surplus) with its reason.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, useItems, useOrganisations, useUnitName } from '../requests/request-lookups.js'
import type { Consignment } from './consignment-model.js'

export function ConsignmentLines({ consignment }: { consignment: Consignment }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const items = useItems(useMemo(() => consignment.lines.map((l) => l.item), [consignment.lines]))
  const received = consignment.lines.some((line) => line.quantityReceived !== null)
  const n = (value: number) => formatNumber(value, language)

  return (
    <section className="panel consignment-lines" aria-labelledby="lines-title">
      <h2 id="lines-title">{t('consignments.detail.lines')}</h2>
      <div className="table-wrap">
        <table className="data-table line-table">
          <caption className="visually-hidden">{t('consignments.detail.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consignments.fields.item')}</th>
              <th scope="col">{t('consignments.fields.owner')}</th>
              <th scope="col" className="number">
                {t('consignments.columns.sent')}
              </th>
              <th scope="col">{t('consignments.columns.picks')}</th>
              {received && (
                <>
                  <th scope="col" className="number">
                    {t('consignments.columns.received')}
                  </th>
                  <th scope="col">{t('consignments.columns.discrepancy')}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {consignment.lines.map((line) => {
              const item = items.get(line.item)
              const name = named(item, language, '…')
              const unit = item ? unitName(item.unit) : ''
              const difference =
                line.quantityReceived === null ? 0 : line.quantityReceived - line.quantity
              return (
                <tr key={line.id} data-line={line.id}>
                  <td>
                    <span lang={name.lang}>{name.text}</span>
                    {item && <span className="column-sub code">{item.code}</span>}
                  </td>
                  <td>{orgs.codeOf(line.owner)}</td>
                  <td className="number nowrap">
                    {n(line.quantity)} {unit}
                  </td>
                  <td>
                    {line.picks.length === 0 ? (
                      '—'
                    ) : (
                      <ul className="picks">
                        {line.picks.map((pick) => (
                          <li key={pick.pendingId}>
                            {t(pick.expiresOn ? 'consignments.pickExpires' : 'consignments.pick', {
                              lot: pick.lot || t('consignments.form.noLot'),
                              expires: pick.expiresOn,
                              quantity: n(pick.quantity),
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {received && (
                    <>
                      <td className="number nowrap received-cell">
                        {line.quantityReceived === null
                          ? '—'
                          : `${n(line.quantityReceived)} ${unit}`}
                      </td>
                      <td className="discrepancy-cell">
                        {difference === 0
                          ? '—'
                          : t(
                              difference < 0
                                ? 'consignments.shortfallOf'
                                : 'consignments.surplusOf',
                              {
                                quantity: n(Math.abs(difference)),
                                reason: line.discrepancyReason
                                  ? t(`consignments.reason.${line.discrepancyReason}`, {
                                      defaultValue: line.discrepancyReason,
                                    })
                                  : '',
                              },
                            )}
                      </td>
                    </>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
