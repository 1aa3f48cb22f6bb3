/**
 * A stateful check of the ledger's rules (STYLE.md, "Tests"; TigerBeetle's auditor). The system under test
 * is a tiny in-memory ledger built on `decideBatch`: it keeps balances, stored transfers and pending
 * transfers as a store would, and a log it can recompute balances from. An independent model — the
 * auditor, written plainly here without calling the domain — predicts every answer, and after every
 * command the invariants are checked: quantity is conserved, stock never goes negative, replays and
 * refusals change nothing, a pending transfer is resolved at most once, and balances equal the log.
 */
import { fc } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { type AccountKind, type Balance, ZERO } from '../../../src/domain/ledger/account.js'
import { type BatchDecision, decideBatch } from '../../../src/domain/ledger/batch.js'
import {
  type AccountView,
  applyDelta,
  type Pending,
  type PendingState,
  TIMEOUT_REASON,
  type TransferInput,
  type TransferResult,
} from '../../../src/domain/ledger/transfer.js'

const START = Date.parse('2026-03-01T00:00:00.000Z')
const MINUTE = 60_000
const iso = (ms: number): string => new Date(ms).toISOString()

// ---------------------------------------------------------------------------------------------------
// The chart of accounts: three stock accounts, a consignment in transit, the outside world, all of
// water; and one stock account of tents. GHOST is never created.

interface AccountSpec {
  readonly id: string
  readonly kind: AccountKind
  readonly item: string
}

const CHART: readonly AccountSpec[] = [
  { id: 'stock:hub', kind: 'stock', item: 'water' },
  { id: 'stock:warehouse', kind: 'stock', item: 'water' },
  { id: 'stock:shelter', kind: 'stock', item: 'water' },
  { id: 'transit:c1', kind: 'transit', item: 'water' },
  { id: 'supply:donor', kind: 'supply', item: 'water' },
  { id: 'issued:shelter', kind: 'issued', item: 'water' },
  { id: 'loss:hub', kind: 'loss', item: 'water' },
  { id: 'stock:tents', kind: 'stock', item: 'tents' },
]
const GHOST = 'stock:nowhere'
const CHART_BY_ID = new Map(CHART.map((a) => [a.id, a]))
const neverNegative = (kind: AccountKind): boolean => kind === 'stock' || kind === 'transit'

type Bal = { posted: number; pendingOut: number; pendingIn: number }
const zero = (): Bal => ({ posted: 0, pendingOut: 0, pendingIn: 0 })

// ---------------------------------------------------------------------------------------------------
// The system under test: a tiny ledger on decideBatch, applying accepted decisions as a store would.

interface LogEntry {
  readonly input: TransferInput
  readonly quantity: number
}

class TinyLedger {
  now = iso(START)
  readonly accounts = new Map<string, AccountView>(
    CHART.map((a) => [a.id, { id: a.id, kind: a.kind, item: a.item, balance: ZERO }]),
  )
  readonly transfers = new Map<string, TransferInput>()
  readonly pendings = new Map<string, Pending>()
  readonly log: LogEntry[] = []

  submit(inputs: readonly TransferInput[]): BatchDecision {
    const batch = decideBatch(inputs, this.accounts, this.transfers, this.pendings, this.now)
    if (batch.result !== 'ok') return batch
    if (batch.decisions.length !== inputs.length)
      expect(batch.decisions).toHaveLength(inputs.length)
    batch.decisions.forEach((decision, i) => {
      const input = inputs[i]!
      for (const [id, delta] of decision.deltas) this.change(id, delta)
      this.transfers.set(input.id, input)
      this.log.push({ input, quantity: decision.quantity })
      if (input.mode === 'pending') {
        this.pendings.set(input.id, {
          id: input.id,
          fromAccount: input.fromAccount,
          toAccount: input.toAccount,
          quantity: input.quantity,
          state: 'pending',
          timeoutAt: input.timeoutAt,
        })
      }
      if (decision.resolves) {
        const resolved = this.pendings.get(decision.resolves.id)!
        this.pendings.set(resolved.id, { ...resolved, state: decision.resolves.state })
      }
    })
    // The balances the decision reports are the ones the store now holds.
    for (const [id, balance] of batch.balances) {
      if (json(plain(balance)) !== json(this.balanceOf(id)))
        expect(plain(balance)).toEqual(this.balanceOf(id))
    }
    return batch
  }

  /** The node's timeout sweep: one void with reason `timeout` for each pending transfer whose timeout
   * has come. Returns the ids of the pending transfers it voided. */
  sweep(): string[] {
    const voided: string[] = []
    for (const p of [...this.pendings.values()]) {
      if (p.state !== 'pending' || p.timeoutAt === null) continue
      if (Date.parse(p.timeoutAt) > Date.parse(this.now)) continue
      const timeout: TransferInput = {
        id: `timeout:${p.id}`,
        mode: 'void',
        fromAccount: p.fromAccount,
        toAccount: p.toAccount,
        quantity: 0,
        reason: TIMEOUT_REASON,
        ref: null,
        pendingId: p.id,
        timeoutAt: null,
      }
      const result = this.submit([timeout])
      if (result.result !== 'ok') expect(result.failure, `the sweep of ${p.id}`).toBeNull()
      voided.push(p.id)
    }
    return voided
  }

  balanceOf(id: string): Bal {
    return plain(this.accounts.get(id)!.balance)
  }

  /** Everything the ledger holds, as text. */
  snapshot(): string {
    return JSON.stringify({
      accounts: [...this.accounts.values()].map((a) => [a.id, this.balanceOf(a.id)]),
      transfers: [...this.transfers],
      pendings: [...this.pendings],
      log: this.log,
    })
  }

  private change(id: string, delta: Bal): void {
    const account = this.accounts.get(id)!
    this.accounts.set(id, { ...account, balance: applyDelta(account.balance, delta) })
  }
}

/** A balance with -0 read as 0. */
function plain(b: Balance): Bal {
  return { posted: b.posted + 0, pendingOut: b.pendingOut + 0, pendingIn: b.pendingIn + 0 }
}

// ---------------------------------------------------------------------------------------------------
// The auditor: an independent model of the rules, written without the domain's code.

interface ModelPending {
  readonly from: string
  readonly to: string
  readonly quantity: number
  readonly timeoutAt: number | null
  state: PendingState
}

interface Model {
  now: number
  balances: Map<string, Bal>
  stored: Map<string, TransferInput>
  pendings: Map<string, ModelPending>
  /** Every pending transfer ever asked for (accepted or not), the targets of later posts and voids. */
  readonly asked: Map<string, TransferInput>
  /** Every batch ever submitted, for replays. */
  readonly history: TransferInput[][]
  nextId: number
}

function newModel(): Model {
  return {
    now: START,
    balances: new Map(CHART.map((a) => [a.id, zero()])),
    stored: new Map(),
    pendings: new Map(),
    asked: new Map(),
    history: [],
    nextId: 1,
  }
}

interface Expected {
  readonly result: 'ok' | 'exists' | 'refused'
  readonly failure: {
    readonly index: number
    readonly id: string
    readonly result: TransferResult
  } | null
}

const fieldsOf = (t: TransferInput): string =>
  JSON.stringify([
    t.id,
    t.mode,
    t.fromAccount,
    t.toAccount,
    t.quantity,
    t.reason,
    t.ref,
    t.pendingId,
    t.timeoutAt,
  ])

/** The answer for one transfer, against a scratch copy of the model's state. */
function auditOne(
  t: TransferInput,
  stored: ReadonlyMap<string, TransferInput>,
  balances: ReadonlyMap<string, Bal>,
  pendings: ReadonlyMap<string, ModelPending>,
  now: number,
): TransferResult {
  const before = stored.get(t.id)
  if (before) return fieldsOf(before) === fieldsOf(t) ? 'exists' : 'exists_with_different_fields'
  if (t.mode !== 'void' && !(Number.isInteger(t.quantity) && t.quantity > 0)) {
    return 'quantity_must_be_positive_integer'
  }
  if (t.fromAccount === t.toAccount) return 'same_from_and_to'
  const from = CHART_BY_ID.get(t.fromAccount)
  if (!from) return 'from_account_not_found'
  const to = CHART_BY_ID.get(t.toAccount)
  if (!to) return 'to_account_not_found'
  if (from.item !== to.item) return 'accounts_differ_in_item'
  if (t.mode === 'post' || t.mode === 'void') {
    const p = t.pendingId === null ? undefined : pendings.get(t.pendingId)
    if (!p) return 'pending_not_found'
    if (p.state === 'posted') return 'pending_already_posted'
    if (p.state === 'voided') return 'pending_already_voided'
    // After its timeout, a reservation may only be voided, and only by the sweep (reason 'timeout').
    const timedOut = p.timeoutAt !== null && now >= p.timeoutAt
    const sweep = t.mode === 'void' && t.reason === 'timeout'
    if (p.state === 'expired' || (timedOut && !sweep)) return 'pending_expired'
    if (p.from !== t.fromAccount || p.to !== t.toAccount) return 'pending_accounts_differ'
    if (t.mode === 'post' && t.quantity > p.quantity) return 'post_exceeds_pending'
    return 'ok'
  }
  const b = balances.get(from.id)!
  if (neverNegative(from.kind) && b.posted - b.pendingOut < t.quantity) return 'exceeds_available'
  return 'ok'
}

function applyOne(
  t: TransferInput,
  balances: Map<string, Bal>,
  pendings: Map<string, ModelPending>,
): void {
  const from = balances.get(t.fromAccount)!
  const to = balances.get(t.toAccount)!
  switch (t.mode) {
    case 'single':
      from.posted -= t.quantity
      to.posted += t.quantity
      return
    case 'pending':
      from.pendingOut += t.quantity
      to.pendingIn += t.quantity
      pendings.set(t.id, {
        from: t.fromAccount,
        to: t.toAccount,
        quantity: t.quantity,
        timeoutAt: t.timeoutAt === null ? null : Date.parse(t.timeoutAt),
        state: 'pending',
      })
      return
    case 'post':
    case 'void': {
      const p = pendings.get(t.pendingId!)!
      from.pendingOut -= p.quantity
      to.pendingIn -= p.quantity
      if (t.mode === 'post') {
        from.posted -= t.quantity
        to.posted += t.quantity
      }
      p.state = t.mode === 'post' ? 'posted' : 'voided'
    }
  }
}

/** All or nothing: decide the batch on a scratch copy and keep it only when every transfer is accepted. */
function auditBatch(m: Model, inputs: readonly TransferInput[]): Expected {
  const balances = new Map([...m.balances].map(([id, b]) => [id, { ...b }]))
  const pendings = new Map([...m.pendings].map(([id, p]) => [id, { ...p }]))
  const seen = new Set<string>()
  const replayed: number[] = []
  for (const [index, t] of inputs.entries()) {
    const refuse = (result: TransferResult): Expected => ({
      result: 'refused',
      failure: { index, id: t.id, result },
    })
    if (seen.has(t.id)) return refuse('exists_with_different_fields')
    seen.add(t.id)
    const result = auditOne(t, m.stored, balances, pendings, m.now)
    if (result === 'exists') {
      replayed.push(index)
      continue
    }
    if (result !== 'ok') return refuse(result)
    applyOne(t, balances, pendings)
  }
  if (replayed.length === inputs.length) return { result: 'exists', failure: null }
  if (replayed.length > 0) {
    const index = replayed[0]!
    return { result: 'refused', failure: { index, id: inputs[index]!.id, result: 'exists' } }
  }
  m.balances = balances
  m.pendings = pendings
  for (const t of inputs) m.stored.set(t.id, t)
  return { result: 'ok', failure: null }
}

/** The reservations the sweep must void now: open, with a timeout that has come. */
function auditSweep(m: Model): string[] {
  const due = [...m.pendings].filter(
    ([, p]) => p.state === 'pending' && p.timeoutAt !== null && p.timeoutAt <= m.now,
  )
  for (const [id, p] of due) {
    m.balances.get(p.from)!.pendingOut -= p.quantity
    m.balances.get(p.to)!.pendingIn -= p.quantity
    p.state = 'voided'
    m.stored.set(`timeout:${id}`, {
      id: `timeout:${id}`,
      mode: 'void',
      fromAccount: p.from,
      toAccount: p.to,
      quantity: 0,
      reason: 'timeout',
      ref: null,
      pendingId: id,
      timeoutAt: null,
    })
  }
  return due.map(([id]) => id)
}

// ---------------------------------------------------------------------------------------------------
// The invariants, checked after every command.

/** Balances recomputed from the log alone. */
function recompute(log: readonly LogEntry[]): Map<string, Bal> {
  const balances = new Map(CHART.map((a) => [a.id, zero()]))
  const reserved = new Map<string, TransferInput>()
  const release = (r: TransferInput): void => {
    balances.get(r.fromAccount)!.pendingOut -= r.quantity
    balances.get(r.toAccount)!.pendingIn -= r.quantity
  }
  for (const entry of log) {
    const t = entry.input
    const from = balances.get(t.fromAccount)!
    const to = balances.get(t.toAccount)!
    if (t.mode === 'single') {
      from.posted -= t.quantity
      to.posted += t.quantity
    } else if (t.mode === 'pending') {
      from.pendingOut += t.quantity
      to.pendingIn += t.quantity
      reserved.set(t.id, t)
    } else {
      release(reserved.get(t.pendingId!)!)
      if (t.mode === 'post') {
        from.posted -= t.quantity
        to.posted += t.quantity
      }
    }
  }
  return balances
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v].sort() : v))

/** Every broken invariant, in words (empty when all hold). Plain code, so checking is cheap. */
function brokenInvariants(m: Model, real: TinyLedger): string[] {
  const problems: string[] = []
  const totals = new Map<string, Bal>()
  for (const a of real.accounts.values()) {
    const b = real.balanceOf(a.id)
    const total = totals.get(a.item) ?? zero()
    total.posted += b.posted
    total.pendingOut += b.pendingOut
    total.pendingIn += b.pendingIn
    totals.set(a.item, total)
    if (b.pendingOut < 0 || b.pendingIn < 0)
      problems.push(`${a.id} has a negative pending balance ${json(b)}`)
    if (neverNegative(a.kind) && (b.posted < 0 || b.posted - b.pendingOut < 0)) {
      problems.push(`${a.id} went negative: ${json(b)}`)
    }
  }
  for (const [item, total] of totals) {
    if (total.posted !== 0)
      problems.push(`${item} is not conserved: posted sums to ${total.posted}`)
    if (total.pendingOut !== total.pendingIn) {
      problems.push(`${item}: pending out ${total.pendingOut} ≠ pending in ${total.pendingIn}`)
    }
  }

  const stored = new Map([...real.accounts.keys()].map((id) => [id, real.balanceOf(id)]))
  if (json(stored) !== json(m.balances)) {
    problems.push(`balances ${json(stored)} are not the auditor's ${json(m.balances)}`)
  }
  const recomputed = recompute(real.log)
  if (json(recomputed) !== json(stored)) {
    problems.push(
      `balances ${json(stored)} are not those recomputed from the log ${json(recomputed)}`,
    )
  }

  const resolutions = new Map<string, number>()
  for (const entry of real.log) {
    const id =
      entry.input.mode === 'post' || entry.input.mode === 'void' ? entry.input.pendingId! : null
    if (id !== null) resolutions.set(id, (resolutions.get(id) ?? 0) + 1)
  }
  for (const [id, times] of resolutions)
    if (times > 1) problems.push(`pending ${id} was resolved ${times} times`)
  const states = new Map([...real.pendings].map(([id, p]) => [id, p.state]))
  const modelStates = new Map([...m.pendings].map(([id, p]) => [id, p.state]))
  if (json(states) !== json(modelStates)) {
    problems.push(`pending states ${json(states)} are not the auditor's ${json(modelStates)}`)
  }
  if (json([...real.transfers.keys()].sort()) !== json([...m.stored.keys()].sort())) {
    problems.push('the stored transfers are not the ones the auditor accepted')
  }
  return problems
}

function checkInvariants(m: Model, real: TinyLedger): void {
  const problems = brokenInvariants(m, real)
  if (problems.length > 0) expect(problems).toEqual([])
}

// ---------------------------------------------------------------------------------------------------
// Commands.

type OpSpec =
  | { readonly op: 'single'; readonly from: string; readonly to: string; readonly quantity: number }
  | {
      readonly op: 'pending'
      readonly from: string
      readonly to: string
      readonly quantity: number
      readonly timeoutMinutes: number | null
    }
  /** Post `share` percent of a pending transfer: 100 in full, less in part, more is too much. `own`: the
   * last pending transfer made earlier in the same batch, when there is one; `open`: one still pending,
   * when there is one; otherwise any pending transfer ever asked for, accepted or not. `timeout`: with
   * the sweep's reason, as a client might send it. */
  | {
      readonly op: 'post'
      readonly pick: number
      readonly own: boolean
      readonly open: boolean
      readonly share: number
      readonly swap: boolean
      readonly timeout: boolean
    }
  | {
      readonly op: 'void'
      readonly pick: number
      readonly own: boolean
      readonly open: boolean
      readonly swap: boolean
      readonly timeout: boolean
    }
  /** Reuse the id of an earlier transfer of the same batch. */
  | { readonly op: 'reuse'; readonly pick: number }

function build(m: Model, spec: OpSpec, earlier: readonly TransferInput[]): TransferInput {
  const base = { ref: null, pendingId: null, timeoutAt: null, reason: 'test' }
  const id = `t${m.nextId++}`
  switch (spec.op) {
    case 'single':
      return {
        ...base,
        id,
        mode: 'single',
        fromAccount: spec.from,
        toAccount: spec.to,
        quantity: spec.quantity,
      }
    case 'pending':
      return {
        ...base,
        id,
        mode: 'pending',
        fromAccount: spec.from,
        toAccount: spec.to,
        quantity: spec.quantity,
        timeoutAt: spec.timeoutMinutes === null ? null : iso(m.now + spec.timeoutMinutes * MINUTE),
      }
    case 'post':
    case 'void': {
      const own = earlier.filter((t) => t.mode === 'pending').at(-1)
      const asked = [...m.asked.values()]
      const open = asked.filter((t) => m.pendings.get(t.id)?.state === 'pending')
      const among = spec.open && open.length > 0 ? open : asked
      const target = spec.own && own ? own : among[spec.pick % Math.max(1, among.length)]
      if (!target) {
        return {
          ...base,
          id,
          mode: spec.op,
          fromAccount: 'stock:hub',
          toAccount: 'stock:warehouse',
          quantity: 1,
          pendingId: 'p-unknown',
        }
      }
      const [fromAccount, toAccount] = spec.swap
        ? [target.toAccount, target.fromAccount]
        : [target.fromAccount, target.toAccount]
      const quantity =
        spec.op === 'post' ? Math.max(1, Math.ceil((target.quantity * spec.share) / 100)) : 0
      const reason = spec.timeout ? 'timeout' : base.reason
      return {
        ...base,
        id,
        mode: spec.op,
        fromAccount,
        toAccount,
        quantity,
        reason,
        pendingId: target.id,
      }
    }
    case 'reuse': {
      const twin = earlier[spec.pick % Math.max(1, earlier.length)]
      if (!twin)
        return {
          ...base,
          id,
          mode: 'single',
          fromAccount: 'supply:donor',
          toAccount: 'stock:hub',
          quantity: 1,
        }
      return { ...twin, reason: 'again' }
    }
  }
}

/** Counts of what the runs exercised, so a generator that stops reaching a case fails the test. */
const seen = new Map<string, number>()
const count = (what: string): void => {
  seen.set(what, (seen.get(what) ?? 0) + 1)
}

function exercise(m: Model, real: TinyLedger, inputs: readonly TransferInput[]): void {
  const before = real.snapshot()
  const expected = auditBatch(m, inputs)
  const actual = real.submit(inputs)
  const answer = { result: actual.result, failure: actual.failure }
  if (json(answer) !== json(expected)) expect(answer).toEqual(expected)
  count(`batch:${actual.result}`)
  count(`result:${actual.failure?.result ?? (actual.result === 'exists' ? 'exists' : 'ok')}`)
  if (actual.result === 'ok') {
    for (const t of inputs)
      if (t.mode === 'post' && t.quantity < (m.pendings.get(t.pendingId!)?.quantity ?? 0))
        count('post:part')
  } else {
    // A replay changes nothing; a refused batch leaves no trace.
    if (actual.balances.size !== 0) expect(actual.balances).toEqual(new Map())
    const after = real.snapshot()
    if (after !== before) expect(after).toBe(before)
  }
  m.history.push([...inputs])
  for (const t of inputs) if (t.mode === 'pending' && !m.asked.has(t.id)) m.asked.set(t.id, t)
  checkInvariants(m, real)
}

type LedgerCommand = fc.Command<Model, TinyLedger>

class Submit implements LedgerCommand {
  constructor(
    readonly label: string,
    readonly specs: readonly OpSpec[],
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, real: TinyLedger): void {
    const inputs: TransferInput[] = []
    for (const spec of this.specs) inputs.push(build(m, spec, inputs))
    exercise(m, real, inputs)
  }
  toString(): string {
    return `${this.label}(${JSON.stringify(this.specs)})`
  }
}

class Replay implements LedgerCommand {
  constructor(
    readonly pick: number,
    readonly whole: boolean,
    /** `none`: the same transfers; `reason`, `quantity`: one differs; `extend`: with a new one after. */
    readonly alter: 'none' | 'reason' | 'quantity' | 'extend',
  ) {}
  check(m: Readonly<Model>): boolean {
    return m.history.length > 0
  }
  run(m: Model, real: TinyLedger): void {
    const earlier = m.history[this.pick % m.history.length]!
    let inputs = this.whole ? earlier : [earlier[this.pick % earlier.length]!]
    if (this.alter === 'reason')
      inputs = inputs.map((t, i) =>
        i === inputs.length - 1 ? { ...t, reason: `${t.reason}*` } : t,
      )
    if (this.alter === 'quantity')
      inputs = inputs.map((t, i) => (i === 0 ? { ...t, quantity: t.quantity + 1 } : t))
    if (this.alter === 'extend')
      inputs = [
        ...inputs,
        build(m, { op: 'single', from: 'supply:donor', to: 'stock:hub', quantity: 1 }, inputs),
      ]
    count(`replay:${this.alter}`)
    exercise(m, real, inputs)
  }
  toString(): string {
    return `replay(${this.pick}, ${this.whole ? 'whole' : 'one'}, ${this.alter})`
  }
}

class Tick implements LedgerCommand {
  constructor(
    readonly minutes: number,
    readonly sweep: boolean,
  ) {}
  check(): boolean {
    return true
  }
  run(m: Model, real: TinyLedger): void {
    m.now += this.minutes * MINUTE
    real.now = iso(m.now)
    if (this.sweep) {
      const voided = real.sweep()
      const due = auditSweep(m)
      if (json(voided.sort()) !== json(due.sort())) expect(voided).toEqual(due)
      if (voided.length > 0) count('swept')
    }
    checkInvariants(m, real)
  }
  toString(): string {
    return `tick(${this.minutes}${this.sweep ? ', sweep' : ''})`
  }
}

const waterArb = fc.constantFrom(...CHART.filter((a) => a.item === 'water').map((a) => a.id))
const accountArb = fc.oneof(
  { arbitrary: waterArb, weight: 30 },
  { arbitrary: fc.constant('stock:tents'), weight: 1 },
  { arbitrary: fc.constant(GHOST), weight: 1 },
)
const fromArb = fc.oneof(
  { arbitrary: fc.constant('supply:donor'), weight: 2 },
  { arbitrary: accountArb, weight: 3 },
)
const quantityArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 25 }), weight: 20 },
  { arbitrary: fc.constantFrom(0, -3, 2.5), weight: 1 },
)
const rarely = fc.oneof(
  { arbitrary: fc.constant(false), weight: 9 },
  { arbitrary: fc.constant(true), weight: 1 },
)
const shareArb = fc.oneof(
  { arbitrary: fc.constant(100), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 99 }), weight: 3 },
  { arbitrary: fc.integer({ min: 101, max: 150 }), weight: 1 },
)

const singleArb = fc.record({
  op: fc.constant('single' as const),
  from: fromArb,
  to: accountArb,
  quantity: quantityArb,
})
const pendingArb = fc.record({
  op: fc.constant('pending' as const),
  from: fromArb,
  to: accountArb,
  quantity: quantityArb,
  timeoutMinutes: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
})
const postArb = fc.record({
  op: fc.constant('post' as const),
  pick: fc.nat(),
  own: fc.boolean(),
  open: fc.oneof(
    { arbitrary: fc.constant(true), weight: 3 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
  share: shareArb,
  swap: rarely,
  timeout: rarely,
})
const voidArb = fc.record({
  op: fc.constant('void' as const),
  pick: fc.nat(),
  own: fc.boolean(),
  open: fc.oneof(
    { arbitrary: fc.constant(true), weight: 3 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
  swap: rarely,
  timeout: rarely,
})
const reuseArb = fc.record({ op: fc.constant('reuse' as const), pick: fc.nat() })
const batchArb = fc.array(
  fc.oneof(
    { arbitrary: singleArb, weight: 4 },
    { arbitrary: pendingArb, weight: 3 },
    { arbitrary: postArb, weight: 3 },
    { arbitrary: voidArb, weight: 1 },
    { arbitrary: reuseArb, weight: 1 },
  ),
  { minLength: 1, maxLength: 5 },
)

const commandArbs = [
  singleArb.map((s) => new Submit('single', [s])),
  singleArb.map((s) => new Submit('single', [s])),
  pendingArb.map((s) => new Submit('pending', [s])),
  postArb.map((s) => new Submit('post', [{ ...s, own: false }])),
  voidArb.map((s) => new Submit('void', [{ ...s, own: false }])),
  batchArb.map((specs) => new Submit('batch', specs)),
  batchArb.map((specs) => new Submit('batch', specs)),
  fc
    .record({
      pick: fc.nat(),
      whole: fc.boolean(),
      alter: fc.constantFrom(...(['none', 'none', 'reason', 'quantity', 'extend'] as const)),
    })
    .map((r) => new Replay(r.pick, r.whole, r.alter)),
  fc
    .record({ minutes: fc.integer({ min: 1, max: 90 }), sweep: fc.boolean() })
    .map((r) => new Tick(r.minutes, r.sweep)),
]

function runCommands(commands: Iterable<LedgerCommand>): void {
  fc.modelRun(() => ({ model: newModel(), real: new TinyLedger() }), commands)
}

describe('the ledger against its auditor', () => {
  it('refuses to post a reservation after its timeout, releases it at the sweep, and ignores replays', () => {
    const real = new TinyLedger()
    const m = newModel()
    const steps: LedgerCommand[] = [
      new Submit('single', [{ op: 'single', from: 'supply:donor', to: 'stock:hub', quantity: 10 }]),
      new Submit('pending', [
        { op: 'pending', from: 'stock:hub', to: 'transit:c1', quantity: 8, timeoutMinutes: 30 },
      ]),
      new Tick(30, false),
      new Submit('post', [
        { op: 'post', pick: 0, own: false, open: true, share: 100, swap: false, timeout: false },
      ]),
      new Tick(1, true),
      new Replay(0, true, 'none'),
      new Replay(1, true, 'extend'),
    ]
    for (const step of steps) step.run(m, real)
    expect([...real.transfers.keys()]).toEqual(['t1', 't2', 'timeout:t2'])
    expect(real.pendings.get('t2')?.state).toBe('voided')
    expect(real.balanceOf('stock:hub')).toEqual({ posted: 10, pendingOut: 0, pendingIn: 0 })
    expect(real.balanceOf('transit:c1')).toEqual({ posted: 0, pendingOut: 0, pendingIn: 0 })
  })

  it('keeps every invariant through random transfers, pendings, posts, voids, replays, batches and timeouts', () => {
    seen.clear()
    fc.assert(
      fc.property(fc.commands(commandArbs, { maxCommands: 60, size: 'max' }), (commands) =>
        runCommands(commands),
      ),
      { numRuns: 200 },
    )
    // Each outcome was reached, so the invariants were checked against it.
    const outcomes: TransferResult[] = [
      'ok',
      'exists',
      'exists_with_different_fields',
      'quantity_must_be_positive_integer',
      'same_from_and_to',
      'from_account_not_found',
      'to_account_not_found',
      'accounts_differ_in_item',
      'pending_not_found',
      'pending_already_posted',
      'pending_already_voided',
      'pending_expired',
      'post_exceeds_pending',
      'pending_accounts_differ',
      'exceeds_available',
    ]
    for (const outcome of outcomes)
      expect(seen.get(`result:${outcome}`) ?? 0, outcome).toBeGreaterThan(0)
    const cases = [
      'batch:ok',
      'batch:exists',
      'batch:refused',
      'post:part',
      'swept',
      'replay:none',
      'replay:extend',
    ]
    for (const what of cases) {
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(0)
    }
  })
})
