/**
 * @module domain/ledger/batch
 * Linked transfers that commit all or nothing. Each is decided against the balances left by the ones
 * before it; the first refusal fails the batch and is named by its position and code.
 */
import { type Balance, ZERO } from './account.js'
import {
  type AccountView,
  type Decision,
  type Delta,
  decideTransfer,
  type Pending,
  type TransferInput,
  type TransferResult,
} from './transfer.js'

export interface BatchDecision {
  /** `ok`: apply every decision; `exists`: the whole batch was applied before; otherwise refused. */
  readonly result: 'ok' | 'exists' | 'refused'
  readonly decisions: readonly Decision[]
  /** The first refusal: which transfer (0-based) and why. */
  readonly failure: {
    readonly index: number
    readonly id: string
    readonly result: TransferResult
  } | null
  /** Balances after the batch, for every account it touched. */
  readonly balances: ReadonlyMap<string, Balance>
}

export function decideBatch(
  inputs: readonly TransferInput[],
  accounts: ReadonlyMap<string, AccountView>,
  existing: ReadonlyMap<string, TransferInput>,
  pendings: ReadonlyMap<string, Pending>,
  now: string,
): BatchDecision {
  // Accounts this batch moved, each a copy it owns and updates in place: a batch of 1,000 transfers
  // would otherwise build 2,000 views and balances only to drop them (bench/RESULTS.md, issue 4).
  const touched = new Map<string, { id: string; kind: AccountView['kind']; item: string; balance: Delta }>()
  const working = { get: (id: string) => touched.get(id) ?? accounts.get(id) }
  const resolved = new Map<string, Pending>(pendings)
  const seen = new Set<string>()
  const decisions: Decision[] = []
  let exists = 0
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index] as TransferInput
    if (seen.has(input.id)) {
      return {
        result: 'refused',
        decisions,
        failure: { index, id: input.id, result: 'exists_with_different_fields' },
        balances: new Map(),
      }
    }
    seen.add(input.id)
    const pending = input.pendingId ? (resolved.get(input.pendingId) ?? null) : null
    const decision = decideTransfer(input, working, existing.get(input.id) ?? null, pending, now)
    if (decision.result === 'exists') {
      exists++
      decisions.push(decision)
      continue
    }
    if (decision.result !== 'ok')
      return {
        result: 'refused',
        decisions,
        failure: { index, id: input.id, result: decision.result },
        balances: new Map(),
      }
    for (const [accountId, delta] of decision.deltas) {
      let account = touched.get(accountId)
      if (!account) {
        const view = accounts.get(accountId)
        if (!view) continue
        const balance = view.balance ?? ZERO
        account = {
          id: view.id,
          kind: view.kind,
          item: view.item,
          balance: {
            posted: balance.posted,
            pendingOut: balance.pendingOut,
            pendingIn: balance.pendingIn,
          },
        }
        touched.set(accountId, account)
      }
      account.balance.posted += delta.posted
      account.balance.pendingOut += delta.pendingOut
      account.balance.pendingIn += delta.pendingIn
    }
    if (decision.resolves && pending)
      resolved.set(pending.id, { ...pending, state: decision.resolves.state })
    // A pending transfer made in this batch may be posted or voided later in it.
    if (input.mode === 'pending') {
      resolved.set(input.id, {
        id: input.id,
        fromAccount: input.fromAccount,
        toAccount: input.toAccount,
        quantity: input.quantity,
        state: 'pending',
        timeoutAt: input.timeoutAt,
      })
    }
    decisions.push(decision)
  }
  if (exists > 0 && exists < inputs.length) {
    const index = decisions.findIndex((d) => d.result === 'exists')
    return {
      result: 'refused',
      decisions,
      failure: { index, id: inputs[index]?.id ?? '', result: 'exists' },
      balances: new Map(),
    }
  }
  if (exists === inputs.length && inputs.length > 0)
    return { result: 'exists', decisions, failure: null, balances: new Map() }
  const balances = new Map<string, Balance>()
  for (const [id, account] of touched) balances.set(id, account.balance)
  return { result: 'ok', decisions, failure: null, balances }
}
