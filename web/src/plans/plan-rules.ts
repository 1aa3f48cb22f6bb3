/**
 * @module web/plans/plan-rules
 * Pure rules of the plan screens, importing nothing of the app's contract or API client (so the unit
 * tests run them in Node): a tier's fulfilment as a share, the per-tier rows of the comparison with
 * greedy and the linear program's bound, unmet lines grouped by reason, the flows of the map (one per
 * origin → destination, weighted by tonnes, coloured by the most urgent tier it carries), and the
 * progress of a running plan as a message key.
 */

/** The contract's tiers and reasons, in their order (most urgent first; reasons as the API orders them). */
export const tierOrder = ['life-saving', 'life-sustaining', 'other'] as const
export type Tier = (typeof tierOrder)[number]
export const reasonOrder = ['no-stock', 'not-allowed', 'no-route-in-time', 'no-capacity'] as const
export type Reason = (typeof reasonOrder)[number]

interface TierFigures {
  readonly tier: Tier
  readonly delivered: number
  readonly fulfilment: number
}
interface TierOutcome extends TierFigures {
  readonly lines: number
  readonly requested: number
}
interface Line {
  readonly line: string
  readonly tier: Tier
  readonly planned: number
}
interface Sortie {
  readonly id: string
  readonly origin: string
  readonly destination: string
  readonly loadKg: number
  readonly lines: readonly { readonly line: string }[]
}
interface Result<L extends Line, S extends Sortie> {
  readonly lines: readonly L[]
  readonly consignments: readonly S[]
  readonly unmet: readonly {
    readonly line: string
    readonly quantity: number
    readonly reason: Reason
  }[]
  readonly bound: { readonly tiers: readonly TierFigures[] }
  readonly roundingLoss: readonly TierFigures[]
  readonly comparison: {
    readonly tiers: readonly {
      readonly tier: Tier
      readonly requested: number
      readonly plan: { readonly delivered: number; readonly fulfilment: number }
      readonly greedy: { readonly delivered: number; readonly fulfilment: number }
    }[]
  }
}

/**
 * A tier's fulfilment as a share of its best, 0–1: the mean over its lines of delivered ÷ requested
 * (the API gives the sum). Null when the tier has no lines: nothing to fulfil.
 */
export function fulfilmentShare(fulfilment: number, lines: number): number | null {
  return lines > 0 ? fulfilment / lines : null
}

export interface Figures {
  readonly delivered: number
  readonly share: number | null
}

export interface TierRow {
  readonly tier: Tier
  readonly lines: number
  readonly requested: number
  /** Units the plan gives the tier's lines (Σ of their planned quantities). */
  readonly planned: number
  readonly plan: Figures
  readonly greedy: Figures
  readonly bound: Figures
  readonly loss: Figures
}

/** One row per tier, in tier order: the plan beside greedy, the LP bound and what rounding lost. */
export function tierRows<L extends Line, S extends Sortie>(
  tiers: readonly TierOutcome[],
  result: Result<L, S>,
): TierRow[] {
  return tierOrder.flatMap((tier) => {
    const own = tiers.find((each) => each.tier === tier)
    if (!own) return []
    const compared = result.comparison.tiers.find((each) => each.tier === tier)
    const bound = result.bound.tiers.find((each) => each.tier === tier)
    const loss = result.roundingLoss.find((each) => each.tier === tier)
    const figures = (outcome: { delivered: number; fulfilment: number } | undefined): Figures => ({
      delivered: outcome?.delivered ?? 0,
      share: fulfilmentShare(outcome?.fulfilment ?? 0, own.lines),
    })
    return [
      {
        tier,
        lines: own.lines,
        requested: own.requested,
        planned: result.lines
          .filter((line) => line.tier === tier)
          .reduce((sum, line) => sum + line.planned, 0),
        plan: figures(own),
        greedy: figures(compared?.greedy),
        bound: figures(bound),
        loss: figures(loss),
      },
    ]
  })
}

export interface UnmetGroup<L> {
  readonly reason: Reason
  readonly quantity: number
  readonly rows: readonly { readonly line: L; readonly quantity: number }[]
}

/** Unmet quantities grouped by reason (in the API's order of reasons), each group's rows by tier. */
export function unmetByReason<L extends Line, S extends Sortie>(
  result: Result<L, S>,
): UnmetGroup<L>[] {
  const lines = new Map(result.lines.map((line) => [line.line, line]))
  return reasonOrder.flatMap((reason) => {
    const rows = result.unmet.flatMap((unmet) => {
      const line = lines.get(unmet.line)
      return unmet.reason === reason && line ? [{ line, quantity: unmet.quantity }] : []
    })
    if (rows.length === 0) return []
    rows.sort((a, b) => tierOrder.indexOf(a.line.tier) - tierOrder.indexOf(b.line.tier))
    return [{ reason, quantity: rows.reduce((sum, row) => sum + row.quantity, 0), rows }]
  })
}

/** The most urgent tier among a sortie's lines (lines the result does not know count as `other`). */
export function sortieTier(sortie: Sortie, tierOf: ReadonlyMap<string, Tier>): Tier {
  let rank = tierOrder.length - 1
  for (const line of sortie.lines)
    rank = Math.min(rank, tierOrder.indexOf(tierOf.get(line.line) ?? 'other'))
  return tierOrder[rank] ?? 'other'
}

export interface Flow {
  /** `<origin>→<destination>` */
  readonly key: string
  readonly origin: string
  readonly destination: string
  readonly tier: Tier
  readonly tonnes: number
  /** Its sorties' ids, in the plan's order. */
  readonly sorties: readonly string[]
}

/** One flow per origin → destination, in order of first sortie; heaviest tonnes set the line widths. */
export function flowsOf<L extends Line, S extends Sortie>(result: Result<L, S>): Flow[] {
  const tierOf = new Map(result.lines.map((line) => [line.line, line.tier]))
  const flows = new Map<
    string,
    { origin: string; destination: string; rank: number; kg: number; sorties: string[] }
  >()
  for (const sortie of result.consignments) {
    const key = `${sortie.origin}→${sortie.destination}`
    const rank = tierOrder.indexOf(sortieTier(sortie, tierOf))
    const flow = flows.get(key)
    if (flow) {
      flow.rank = Math.min(flow.rank, rank)
      flow.kg += sortie.loadKg
      flow.sorties.push(sortie.id)
    } else
      flows.set(key, {
        origin: sortie.origin,
        destination: sortie.destination,
        rank,
        kg: sortie.loadKg,
        sorties: [sortie.id],
      })
  }
  return [...flows].map(([key, flow]) => ({
    key,
    origin: flow.origin,
    destination: flow.destination,
    tier: tierOrder[flow.rank] ?? 'other',
    tonnes: flow.kg / 1000,
    sorties: flow.sorties,
  }))
}

/** A flow's line width in pixels: 3 to 12, by the square root of its share of the heaviest flow. */
export function flowWeight(tonnes: number, heaviest: number): number {
  if (heaviest <= 0) return 3
  return Math.round((3 + 9 * Math.sqrt(Math.max(0, tonnes) / heaviest)) * 10) / 10
}

interface Progress {
  readonly step: 'snapshot' | 'built' | 'solved' | 'interpreted'
  readonly stage: number | null
  readonly of: number | null
  readonly stageName: string | null
}

/** A running plan's progress as a message key and its values ("tier 2 of 3 solved"). */
export function progressMessage(progress: Progress | null): {
  key: string
  values: Record<string, string | number>
} {
  if (!progress) return { key: 'plans.progress.queued', values: {} }
  if (progress.step !== 'solved') return { key: `plans.progress.${progress.step}`, values: {} }
  const tier = tierOrder.indexOf(progress.stageName as Tier)
  if (tier >= 0)
    return {
      key: 'plans.progress.tier',
      values: { k: tier + 1, n: tierOrder.length, tier: progress.stageName as Tier },
    }
  return {
    key: 'plans.progress.stage',
    values: { k: progress.stage ?? 0, n: progress.of ?? 0 },
  }
}

/** How far along a running plan is, 0–1, for a progress bar: reading, building, each stage, cutting. */
export function progressShare(progress: Progress | null): number {
  if (!progress) return 0
  switch (progress.step) {
    case 'snapshot':
      return 0.05
    case 'built':
      return 0.15
    case 'solved': {
      const of = progress.of ?? 0
      return of > 0 ? 0.15 + 0.8 * Math.min(1, (progress.stage ?? 0) / of) : 0.15
    }
    case 'interpreted':
      return 1
  }
}
