/**
 * @module domain/allocation/plan-moves
 * What moved between two plans of the same lines: for each line, the quantity, the stock it comes
 * from (its lots, which name place, owner and lot) and the assets that carry it, before and after.
 * A line is listed when any of the three changed, in line id order.
 */

export interface LineAllocation {
  readonly line: string
  readonly lot: string
  readonly quantity: number
  /** Null: handed over where it already is. */
  readonly asset: string | null
}

export interface LineShape {
  readonly quantity: number
  readonly lots: string[]
  readonly assets: string[]
}

export type MoveKind = 'quantity' | 'source' | 'asset'

export interface PlanMove {
  readonly line: string
  readonly request: string
  readonly item: string
  readonly change: MoveKind[]
  readonly before: LineShape
  readonly after: LineShape
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort()

function shapes(allocations: readonly LineAllocation[]): Map<string, LineShape> {
  const grouped = new Map<string, LineAllocation[]>()
  for (const a of allocations) grouped.set(a.line, [...(grouped.get(a.line) ?? []), a])
  const out = new Map<string, LineShape>()
  for (const [line, list] of grouped)
    out.set(line, {
      quantity: list.reduce((sum, a) => sum + a.quantity, 0),
      lots: sortedUnique(list.map((a) => a.lot)),
      assets: sortedUnique(list.flatMap((a) => (a.asset === null ? [] : [a.asset]))),
    })
  return out
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i])

const NOTHING: LineShape = { quantity: 0, lots: [], assets: [] }

/** The lines whose quantity, source or asset differ between `before` and `after`. */
export function movedLines(
  before: readonly LineAllocation[],
  after: readonly LineAllocation[],
  lines: ReadonlyMap<string, { readonly request: string; readonly item: string }>,
): PlanMove[] {
  const was = shapes(before)
  const now = shapes(after)
  const moves: PlanMove[] = []
  for (const line of sortedUnique([...was.keys(), ...now.keys()])) {
    const b = was.get(line) ?? NOTHING
    const a = now.get(line) ?? NOTHING
    const change: MoveKind[] = []
    if (a.quantity !== b.quantity) change.push('quantity')
    if (!same(a.lots, b.lots)) change.push('source')
    if (!same(a.assets, b.assets)) change.push('asset')
    if (change.length === 0) continue
    const named = lines.get(line)
    moves.push({
      line,
      request: named?.request ?? '',
      item: named?.item ?? '',
      change,
      before: b,
      after: a,
    })
  }
  return moves
}
