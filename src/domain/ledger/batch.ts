/**
 * @module domain/ledger/batch
 * Linked transfers that commit all or nothing. Each is decided against the balances left by the ones
 * before it; the first refusal fails the batch and is named by its position and code.
 */
import { type Balance, ZERO } from './account.js'
import {
  type AccountView,
  applyDelta,
  type Decision,
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
  const working = new Map<string, AccountView>(accounts)
  const resolved = new Map<string, Pending>(pendings)
  const seen = new Set<string>()
  const decisions: Decision[] = []
  let exists = 0
  for (const [index, input] of inputs.entries()) {
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
      const account = working.get(accountId)
      if (account)
        working.set(accountId, { ...account, balance: applyDelta(account.balance ?? ZERO, delta) })
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
  for (const decision of decisions)
    for (const accountId of decision.deltas.keys())
      balances.set(accountId, working.get(accountId)?.balance ?? ZERO)
  return { result: 'ok', decisions, failure: null, balances }
}
