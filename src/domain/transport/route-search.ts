/**
 * @module domain/transport/route-search
 * The search under fastestRoute and routeFinder: Dijkstra over a graph of edges (minutes are whole
 * numbers, so comparisons are exact) through three phases — before the mover's main mode, on it,
 * after it — where a route may end only on or after the main mode.
 */
import type { Route, RouteStep } from './fastest-route.js'

/** A way out of a place in a search's graph. */
export interface Edge {
  readonly to: string
  readonly step: Omit<RouteStep, 'from' | 'to'>
  readonly main: boolean
}

/** Phases of a route: before the main mode, on it, after it. A route must use the main mode. */
const BEFORE = 0
const ON = 1
const AFTER = 2

/** A binary heap of [minutes, sequence, state], smallest first; the sequence keeps ties stable. */
class Queue {
  private readonly items: [number, number, string, number][] = []
  private sequence = 0
  get size() {
    return this.items.length
  }
  push(minutes: number, node: string, phase: number) {
    const items = this.items
    items.push([minutes, this.sequence++, node, phase])
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }
  pop(): [number, number, string, number] {
    const items = this.items
    const top = items[0]!
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && this.less(l, m)) m = l
        if (r < items.length && this.less(r, m)) m = r
        if (m === i) break
        ;[items[i], items[m]] = [items[m]!, items[i]!]
        i = m
      }
    }
    return top
  }
  private less(a: number, b: number) {
    const x = this.items[a]!
    const y = this.items[b]!
    return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1])
  }
}

/** Where a search has been: the best minutes to each state and the step that reached it. */
export interface SearchTree {
  readonly best: Map<string, number>
  readonly previous: Map<string, { state: string; node: string; edge: Edge }>
  /** The state of each place first settled on or after the main mode: where a route may end. */
  readonly reached: Map<string, { state: string; minutes: number }>
}

const stateKey = (node: string, phase: number) => `${phase}|${node}`

/**
 * Dijkstra from `from` over `edgesOf`, until `to` is settled on or after the main mode, or (without
 * `to`) until everything reachable is. The queue breaks ties by insertion, so a search that runs on
 * past `to` has settled `to` exactly as one that stopped there.
 */
export function explore(
  from: string,
  /** May the route use an access mode before and after its main one (road to an airport or port)? */
  access: boolean,
  edgesOf: (node: string) => readonly Edge[] | undefined,
  to?: string,
): SearchTree {
  const best = new Map<string, number>()
  const previous: SearchTree['previous'] = new Map()
  const reached: SearchTree['reached'] = new Map()
  const queue = new Queue()
  best.set(stateKey(from, BEFORE), 0)
  queue.push(0, from, BEFORE)
  while (queue.size > 0) {
    const [minutes, , node, phase] = queue.pop()
    const state = stateKey(node, phase)
    if (minutes > (best.get(state) ?? Number.POSITIVE_INFINITY)) continue
    if (phase !== BEFORE && !reached.has(node)) {
      reached.set(node, { state, minutes })
      if (node === to) break
    }
    for (const edge of edgesOf(node) ?? []) {
      // Main legs may follow the start or main legs; access legs come before or after them.
      const next = edge.main
        ? phase === AFTER
          ? null
          : ON
        : !access
          ? null
          : phase === BEFORE
            ? BEFORE
            : AFTER
      if (next === null) continue
      const total = minutes + edge.step.minutes
      const nextState = stateKey(edge.to, next)
      if (total < (best.get(nextState) ?? Number.POSITIVE_INFINITY)) {
        best.set(nextState, total)
        previous.set(nextState, { state, node, edge })
        queue.push(total, edge.to, next)
      }
    }
  }
  return { best, previous, reached }
}

/** The route a search found to `to`, or null when it never reached it. */
export function routeIn(tree: SearchTree, to: string): Route | null {
  const end = tree.reached.get(to)
  if (!end) return null
  const steps: RouteStep[] = []
  let at = end.state
  let atNode = to
  for (let back = tree.previous.get(at); back; back = tree.previous.get(at)) {
    steps.push({ ...back.edge.step, from: back.node, to: atNode })
    at = back.state
    atNode = back.node
  }
  steps.reverse()
  const distanceKm = Math.round(steps.reduce((sum, s) => sum + s.distanceKm, 0) * 10) / 10
  return { steps, distanceKm, minutes: end.minutes }
}
