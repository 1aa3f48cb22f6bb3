/**
 * @module web/proposals/plan-proposals
 * On an approved plan: the sorties' lines that take another node's stock, proposed to that node, and
 * what it decided (as far as this node has pulled) — proposed, accepted with its consignment there,
 * or declined with the reason.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { shortNode } from '../common/home-badge.js'
import { useItems, usePlaces } from '../requests/request-lookups.js'
import { decisionNote, PlaceName, ProposalLines, ProposalStateBadge } from './proposal-bits.js'
import { type ProposalBody, proposalRef } from './proposal-model.js'

export function PlanProposals({ proposals }: { proposals: readonly ProposalBody[] }) {
  const { t } = useTranslation()
  const ids = useMemo(
    () => ({
      places: proposals.flatMap((p) => [p.origin, p.destination]),
      items: proposals.flatMap((p) => p.lines.map((line) => line.item)),
    }),
    [proposals],
  )
  const places = usePlaces(ids.places)
  const items = useItems(ids.items)
  if (proposals.length === 0) return null
  return (
    <section className="panel plan-proposals" aria-labelledby="plan-proposals-title">
      <h2 id="plan-proposals-title">{t('proposals.onPlan.title')}</h2>
      <p className="subtle">{t('proposals.onPlan.intro')}</p>
      <ul className="plan-proposal-list">
        {proposals.map((p) => (
          <li key={p.id} data-proposal={p.id}>
            <abbr title={p.id} className="code">
              {proposalRef(p.id)}
            </abbr>{' '}
            <ProposalStateBadge state={p.state} />{' '}
            <span title={p.peer}>{t('proposals.toNode', { node: shortNode(p.peer) })}</span>
            {': '}
            <PlaceName id={p.origin} places={places} /> →{' '}
            <PlaceName id={p.destination} places={places} />
            <ProposalLines proposal={p} items={items} />
            {p.decision && <p className="proposal-decision">{decisionNote(p, t)}</p>}
          </li>
        ))}
      </ul>
    </section>
  )
}
