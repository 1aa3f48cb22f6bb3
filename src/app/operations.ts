/**
 * @module app/operations
 * Operations: the response to one disaster, which requests and reports belong to.
 */
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { Operation } from '../domain/requests/operation.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'

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
