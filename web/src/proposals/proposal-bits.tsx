/**
 * @module web/proposals/proposal-bits
 * A proposal's state as a badge, and what it asks for — each line's item, lot and quantity, the
 * places by name — shared by the proposals screen and the plan's panel.
 */
import type { Item } from '@contract/items.js'
import type { Place } from '@contract/places.js'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, useUnitName } from '../requests/request-lookups.js'
import { type ProposalBody, type ProposalStateBody, stateTone } from './proposal-model.js'
import '../requests/requests.css'

export function ProposalStateBadge({ state }: { state: ProposalStateBody }) {
  const { t } = useTranslation()
  return (
    <span className={`request-status proposal-state tone-${stateTone[state]}`} data-state={state}>
      {t(`proposals.state.${state}`)}
    </span>
  )
}

export function PlaceName({ id, places }: { id: string; places: Map<string, Place> }) {
  const language = useLanguage()
  const name = named(places.get(id), language, id)
  return <span lang={name.lang}>{name.text}</span>
}

export function ProposalLines({
  proposal,
  items,
}: {
  proposal: ProposalBody
  items: Map<string, Item>
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const unitName = useUnitName()
  return (
    <ul className="proposal-lines">
      {proposal.lines.map((line) => {
        const item = items.get(line.item)
        const name = named(item, language, line.item)
        return (
          <li key={`${line.requestLine}|${line.lot}`}>
            <span lang={name.lang}>{name.text}</span>{' '}
            {t('proposals.lineQuantity', {
              quantity: formatNumber(line.quantity, language),
              unit: item ? unitName(item.unit) : '',
              lot: line.lot,
            })}
          </li>
        )
      })}
    </ul>
  )
}

/** The decision's words: the reason of a decline, the consignment of an accept. */
export function decisionNote(
  proposal: ProposalBody,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (!proposal.decision) {
    if (proposal.state !== 'withdrawn') return ''
    return t(proposal.incoming ? 'proposals.withdrawnNote' : 'proposals.withdrawnHere')
  }
  if (proposal.consignmentStatus === 'cancelled') return t('proposals.consignmentCancelled')
  return proposal.decision.decision === 'declined'
    ? t('proposals.declinedBecause', { reason: proposal.decision.reason ?? '' })
    : t('proposals.acceptedAs', {
        ref: (proposal.decision.consignment ?? '').slice(-8).toUpperCase(),
      })
}
