/**
 * @module domain/allocation/marks
 * Values kept under three keys in nested maps, and the refusals built on them: the cut asks about
 * routes (an asset, places, a deadline) hundreds of thousands of times on Noto 2024, and a string
 * key made per question was a tenth of its time, much of it then the garbage collector's.
 */
export class Marks<A, B, C, V = number> {
  private readonly marks = new Map<A, Map<B, Map<C, V>>>()

  get(a: A, b: B, c: C): V | undefined {
    return this.marks.get(a)?.get(b)?.get(c)
  }

  set(a: A, b: B, c: C, value: V): void {
    let byB = this.marks.get(a)
    if (!byB) {
      byB = new Map()
      this.marks.set(a, byB)
    }
    let byC = byB.get(b)
    if (!byC) {
      byC = new Map()
      byB.set(b, byC)
    }
    byC.set(c, value)
  }
}

/**
 * Routes that refused a load, by asset, the place it loads from and the deadline, until `clear`:
 * clearing starts a new generation instead of emptying the maps.
 */
export class RouteRefusals {
  private readonly marks = new Marks<number, string, number>()
  private generation = 0

  clear(): void {
    this.generation++
  }

  has(asset: number, origin: string, deadline: number): boolean {
    return this.marks.get(asset, origin, deadline) === this.generation
  }

  add(asset: number, origin: string, deadline: number): void {
    this.marks.set(asset, origin, deadline, this.generation)
  }
}
