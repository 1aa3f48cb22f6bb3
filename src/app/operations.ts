/**
 * @module app/operations
 * Operations: the response to one disaster, which requests and reports belong to.
 */
import { standardKeyPattern, standardValueMax } from '../domain/needs/standards.js'
import type { Problem } from '../domain/problem.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { Operation } from '../domain/requests/operation.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'

/**
 * An operation's figures must be usable by the estimator: refused here, when they are given, rather than
 * at every estimate later. Whether each key names a bundled standard is checked by the estimate.
 */
function checkFigures(standards: Readonly<Record<string, number>>): Problem[] {
  const problems: Problem[] = []
  for (const [key, value] of Object.entries(standards)) {
    if (!standardKeyPattern.test(key))
      problems.push({
        field: `standards.${key}`,
        message:
          'not a standard key: lower-case letters, digits and _, e.g. water_use_per_person_per_day',
      })
    else if (!(Number.isFinite(value) && value > 0 && value <= standardValueMax))
      problems.push({
        field: `standards.${key}`,
        message: `${String(value)} is not a number greater than 0 and at most ${standardValueMax.toLocaleString('en-US')}`,
      })
  }
  return problems
}

export async function createOperation(
  ctx: AppContext,
  actor: Actor,
  input: {
    id?: string | undefined
    name: string
    startedOn: string
    endedOn?: string | null | undefined
    area?: unknown
    standards?: Record<string, number> | undefined
  },
): Promise<Operation> {
  if (input.endedOn && input.endedOn < input.startedOn)
    throw new Refusal('invalid_request', 'endedOn: before startedOn', [
      { field: 'endedOn', message: 'before startedOn' },
    ])
  const problems = checkFigures(input.standards ?? {})
  if (problems.length > 0) refuseProblems('invalid_request', 'operation refused', problems)
  return ctx.store.transact(async (tx) => {
    const id = input.id ?? ctx.ids.newId()
    const existing = await tx.getOperation(id, null)
    if (existing) return existing
    const now = ctx.clock.now().toISOString()
    const operation: Operation = {
      id,
      home: ctx.node.id,
      org: actor.org,
      share: 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
      name: input.name,
      startedOn: input.startedOn,
      endedOn: input.endedOn ?? null,
      area: input.area ?? null,
      standards: input.standards ?? {},
    }
    await tx.insertOperation(operation)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'operation.created', subject: id, body: operation, share: 'all' },
    ])
    return operation
  })
}
