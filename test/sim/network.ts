/**
 * A simulated network for federation: every node reachable at `http://<node id>.sim`, each request
 * answered in process by the target's Federation port — or lost, cut by a partition, answered with an
 * older answer of the same link (late, duplicated, reordered), truncated, or with one byte changed, as
 * the seeded random source decides. Healed, it delivers every answer whole.
 */
import type { Federation } from '../../src/app/ports.js'
import type { FetchLike } from '../../src/sync/pull.js'

export interface Random {
  next(): number
  int(lo: number, hi: number): number
  pick<T>(items: readonly T[]): T
}

/** mulberry32: small, seeded, replayable. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  return { next, int, pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number] }
}

export interface Faults {
  /** Probability that a request or its answer is lost. */
  readonly loss: number
  /** Probability that an older answer of the same link comes instead of the fresh one. */
  readonly stale: number
  /** Probability that the answer is cut short. */
  readonly truncate: number
  /** Probability that one byte of the answer is changed. */
  readonly corrupt: number
}

export const healed: Faults = { loss: 0, stale: 0, truncate: 0, corrupt: 0 }

export class SimNetwork {
  private readonly nodes = new Map<string, Federation>()
  private readonly cut = new Set<string>()
  private readonly history = new Map<string, { status: number; text: string }[]>()
  faults: Faults = healed
  readonly counts = { lost: 0, cut: 0, stale: 0, truncated: 0, corrupted: 0, delivered: 0 }

  constructor(private readonly random: Random) {}

  static urlOf(nodeId: string): string {
    return `http://${nodeId}.sim`
  }

  attach(nodeId: string, federation: Federation): void {
    this.nodes.set(nodeId, federation)
  }

  partition(a: string, b: string, cut: boolean): void {
    for (const key of [`${a}>${b}`, `${b}>${a}`]) cut ? this.cut.add(key) : this.cut.delete(key)
  }

  healAll(): void {
    this.cut.clear()
    this.faults = healed
  }

  fetchFor(asker: string): FetchLike {
    return async (url, init) => {
      const parsed = new URL(url)
      const target = parsed.hostname.replace(/\.sim$/, '')
      const link = `${asker}>${target}`
      if (this.cut.has(link)) {
        this.counts.cut++
        throw new Error('network unreachable (partition)')
      }
      if (this.random.next() < this.faults.loss) {
        this.counts.lost++
        throw new Error('request lost')
      }
      const federation = this.nodes.get(target)
      if (!federation) throw new Error(`no node ${target}`)
      const outcome = await federation.serveEvents({
        method: init.method,
        pathAndQuery: `${parsed.pathname}${parsed.search}`,
        headers: init.headers,
        after: Number(parsed.searchParams.get('after')),
        limit: Number(parsed.searchParams.get('limit')),
      })
      let answer = outcome.ok
        ? { status: 200, text: outcome.text }
        : { status: 403, text: JSON.stringify({ error: { message: outcome.message } }) }
      const past = this.history.get(link) ?? []
      this.history.set(link, [...past.slice(-7), answer])
      if (this.random.next() < this.faults.loss) {
        this.counts.lost++
        throw new Error('answer lost')
      }
      if (past.length > 0 && this.random.next() < this.faults.stale) {
        this.counts.stale++
        answer = this.random.pick(past)
      }
      let text = answer.text
      if (text.length > 1 && this.random.next() < this.faults.truncate) {
        this.counts.truncated++
        text = text.slice(0, this.random.int(0, text.length - 1))
      }
      if (text.length > 0 && this.random.next() < this.faults.corrupt) {
        this.counts.corrupted++
        const at = this.random.int(0, text.length - 1)
        const code = text.charCodeAt(at)
        text = `${text.slice(0, at)}${String.fromCharCode(code === 0x7a ? 0x79 : code + 1)}${text.slice(at + 1)}`
      }
      this.counts.delivered++
      return { status: answer.status, text: async () => text }
    }
  }
}
