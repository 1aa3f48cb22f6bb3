/**
 * @module web/needs/needs-result
 * An estimate as a table, one row per need: the standard and its figure with where the figure came from
 * (the bundled Sphere figure, the operation's own, or this request's), how much is needed, the catalogue item that meets it and how many,
 * and the arithmetic as the server wrote it (in English: it is a worked sum to check, with the units
 * the standards use); the item in the reader's language. Needs that are part of another (drinking water within all water use) say so.
 * Beneath, the standards used with the edition or document each figure comes from.
 */
import type { Item } from '@contract/items.js'
import { useTranslation } from 'react-i18next'
import { RecordName } from '../common/record-name.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import type { PlaceOption } from '../requests/request-lookups.js'
import { useUnitName } from '../requests/request-lookups.js'
import { type NeedLine, type NeedsEstimate, notoDateOf } from './needs-model.js'
import type { ItemsByCode } from './use-items-by-code.js'

export function EstimateResult({
  estimate,
  placeOption,
  catalogue,
}: {
  estimate: NeedsEstimate
  placeOption: PlaceOption | undefined
  catalogue: ItemsByCode
}) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const unitName = useUnitName()
  const n = (value: number, digits = 0) => formatNumber(value, language, digits)
  const standards = new Map(estimate.standards.map((standard) => [standard.key, standard]))
  const lineById = new Map(estimate.lines.map((line) => [line.id, line]))
  /** A need's name in the reader's language when this app knows the need, else the server's words. */
  const needName = (line: NeedLine) =>
    i18n.exists(`needs.need.${line.id}`) ? t(`needs.need.${line.id}`) : line.need
  const noteOf = (line: NeedLine) =>
    i18n.exists(`needs.note.${line.id}`) ? t(`needs.note.${line.id}`) : line.note
  const notoDate = notoDateOf(estimate.populationSource)
  const source =
    estimate.populationSource === 'given'
      ? t('needs.source.given')
      : estimate.populationSource === 'place capacity'
        ? t('needs.source.capacity')
        : notoDate
          ? t('needs.source.noto', { date: notoDate })
          : estimate.populationSource
  const placeName = placeOption?.text ?? estimate.place?.name ?? estimate.place?.code

  return (
    <section className="estimate" aria-labelledby="estimate-title">
      <h2 id="estimate-title" tabIndex={-1}>
        {t('needs.result.title')}
      </h2>
      <p className="estimate-summary">
        {placeName ? (
          <>
            <span lang={placeOption?.lang}>{placeName}</span>
            {' — '}
          </>
        ) : null}
        {t('needs.result.summary', {
          count: estimate.population,
          people: n(estimate.population),
          days: n(estimate.days),
          source,
        })}
      </p>
      <div className="table-wrap">
        <table className="data-table needs-table">
          <caption className="visually-hidden">{t('needs.result.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('needs.columns.need')}</th>
              <th scope="col">{t('needs.columns.standard')}</th>
              <th scope="col" className="number">
                {t('needs.columns.needed')}
              </th>
              <th scope="col">{t('needs.columns.item')}</th>
              <th scope="col" className="number">
                {t('needs.columns.items')}
              </th>
              <th scope="col">{t('needs.columns.arithmetic')}</th>
            </tr>
          </thead>
          <tbody>
            {estimate.lines.map((line) => {
              const standard = standards.get(line.standardKey)
              const partOf = line.includedIn ? lineById.get(line.includedIn) : undefined
              const note = noteOf(line)
              return (
                <tr key={line.id} data-need={line.id}>
                  <th scope="row" className="need-cell">
                    <span className="need-name">{needName(line)}</span>
                    <span className="column-sub">{line.sector}</span>
                    {partOf && (
                      <span className="need-included">
                        {t('needs.result.includedIn', { need: needName(partOf) })}
                      </span>
                    )}
                    {note && <span className="need-note">{note}</span>}
                  </th>
                  <td>
                    {standard ? (
                      <>
                        <span className="nowrap">
                          {n(standard.value, 3)} {standard.unit}
                        </span>
                        <SourceMark source={standard.source} />
                      </>
                    ) : null}
                    <span className="column-sub code">{line.standardKey}</span>
                  </td>
                  <td className="number nowrap">
                    {n(line.quantityNeeded, 3)} {line.quantityUnit}
                  </td>
                  <td>
                    {catalogue.items.has(line.itemCode) ? (
                      <RecordName record={catalogue.items.get(line.itemCode) as Item} />
                    ) : line.itemName ? (
                      <span lang="en">{line.itemName}</span>
                    ) : (
                      <span className="field-warning">{t('needs.result.noItem')}</span>
                    )}
                    <span className="column-sub code">{line.itemCode}</span>
                  </td>
                  <td className="number nowrap">
                    <strong>{n(line.itemsNeeded)}</strong> {unitName(line.itemUnit)}
                  </td>
                  <td className="arithmetic">
                    <code lang="en">{line.arithmetic}</code>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <details className="standards-used">
        <summary>{t('needs.result.standardsTitle')}</summary>
        <div className="table-wrap">
          <table className="data-table standards-table">
            <caption className="visually-hidden">{t('needs.result.standardsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('needs.columns.key')}</th>
                <th scope="col" className="number">
                  {t('needs.columns.value')}
                </th>
                <th scope="col">{t('needs.columns.source')}</th>
                <th scope="col">{t('needs.columns.edition')}</th>
              </tr>
            </thead>
            <tbody>
              {estimate.standards.map((standard) => (
                <tr key={standard.key}>
                  <th scope="row" className="code">
                    {standard.key}
                  </th>
                  <td className="number nowrap">
                    {n(standard.value, 3)} {standard.unit}
                  </td>
                  <td data-source={standard.source}>
                    {t(`needs.result.sourceLabel.${standard.source}`)}
                  </td>
                  <td className="edition" lang="en">
                    {standard.edition}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  )
}

/** Where a figure came from, said beside it when it is not the bundled one. */
function SourceMark({ source }: { source: NeedsEstimate['standards'][number]['source'] }) {
  const { t } = useTranslation()
  if (source === 'bundled') return null
  return (
    <span className="standard-overridden" data-source={source}>
      {t(`needs.result.sourceLabel.${source}`)}
    </span>
  )
}
