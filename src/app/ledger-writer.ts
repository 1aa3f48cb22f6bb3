/**
 * @module app/ledger-writer
 * Commits ledger batches with group commit: requests that arrive while a commit is in flight wait and
 * then share the next transaction — one durable commit, one signed chain head, many batches. Each batch
 * is still all or nothing on its own: it is decided in memory against the balances left by the batches
 * before it, and a refused batch writes nothing.
 */
import { type AccountKind, accountId, type Balance, ZERO } from '../domain/ledger/account.js'
import { decideBatch } from '../domain/ledger/batch.js'
import { committedBody } from '../domain/ledger/committed-event.js'
import type {
  AccountView,
  Pending,
  TransferInput,
  TransferMode,
  TransferResult,
} from '../domain/ledger/transfer.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import { Refusal, type RefusalCode } from './errors.js'
import type { StoredAccount, StoredTransfer, StoreWrites } from './ports.js'
import {
  accountReferences,
  checkNamedAccounts,
  type NamedAccount,
  namedAccounts,
} from './stock-references.js'

/** An account named by what it is; the writer finds or opens it. */
export interface AccountRef {
  readonly kind: AccountKind
  readonly where: string
  readonly item: string
  readonly owner: string
  readonly lot?: string | undefined
  readonly expiresOn?: string | null | undefined
}

export interface TransferRequest {
  readonly id: string
  readonly mode: TransferMode
  /** Required for `single` and `pending`; taken from the pending transfer for `post` and `void`. */
  readonly from?: AccountRef | undefined
  readonly to?: AccountRef | undefined
  readonly quantity?: number | undefined
  readonly reason: string
  readonly ref?: string | null | undefined
  readonly pendingId?: string | undefined
  readonly timeoutAt?: string | null | undefined
}

export interface BatchOutcome {
  readonly result: 'committed' | 'exists'
  readonly transfers: StoredTransfer[]
}

export interface BatchRefusal {
  readonly index: number
  readonly id: string
  readonly result: TransferResult | 'pending_not_found'
}

/** A batch as the committer sees it: plain data, so it can cross to a worker thread. */
export interface GroupJob {
  readonly actor: Actor
  readonly requests: readonly TransferRequest[]
  readonly batch: string
  /**
   * Also check, in the commit's transaction, the places, items and owners the requests name
   * (app/stock-references); `nodeOrg` is this node's organisation, which handles stock everywhere.
   */
  readonly checkReferences?: { readonly nodeOrg: string } | undefined
}

/** What became of one batch of a group. */
export type JobOutcome =
  | { readonly ok: BatchOutcome }
  | { readonly refused: { readonly message: string; readonly details: BatchRefusal } }
  | {
      /** A place, item or owner the batch names is unknown to the actor or not theirs to handle. */
      readonly rejected: {
        readonly code: RefusalCode
        readonly message: string
        readonly details?: unknown
      }
    }

/**
 * Decides and writes a group of batches in one durable commit, answering for each. The default runs
 * in this thread; the server may run it in a worker so that SQLite's fsync does not stop requests.
 */
export type GroupCommitter = (jobs: readonly GroupJob[], now: string) => Promise<JobOutcome[]>

interface Job extends GroupJob {
  resolve(outcome: BatchOutcome): void
  reject(error: unknown): void
}

/** Most batches one transaction takes; the rest wait for the next commit. */
const GROUP_MAX = 256

export function refusalMessage(failure: BatchRefusal): string {
  const why: Record<string, string> = {
    exists: 'this id was already used for a transfer in another batch',
    exists_with_different_fields: 'this id was already used for a transfer with different fields',
    quantity_must_be_positive_integer: 'quantity must be a whole number greater than 0',
    same_from_and_to: 'from and to are the same account',
    from_account_not_found: 'the from account does not exist',
    to_account_not_found: 'the to account does not exist',
    accounts_differ_in_item: 'from and to hold different items',
    pending_not_found: 'no pending transfer has this pendingId',
    pending_already_posted: 'the pending transfer was already posted',
    pending_already_voided: 'the pending transfer was already voided',
    pending_expired: 'the pending transfer timed out and was released',
    post_exceeds_pending: 'cannot post more than the pending quantity',
    pending_accounts_differ: 'from and to must be those of the pending transfer',
    exceeds_available: 'not enough available stock in the from account',
  }
  return `transfers[${failure.index}] (${failure.id}): ${why[failure.result] ?? failure.result}`
}

export class LedgerWriter {
  private queue: Job[] = []
  private flushing: Promise<void> | null = null
  private readonly committer: GroupCommitter

  constructor(
    private readonly ctx: AppContext,
    committer?: GroupCommitter,
  ) {
    this.committer =
      committer ??
      ((jobs, now) => ctx.store.transact((tx) => commitGroup(tx, ctx.node.id, jobs, now)))
  }

  /**
   * Commits one batch (all or nothing). Resolves when it is durable; rejects with a Refusal naming the
   * failing transfer. `checkReferences`: also check the places, items and owners the batch names, and
   * who may resolve the reservations it posts or voids (app/stock-references), in the commit.
   */
  submit(
    actor: Actor,
    requests: readonly TransferRequest[],
    options: { readonly checkReferences?: boolean } = {},
  ): Promise<BatchOutcome> {
    if (requests.length === 0)
      return Promise.reject(
        new Refusal('invalid_request', 'transfers: at least one transfer is required'),
      )
    return new Promise<BatchOutcome>((resolve, reject) => {
      const checkReferences = options.checkReferences ? { nodeOrg: this.ctx.node.org } : undefined
      this.queue.push({
        actor,
        requests,
        batch: this.ctx.ids.newId(),
        checkReferences,
        resolve,
        reject,
      })
      this.kick()
    })
  }

  private kick(): void {
    if (this.flushing) return
    this.flushing = (async () => {
      while (this.queue.length > 0) {
        // Let requests already read off the sockets join this commit: with a synchronous driver
        // (better-sqlite3) the group would otherwise always be one (bench/RESULTS.md, 4′).
        await new Promise<void>((resolve) => setImmediate(resolve))
        const jobs = this.queue.splice(0, GROUP_MAX)
        try {
          const outcomes = await this.committer(
            jobs.map(({ actor, requests, batch, checkReferences }) => ({
              actor,
              requests,
              batch,
              checkReferences,
            })),
            this.ctx.clock.now().toISOString(),
          )
          jobs.forEach((job, index) => {
            const outcome = outcomes[index]
            if (outcome && 'ok' in outcome) job.resolve(outcome.ok)
            else if (outcome && 'rejected' in outcome) {
              const { code, message, details } = outcome.rejected
              job.reject(new Refusal(code, message, details))
            } else if (outcome)
              job.reject(
                new Refusal('transfer_refused', outcome.refused.message, outcome.refused.details),
              )
            else job.reject(new Error('the ledger committer gave no outcome for a batch'))
          })
        } catch (error) {
          for (const job of jobs) job.reject(error)
        }
      }
    })().finally(() => {
      this.flushing = null
      if (this.queue.length > 0) this.kick()
    })
  }
}

/**
 * The refusals of the jobs that asked for `checkReferences` and name a place, item or owner they may
 * not, by job index: one read for all the jobs of each organisation (usually one).
 */
async function referenceRefusals(
  tx: StoreWrites,
  jobs: readonly GroupJob[],
  reserved: (pendingId: string) => readonly AccountRef[],
): Promise<Map<number, Refusal>> {
  const byOrg = new Map<string, { index: number; named: NamedAccount[] }[]>()
  for (const [index, job] of jobs.entries()) {
    if (!job.checkReferences) continue
    const named = namedAccounts(job.requests, reserved)
    if (named.length === 0) continue
    const list = byOrg.get(job.actor.org) ?? []
    list.push({ index, named })
    byOrg.set(job.actor.org, list)
  }
  const refusals = new Map<number, Refusal>()
  for (const [org, list] of byOrg) {
    const found = await tx.stockReferences(accountReferences(list.flatMap(({ named }) => named)), {
      org,
    })
    for (const { index, named } of list) {
      const job = jobs[index] as GroupJob
      try {
        checkNamedAccounts(job.checkReferences?.nodeOrg ?? '', job.actor, found, named)
      } catch (error) {
        if (!(error instanceof Refusal)) throw error
        refusals.set(index, error)
      }
    }
  }
  return refusals
}

/**
 * Decides and writes every batch of a group in one transaction (`tx`), each against the balances the
 * batches before it left; answers for each batch. `home` is this node's id.
 */
export async function commitGroup(
  tx: StoreWrites,
  home: string,
  jobs: readonly GroupJob[],
  now: string,
): Promise<JobOutcome[]> {
  const ids = jobs.flatMap((job) => job.requests.map((r) => r.id))
  const pendingIds = jobs.flatMap((job) =>
    job.requests.flatMap((r) => (r.pendingId ? [r.pendingId] : [])),
  )
  const pendings = new Map((await tx.getPendings(pendingIds)).map((p) => [p.id, p]))
  const existing = new Map((await tx.getTransfers(ids)).map((t) => [t.id, t]))

  // Accounts named by the requests, and those of the pending transfers being resolved. Each
  // request's refs are keyed once (deriving an id was 5% of a profiled batched bench).
  const idOf = new Map<AccountRef, string>()
  const refId = (ref: AccountRef) => {
    let id = idOf.get(ref)
    if (id === undefined) {
      id = accountId(keyOf(ref))
      idOf.set(ref, id)
    }
    return id
  }
  const refs = new Map<string, AccountRef>()
  for (const job of jobs)
    for (const r of job.requests) {
      if (r.from) refs.set(refId(r.from), r.from)
      if (r.to) refs.set(refId(r.to), r.to)
    }
  const stored = new Map(
    (
      await tx.getAccounts([
        ...refs.keys(),
        ...[...pendings.values()].flatMap((p) => [p.fromAccount, p.toAccount]),
      ])
    ).map((a) => [a.id, a]),
  )
  const views = new Map<string, AccountView>()
  for (const account of stored.values())
    views.set(account.id, {
      id: account.id,
      kind: account.kind,
      item: account.item,
      balance: account,
    })
  for (const [id, ref] of refs)
    if (!views.has(id)) views.set(id, { id, kind: ref.kind, item: ref.item, balance: ZERO })

  // The accounts of each reservation a post or void names: stored, or made by a batch of this group.
  const reservedInGroup = new Map<string, AccountRef[]>()
  for (const job of jobs)
    for (const r of job.requests)
      if (r.mode === 'pending' && r.from && r.to) reservedInGroup.set(r.id, [r.from, r.to])
  const reserved = (pendingId: string): AccountRef[] => {
    const pending = pendings.get(pendingId)
    if (!pending) return reservedInGroup.get(pendingId) ?? []
    return [pending.fromAccount, pending.toAccount].flatMap((id) => {
      const account = stored.get(id)
      return account ? [account] : []
    })
  }
  const rejected = await referenceRefusals(tx, jobs, reserved)
  const outcomes: JobOutcome[] = []
  const accepted: {
    job: GroupJob
    transfers: StoredTransfer[]
    pendings: Pending[]
    resolutions: {
      id: string
      state: 'posted' | 'voided' | 'expired'
      resolvedBy: string
      at: string
    }[]
  }[] = []
  const balances = new Map<string, Balance>()
  for (const [jobIndex, job] of jobs.entries()) {
    const refusal = rejected.get(jobIndex)
    if (refusal) {
      outcomes.push({
        rejected: { code: refusal.code, message: refusal.message, details: refusal.details },
      })
      continue
    }
    const inputs: TransferInput[] = []
    let unresolved: BatchRefusal | null = null
    for (const [index, r] of job.requests.entries()) {
      const pending = r.pendingId
        ? (pendings.get(r.pendingId) ??
          acceptedPending(accepted, r.pendingId) ??
          inBatchPending(job.requests, index, r.pendingId))
        : null
      if ((r.mode === 'post' || r.mode === 'void') && !pending) {
        unresolved = { index, id: r.id, result: 'pending_not_found' }
        break
      }
      const fromAccount = pending ? pending.fromAccount : refId(r.from as AccountRef)
      const toAccount = pending ? pending.toAccount : refId(r.to as AccountRef)
      inputs.push({
        id: r.id,
        mode: r.mode,
        fromAccount,
        toAccount,
        // A void records the quantity it released, so a replay of it compares equal.
        quantity:
          r.mode === 'void' ? (pending?.quantity ?? 0) : (r.quantity ?? pending?.quantity ?? 0),
        reason: r.reason,
        ref: r.ref ?? null,
        pendingId: r.pendingId ?? null,
        timeoutAt: r.timeoutAt ?? null,
      })
    }
    if (unresolved) {
      const failure = unresolved
      outcomes.push({ refused: { message: refusalMessage(failure), details: failure } })
      continue
    }
    const existingForJob = new Map<string, StoredTransfer>()
    for (const input of inputs) {
      const found = existing.get(input.id)
      if (found) existingForJob.set(input.id, found)
    }
    const pendingsForJob = new Map([
      ...pendings,
      ...accepted.flatMap((a) => a.pendings.map((p) => [p.id, p] as const)),
    ])
    for (const a of accepted)
      for (const res of a.resolutions) {
        const p = pendingsForJob.get(res.id)
        if (p) pendingsForJob.set(res.id, { ...p, state: res.state })
      }
    const decision = decideBatch(inputs, views, existingForJob, pendingsForJob, now)
    if (decision.result === 'exists') {
      const transfers = inputs.map((input) => existing.get(input.id) as StoredTransfer)
      outcomes.push({ ok: { result: 'exists', transfers } })
      continue
    }
    if (decision.result === 'refused') {
      const failure = decision.failure as BatchRefusal
      outcomes.push({ refused: { message: refusalMessage(failure), details: failure } })
      continue
    }
    for (const [id, balance] of decision.balances) {
      balances.set(id, balance)
      const view = views.get(id)
      if (view) views.set(id, { ...view, balance })
    }
    const label = actorLabel(job.actor)
    // Fields written out, not spread: a batch builds thousands of these (bench/RESULTS.md).
    const transfers: StoredTransfer[] = inputs.map((input, index) => ({
      id: input.id,
      mode: input.mode,
      fromAccount: input.fromAccount,
      toAccount: input.toAccount,
      quantity: decision.decisions[index]?.quantity ?? input.quantity,
      reason: input.reason,
      ref: input.ref,
      pendingId: input.pendingId,
      timeoutAt: input.timeoutAt,
      item: views.get(input.fromAccount)?.item ?? '',
      actor: label,
      at: now,
      batch: job.batch,
      home,
      org: job.actor.org,
      share: 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }))
    const newPendings = inputs
      .filter((i) => i.mode === 'pending')
      .map((i) => ({
        id: i.id,
        fromAccount: i.fromAccount,
        toAccount: i.toAccount,
        quantity: i.quantity,
        state: 'pending' as const,
        timeoutAt: i.timeoutAt,
      }))
    const resolutions = decision.decisions.flatMap((d, index) =>
      d.resolves
        ? [
            {
              id: d.resolves.id,
              state:
                inputs[index]?.reason === 'timeout' && d.resolves.state === 'voided'
                  ? ('expired' as const)
                  : d.resolves.state,
              resolvedBy: inputs[index]?.id ?? '',
              at: now,
            },
          ]
        : [],
    )
    accepted.push({ job, transfers, pendings: newPendings, resolutions })
    // A later batch in this commit that reuses an id sees it as taken.
    for (const transfer of transfers) existing.set(transfer.id, transfer)
    outcomes.push({ ok: { result: 'committed', transfers } })
  }

  if (accepted.length > 0) {
    const used = new Set<string>()
    for (const a of accepted) for (const t of a.transfers) used.add(t.fromAccount).add(t.toAccount)
    const toOpen: StoredAccount[] = []
    for (const id of used) {
      const ref = refs.get(id)
      if (ref && !stored.has(id)) toOpen.push(openAccount(home, ref, id, now))
    }
    await tx.ensureAccounts(toOpen)
    // Pendings first: a batch may post or void a pending transfer it made itself.
    await tx.insertPendings(accepted.flatMap((a) => a.pendings))
    await tx.resolvePendings(accepted.flatMap((a) => a.resolutions))
    await tx.recordTransfers(
      accepted.flatMap((a) => a.transfers),
      balances,
      now,
    )
    await tx.appendEvents(
      now,
      'system',
      accepted.map((a) => ({
        kind: 'transfers.committed',
        subject: a.job.batch,
        body: committedBody(
          describedAccounts(a.transfers, stored, refs),
          { actor: actorLabel(a.job.actor), at: now, batch: a.job.batch, org: a.job.actor.org },
          // Stored transfers as they are: the encoder reads only the event's fields of each.
          a.transfers,
        ),
        share: 'all' as const,
      })),
    )
  }
  return outcomes
}

/**
 * The accounts a batch's transfers touch, by key: a transfer names accounts by id (a hash of the key),
 * so a peer could not otherwise tell whose stock, where, of which item and lot its replica balances
 * are (domain/federation/projection.ts). Keys in canonical order, accounts by id.
 */
function describedAccounts(
  transfers: readonly StoredTransfer[],
  stored: ReadonlyMap<string, StoredAccount>,
  refs: ReadonlyMap<string, AccountRef>,
) {
  const set = new Set<string>()
  for (const t of transfers) set.add(t.fromAccount).add(t.toAccount)
  const ids = [...set].sort()
  return ids.flatMap((id) => {
    const known = stored.get(id)
    const ref = refs.get(id)
    const key = known ?? (ref ? { ...keyOf(ref), expiresOn: ref.expiresOn ?? null } : null)
    if (!key) return []
    return [
      {
        expiresOn: key.expiresOn ?? null,
        id,
        item: key.item,
        kind: key.kind,
        lot: key.lot,
        owner: key.owner,
        where: key.where,
      },
    ]
  })
}

function keyOf(ref: AccountRef) {
  return { kind: ref.kind, where: ref.where, item: ref.item, owner: ref.owner, lot: ref.lot ?? '' }
}

function openAccount(home: string, ref: AccountRef, id: string, now: string): StoredAccount {
  return {
    id,
    ...keyOf(ref),
    expiresOn: ref.expiresOn ?? null,
    posted: 0,
    pendingOut: 0,
    pendingIn: 0,
    home,
    org: ref.owner,
    share: 'all',
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
}

function acceptedPending(
  accepted: readonly { pendings: Pending[] }[],
  id: string,
): Pending | undefined {
  for (const a of accepted) for (const p of a.pendings) if (p.id === id) return p
  return undefined
}

/** A post or void naming a pending transfer made earlier in the same batch. */
function inBatchPending(
  requests: readonly TransferRequest[],
  before: number,
  id: string,
): Pending | undefined {
  const r = requests.slice(0, before).find((x) => x.id === id && x.mode === 'pending')
  if (!r?.from || !r.to) return undefined
  return {
    id,
    fromAccount: accountId(keyOf(r.from)),
    toAccount: accountId(keyOf(r.to)),
    quantity: r.quantity ?? 0,
    state: 'pending',
    timeoutAt: r.timeoutAt ?? null,
  }
}
