/**
 * @module web/consignments/consignment-line-fields
 * One line of a new consignment: the item, its owner, the lot (first expiry first out unless one is
 * named), the quantity with what is available for that item and owner at the origin (GET /api/stock,
 * unexpired lots), and optionally the request line it serves (the destination's open requests for
 * that item). More than is available is said but still sent: the server's refusal names the line.
 */
import type { RequestView } from '@contract/requests.js'
import { useTranslation } from 'react-i18next'
import { SelectField, TextField } from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { expiryState, localDay } from '../stock/stock-format.js'
import {
  type ItemOption,
  ItemPicker,
  type Organisations,
  ownerOptions,
  useUnitName,
} from '../stock/stock-pickers.js'
import type { BalanceList } from '../stock/stock-types.js'
import { wholeOf } from './consignment-model.js'

export interface LineDraft {
  /** Stable React key of the line while it is edited. */
  key: string
  item: ItemOption | undefined
  owner: string
  /** '' picks lots first expiry first out. */
  lot: string
  quantity: string
  /** `${request}|${requestLine}`, or ''. */
  serves: string
}

export function emptyLine(key: string, owner: string): LineDraft {
  return { key, item: undefined, owner, lot: '', quantity: '', serves: '' }
}

export function ConsignmentLineFields({
  index,
  line,
  origin,
  requests,
  orgs,
  errors,
  onChange,
  onRemove,
}: {
  index: number
  line: LineDraft
  origin: string | undefined
  requests: readonly RequestView[]
  orgs: Organisations
  /** Messages by field within the line: item, owner, lot, quantity, requestLine. */
  errors: Record<string, string | undefined>
  onChange: (patch: Partial<LineDraft>) => void
  onRemove: (() => void) | undefined
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const unitName = useUnitName()
  const stock = useApiData<BalanceList>(origin && line.item && line.owner ? '/api/stock' : null, {
    place: origin,
    item: line.item?.id,
    owner: line.owner,
    limit: 200,
  })
  const today = localDay(new Date())
  const lots = (stock.data?.balances ?? []).filter(
    (row) => expiryState(row.expiresOn, today).kind !== 'expired',
  )
  const usable = lots.reduce((sum, row) => sum + Math.max(0, row.available), 0)
  const chosen = line.lot ? lots.find((row) => row.lot === line.lot) : undefined
  const available = stock.data ? (line.lot ? (chosen?.available ?? 0) : usable) : undefined
  const unit = line.item ? unitName(line.item.unit) : ''
  const quantity = wholeOf(line.quantity)
  const servable = requests.flatMap((request) =>
    request.lines.flatMap((requestLine) =>
      requestLine.kind === 'item' && requestLine.item === line.item?.id
        ? [{ request, requestLine }]
        : [],
    ),
  )
  const name = (field: string) => `lines[${index}].${field}`

  return (
    <fieldset className="form-section consignment-line" data-line={index}>
      <legend>{t('consignments.form.line', { n: index + 1 })}</legend>
      <div className="form-grid">
        <ItemPicker
          label={t('consignments.fields.item')}
          name={name('item')}
          selected={line.item}
          onSelect={(item) => onChange({ item, lot: '', serves: '' })}
          error={errors.item}
          required
        />
        <SelectField
          label={t('consignments.fields.owner')}
          name={name('owner')}
          value={line.owner}
          onChange={(owner) => onChange({ owner, lot: '' })}
          options={[
            { value: '', label: t('consignments.form.chooseOwner') },
            ...ownerOptions(orgs, language),
          ]}
          error={errors.owner}
          required
        />
        <SelectField
          label={t('consignments.fields.lot')}
          name={name('lot')}
          value={line.lot}
          onChange={(lot) => onChange({ lot })}
          options={[
            { value: '', label: t('consignments.form.lotFefo') },
            ...lots.map((row) => ({
              value: row.lot,
              label: t(row.expiresOn ? 'consignments.form.lotExpires' : 'consignments.form.lotOf', {
                lot: row.lot || t('consignments.form.noLot'),
                expires: row.expiresOn,
                available: formatNumber(row.available, language),
              }),
            })),
          ]}
          hint={t('consignments.hints.lot')}
          error={errors.lot}
        />
        <TextField
          label={t('consignments.fields.quantity')}
          name={name('quantity')}
          value={line.quantity}
          inputMode="numeric"
          onChange={(value) => onChange({ quantity: value })}
          hint={
            available === undefined
              ? t('consignments.hints.quantity')
              : t('consignments.hints.available', {
                  available: formatNumber(available, language),
                  unit,
                })
          }
          warning={
            available !== undefined && quantity > available
              ? t('consignments.form.moreThanAvailable', {
                  available: formatNumber(available, language),
                })
              : undefined
          }
          error={errors.quantity}
          required
        />
        {servable.length > 0 && (
          <SelectField
            label={t('consignments.fields.requestLine')}
            name={name('requestLine')}
            value={line.serves}
            onChange={(serves) => onChange({ serves })}
            options={[
              { value: '', label: t('consignments.form.noRequest') },
              ...servable.map(({ request, requestLine }) => ({
                value: `${request.id}|${requestLine.id}`,
                label: t('consignments.form.requestLineOption', {
                  code: request.code,
                  quantity: formatNumber(requestLine.quantity, language),
                  planned: formatNumber(
                    requestLine.kind === 'item' ? requestLine.quantityPlanned : 0,
                    language,
                  ),
                }),
              })),
            ]}
            error={errors.requestLine ?? errors.request}
            optional
          />
        )}
      </div>
      {onRemove && (
        <button type="button" className="remove-line" onClick={onRemove}>
          {t('consignments.form.removeLine', { n: index + 1 })}
        </button>
      )}
    </fieldset>
  )
}
