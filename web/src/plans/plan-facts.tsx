/**
 * @module web/plans/plan-facts
 * What a plan was made from and how: the snapshot's counts (stock lots, open lines, places, legs and
 * closed legs, assets, allocation rules), the model's size and the time each step took; and, for a
 * re-plan, the lines whose quantity, source or asset moved against the approved plan it replaces.
 */
import { useTranslation } from 'react-i18next'
import { shortRef } from '../consignments/consignment-model.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import { Link } from '../router.js'
import { TableWrap } from './plan-bits.js'
import { ItemName, type PlanLookups, Quantity } from './plan-lookups.js'
import type { PlanBody } from './plan-model.js'

type Result = NonNullable<PlanBody['result']>

export function PlanFacts({ plan }: { plan: PlanBody }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const n = (value: number) => formatNumber(value, language)
  const ms = (value: number | null) =>
    value === null ? '—' : t('plans.facts.ms', { ms: formatNumber(value, language) })
  const { snapshot, model, timings } = plan
  const facts: [string, string][] = []
  if (snapshot)
    facts.push(
      [
        'stockUnits',
        t('plans.facts.units', { units: n(snapshot.stockUnits), lots: n(snapshot.lots) }),
      ],
      [
        'requestedUnits',
        t('plans.facts.unitsInLines', {
          units: n(snapshot.requestedUnits),
          lines: n(snapshot.lines),
        }),
      ],
      [
        'network',
        t('plans.facts.legs', { legs: n(snapshot.legs), closed: n(snapshot.closedLegs) }),
      ],
      ['assets', n(snapshot.assets)],
      ['rules', n(snapshot.rules)],
    )
  if (model)
    facts.push([
      'model',
      t('plans.facts.size', {
        columns: n(model.columns),
        rows: n(model.rows),
        nonzeros: n(model.nonzeros),
      }),
    ])
  if (timings)
    facts.push([
      'timings',
      t('plans.facts.steps', {
        snapshot: ms(timings.snapshotMs),
        build: ms(timings.buildMs),
        solve: ms(timings.solveMs),
        interpret: ms(timings.interpretMs),
      }),
    ])
  return (
    <section className="panel plan-facts" aria-labelledby="plan-facts-title">
      <h2 id="plan-facts-title">{t('plans.facts.title')}</h2>
      <dl className="fields">
        <div className="field">
          <dt>{t('plans.facts.createdAt')}</dt>
          <dd>
            <ZonedTime iso={plan.createdAt} />
          </dd>
        </div>
        {plan.approvedAt && (
          <div className="field">
            <dt>{t('plans.facts.approvedAt')}</dt>
            <dd>
              <ZonedTime iso={plan.approvedAt} />
            </dd>
          </div>
        )}
        {facts.map(([key, value]) => (
          <div className="field" key={key}>
            <dt>{t(`plans.facts.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

export function PlanMoved({
  plan,
  result,
  lookups,
}: {
  plan: PlanBody
  result: Result
  lookups: PlanLookups
}) {
  const { t } = useTranslation()
  return (
    <section className="panel plan-moved" aria-labelledby="plan-moved-title">
      <h2 id="plan-moved-title">{t('plans.moved.title')}</h2>
      <p className="subtle">
        {t('plans.moved.intro')}{' '}
        {plan.replaces && (
          <Link href={`/plans/${plan.replaces}`} className="code">
            {shortRef(plan.replaces)}
          </Link>
        )}
      </p>
      {result.moved.length === 0 ? (
        <p className="empty">{t('plans.moved.none')}</p>
      ) : (
        <TableWrap label={t('plans.moved.title')}>
          <table className="data-table moved-table">
            <caption className="visually-hidden">{t('plans.moved.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plans.unmet.item')}</th>
                <th scope="col">{t('plans.moved.change')}</th>
                <th scope="col" className="number">
                  {t('plans.moved.before')}
                </th>
                <th scope="col" className="number">
                  {t('plans.moved.after')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.moved.map((move) => (
                <tr key={move.line}>
                  <td>
                    <ItemName id={move.item} lookups={lookups} />{' '}
                    <Link href={`/requests/${move.request}`} className="code">
                      {shortRef(move.request)}
                    </Link>
                  </td>
                  <td>
                    {move.change
                      .map((change) => t(`plans.moved.${change}`))
                      .join(t('plans.moved.separator'))}
                  </td>
                  <td className="number">
                    <Quantity quantity={move.before.quantity} item={move.item} lookups={lookups} />
                  </td>
                  <td className="number">
                    <Quantity quantity={move.after.quantity} item={move.item} lookups={lookups} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  )
}
