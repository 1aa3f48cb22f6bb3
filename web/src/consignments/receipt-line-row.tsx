/**
 * @module web/consignments/receipt-line-row
 * One line of a receipt: the item and what was sent (with its lots), the quantity received, and when
 * less arrived the reason (required) — more than was sent is a surplus, said but allowed — and a note.
 */
import { useTranslation } from 'react-i18next'
import { SelectField, TextField } from '../common/form.js'
import { formatNumber } from '../format.js'
import { type Language, useLanguage } from '../i18n/i18n.js'
import { type ConsignmentLine, shortfallReasons, wholeOf } from './consignment-model.js'

/** What was counted of a line, as typed. */
export interface LineCount {
  received: string
  reason: string
  note: string
}

export function ReceiptLineRow({
  index,
  line,
  itemName,
  unit,
  count,
  errors,
  onChange,
}: {
  index: number
  line: ConsignmentLine
  itemName: { text: string; lang: Language | undefined }
  unit: string
  count: LineCount
  errors: { received?: string | undefined; reason?: string | undefined; note?: string | undefined }
  onChange: (patch: Partial<LineCount>) => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const received = wholeOf(count.received)
  const short = received < line.quantity
  const sent = `${formatNumber(line.quantity, language)} ${unit}`.trim()
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of fields named by the item, inside the lines' fieldset
    <div
      className="receipt-line"
      role="group"
      aria-labelledby={`receipt-line-${index}`}
      data-line={line.id}
    >
      <p className="receipt-line-head" id={`receipt-line-${index}`}>
        <span lang={itemName.lang}>{itemName.text}</span>{' '}
        <span className="subtle">{t('consignments.receipt.sent', { quantity: sent })}</span>
      </p>
      <div className="form-grid">
        <TextField
          label={t('consignments.receipt.received')}
          name={`lines[${index}].quantityReceived`}
          value={count.received}
          inputMode="numeric"
          onChange={(value) => onChange({ received: value })}
          warning={
            received > line.quantity
              ? t('consignments.receipt.surplus', {
                  quantity: formatNumber(received - line.quantity, language),
                })
              : short
                ? t('consignments.receipt.shortfall', {
                    quantity: formatNumber(line.quantity - received, language),
                  })
                : undefined
          }
          error={errors.received}
          required
        />
        <SelectField
          label={t('consignments.receipt.reason')}
          name={`lines[${index}].reason`}
          value={count.reason}
          onChange={(reason) => onChange({ reason })}
          options={[
            { value: '', label: t('consignments.receipt.chooseReason') },
            ...shortfallReasons.map((reason) => ({
              value: reason,
              label: t(`consignments.reason.${reason}`),
            })),
          ]}
          disabled={!short}
          hint={short ? undefined : t('consignments.receipt.reasonHint')}
          error={errors.reason}
          required={short}
        />
        <TextField
          label={t('consignments.receipt.note')}
          name={`lines[${index}].note`}
          value={count.note}
          maxLength={500}
          onChange={(note) => onChange({ note })}
          error={errors.note}
          optional
        />
      </div>
    </div>
  )
}
