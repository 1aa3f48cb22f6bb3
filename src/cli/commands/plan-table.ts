/**
 * @module cli/commands/plan-table
 * A plan as `kizuna plan` prints it: the heading, then per tier what was requested, planned and
 * delivered on time with its fulfilment beside greedy's, the unmet quantity by reason, the
 * consignments, transport and rounding loss; `show --lines` adds each line. Tab-separated, so a
 * script can cut columns.
 */
import type { getPlanView } from '../../app/plan-reads.js'

export type PlanView = Awaited<ReturnType<typeof getPlanView>>

const reasons = ['no-stock', 'not-allowed', 'no-route-in-time', 'no-capacity'] as const
const fixed = (n: number, digits = 3) => n.toFixed(digits)
const whole = (n: number) => String(Math.round(n))

export function planHeading(plan: Omit<PlanView, 'result' | 'proposals'>): string {
  const model = plan.model
    ? `  model ${plan.model.columns} columns, ${plan.model.rows} rows, ${plan.model.nonzeros} nonzeros`
    : ''
  const source = plan.source ? ` (${plan.source})` : ''
  return `${plan.id}  ${plan.status}${source}  start ${plan.start}  horizon ${plan.horizonHours} h${model}\n`
}

export function planTable(plan: PlanView): string {
  const out = [planHeading(plan).trimEnd()]
  if (plan.failure) out.push(`failed: ${plan.failure.message}`)
  const result = plan.result
  if (!result) return `${out.join('\n')}\n`
  const planned = new Map<string, number>()
  for (const line of result.lines)
    planned.set(line.tier, (planned.get(line.tier) ?? 0) + line.planned)
  out.push(
    [
      'tier',
      'requested',
      'planned',
      'on_time',
      'fulfilment',
      'greedy_on_time',
      'greedy_fulfilment',
      'bound_fulfilment',
    ].join('\t'),
  )
  for (const [t, tier] of result.comparison.tiers.entries())
    out.push(
      [
        tier.tier,
        whole(tier.requested),
        whole(planned.get(tier.tier) ?? 0),
        whole(tier.plan.delivered),
        fixed(tier.plan.fulfilment),
        whole(tier.greedy.delivered),
        fixed(tier.greedy.fulfilment),
        fixed(result.bound.tiers[t]?.fulfilment ?? 0),
      ].join('\t'),
    )
  const unmet = new Map<string, number>()
  for (const u of result.unmet) unmet.set(u.reason, (unmet.get(u.reason) ?? 0) + u.quantity)
  out.push(`unmet\t${reasons.map((r) => `${r} ${unmet.get(r) ?? 0}`).join('\t')}`)
  const { comparison } = result
  out.push(
    `consignments\t${result.consignments.length} sorties by ${comparison.assetsUsed.plan} assets (greedy ${comparison.sorties.greedy} by ${comparison.assetsUsed.greedy})`,
  )
  out.push(
    `transport\t${fixed(comparison.tonneKm.plan, 1)} tonne-km (greedy ${fixed(comparison.tonneKm.greedy, 1)})\t${fixed(comparison.tonneHours.plan, 2)} tonne-hours (greedy ${fixed(comparison.tonneHours.greedy, 2)})`,
  )
  out.push(
    `rounding_loss\t${result.roundingLoss.map((r) => `${r.tier} ${fixed(r.delivered, 1)} units, ${fixed(r.fulfilment)}`).join('\t')}`,
  )
  if (result.moved.length > 0)
    out.push(`moved\t${result.moved.length} lines changed against plan ${plan.replaces}`)
  if (plan.consignments.length > 0)
    out.push(`approved\t${plan.consignments.length} consignments created, planned`)
  for (const p of plan.proposals)
    out.push(
      `proposal\t${p.id}\tto node ${p.peer}\t${p.state}${p.decision?.reason ? ` (${p.decision.reason})` : ''}${p.decision?.consignment ? `\tconsignment ${p.decision.consignment}` : ''}`,
    )
  return `${out.join('\n')}\n`
}

/** One row per request line: what it gets, when, and what stays unmet and why. */
export function planLines(plan: PlanView): string {
  const out = ['line\ttier\titem\tdestination\trequested\tplanned\tdeparture\teta\tunmet']
  for (const line of plan.result?.lines ?? []) {
    const first = line.allocations[0]
    out.push(
      [
        line.line,
        line.tier,
        line.item,
        line.destination,
        line.requested,
        line.planned,
        first?.departure ?? '',
        line.allocations
          .map((a) => a.eta)
          .sort()
          .at(-1) ?? '',
        line.unmet.map((u) => `${u.reason} ${u.quantity}`).join(', '),
      ].join('\t'),
    )
  }
  return `${out.join('\n')}\n`
}
