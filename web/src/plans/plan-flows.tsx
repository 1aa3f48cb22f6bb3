/**
 * @module web/plans/plan-flows
 * The map of flows and, beside it, the same flows as a table (from → to, most urgent tier, tonnes,
 * sorties) with a button per flow; a flow chosen on either shows its consignments and their lines
 * below, and is named in the address (?flow=) so Back returns to the plan as it was.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { setSearchParams, useLocation } from '../router.js'
import { TableWrap } from './plan-bits.js'
import { SortieTable } from './plan-consignments.js'
import { PlanFlowMap } from './plan-flow-map.js'
import { PlaceName, type PlanLookups } from './plan-lookups.js'
import type { PlanBody } from './plan-model.js'
import { flowsOf } from './plan-rules.js'

type Result = NonNullable<PlanBody['result']>

export function PlanFlows({ result, lookups }: { result: Result; lookups: PlanLookups }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const flows = useMemo(() => flowsOf(result), [result])
  const { search } = useLocation()
  const selectedKey = search.get('flow') ?? undefined
  const selected = flows.find((flow) => flow.key === selectedKey)
  const select = (key: string | undefined) => setSearchParams({ flow: key }, { replace: true })
  const sorties = useMemo(() => {
    if (!selected) return []
    const ids = new Set(selected.sorties)
    return result.consignments.filter((sortie) => ids.has(sortie.id))
  }, [result, selected])

  return (
    <section className="panel plan-flows" aria-labelledby="plan-flows-title">
      <h2 id="plan-flows-title">{t('plans.map.title')}</h2>
      {flows.length === 0 ? (
        <p className="empty">{t('plans.map.none')}</p>
      ) : (
        <>
          <p className="subtle">{t('plans.map.intro')}</p>
          <div className="flows-layout">
            <PlanFlowMap
              flows={flows}
              places={lookups.places}
              selected={selected?.key}
              onSelect={select}
            />
            <TableWrap label={t('plans.map.tableCaption')}>
              <table className="data-table flow-table">
                <caption className="visually-hidden">{t('plans.map.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plans.map.flow')}</th>
                    <th scope="col">{t('plans.map.tier')}</th>
                    <th scope="col" className="number">
                      {t('plans.map.tonnes')}
                    </th>
                    <th scope="col" className="number">
                      {t('plans.map.sorties')}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t('plans.map.show')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {flows.map((flow) => (
                    <tr
                      key={flow.key}
                      data-flow={flow.key}
                      className={flow.key === selected?.key ? 'selected' : undefined}
                    >
                      <td>
                        <PlaceName id={flow.origin} lookups={lookups} /> →{' '}
                        <PlaceName id={flow.destination} lookups={lookups} />
                      </td>
                      <td>
                        <span className={`priority priority-${flow.tier}`}>
                          {t(`requests.priority.${flow.tier}`)}
                        </span>
                      </td>
                      <td className="number">{formatNumber(flow.tonnes, language, 2)}</td>
                      <td className="number">{formatNumber(flow.sorties.length, language)}</td>
                      <td>
                        <button
                          type="button"
                          aria-pressed={flow.key === selected?.key}
                          onClick={() => select(flow.key === selected?.key ? undefined : flow.key)}
                        >
                          {t('plans.map.show')}
                          <span className="visually-hidden">
                            : <PlaceName id={flow.origin} lookups={lookups} /> →{' '}
                            <PlaceName id={flow.destination} lookups={lookups} />
                          </span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </div>
          {selected && (
            <section className="flow-detail" aria-labelledby="flow-detail-title" aria-live="polite">
              <h3 id="flow-detail-title">
                {t('plans.map.detailTitle')} <PlaceName id={selected.origin} lookups={lookups} /> →{' '}
                <PlaceName id={selected.destination} lookups={lookups} />
              </h3>
              <SortieTable
                sorties={sorties}
                lookups={lookups}
                caption={t('plans.map.detailCaption')}
                captionHidden
              />
              <button type="button" onClick={() => select(undefined)}>
                {t('plans.map.close')}
              </button>
            </section>
          )}
        </>
      )}
    </section>
  )
}
