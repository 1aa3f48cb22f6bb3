/**
 * @module web/plans/plan-unmet
 * What the plan cannot serve, grouped by why: no stock, not allowed by the owners' rules, no route in
 * time, no capacity — each reason said in the reader's language with what it means, then its lines
 * (request, destination, item, tier, needed by, requested and unmet), most urgent first.
 */
import { useTranslation } from 'react-i18next'
import { shortRef } from '../consignments/consignment-model.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import { Link } from '../router.js'
import { TableWrap } from './plan-bits.js'
import { ItemName, PlaceName, type PlanLookups, Quantity } from './plan-lookups.js'
import type { PlanBody } from './plan-model.js'
import { unmetByReason } from './plan-rules.js'

type Result = NonNullable<PlanBody['result']>

export function PlanUnmet({ result, lookups }: { result: Result; lookups: PlanLookups }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const groups = unmetByReason(result)
  return (
    <section className="panel plan-unmet" aria-labelledby="plan-unmet-title">
      <h2 id="plan-unmet-title">{t('plans.unmet.title')}</h2>
      {groups.length === 0 ? (
        <p className="empty">{t('plans.unmet.none')}</p>
      ) : (
        groups.map((group) => (
          <section
            key={group.reason}
            className="unmet-group"
            data-reason={group.reason}
            aria-labelledby={`unmet-${group.reason}`}
          >
            <h3 id={`unmet-${group.reason}`}>
              {t(`plans.reason.${group.reason}`)}{' '}
              <span className="unmet-count">
                {t('plans.unmet.count', {
                  count: group.rows.length,
                  lines: formatNumber(group.rows.length, language),
                })}
              </span>
            </h3>
            <p className="subtle">{t(`plans.reasonHelp.${group.reason}`)}</p>
            <TableWrap label={t(`plans.reason.${group.reason}`)}>
              <table className="data-table unmet-table">
                <caption className="visually-hidden">{t(`plans.reason.${group.reason}`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plans.unmet.request')}</th>
                    <th scope="col">{t('plans.unmet.destination')}</th>
                    <th scope="col">{t('plans.unmet.item')}</th>
                    <th scope="col">{t('plans.unmet.tier')}</th>
                    <th scope="col">{t('plans.unmet.neededBy')}</th>
                    <th scope="col" className="number">
                      {t('plans.unmet.requested')}
                    </th>
                    <th scope="col" className="number">
                      {t('plans.unmet.quantity')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.rows.map(({ line, quantity }) => (
                    <tr key={line.line} data-line={line.line}>
                      <td className="nowrap">
                        <Link href={`/requests/${line.request}`} className="code">
                          <abbr title={line.request}>{shortRef(line.request)}</abbr>
                        </Link>
                      </td>
                      <td>
                        <PlaceName id={line.destination} lookups={lookups} />
                      </td>
                      <td>
                        <ItemName id={line.item} lookups={lookups} />
                      </td>
                      <td>
                        <span className={`priority priority-${line.tier}`}>
                          {t(`requests.priority.${line.tier}`)}
                        </span>
                      </td>
                      <td>{line.neededBy ? <ZonedTime iso={line.neededBy} /> : '—'}</td>
                      <td className="number">
                        <Quantity quantity={line.requested} item={line.item} lookups={lookups} />
                      </td>
                      <td className="number unmet-quantity">
                        <Quantity quantity={quantity} item={line.item} lookups={lookups} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
        ))
      )}
    </section>
  )
}
