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
import type { Viewer } from './ports.js'
import { refuseReplica } from './replicas.js'

/**
 * An operation's figures must be usable by the estimator: refused here, when they are given, rather than
 * at every estimate later. `known` (the bundled standards' keys), when given, refuses a key that names
 * none; without it the estimate checks that.
 */
function checkFigures(
  standards: Readonly<Record<string, number>>,
  known?: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = []
  for (const [key, value] of Object.entries(standards)) {
    if (known && !known.has(key))
      problems.push({
        field: `standards.${key}`,
        message: 'names no bundled standard (see GET /api/needs/standards)',
      })
    else if (!standardKeyPattern.test(key))
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

function checkDates(startedOn: string, endedOn: string | null): void {
  if (endedOn && endedOn < startedOn)
    throw new Refusal('invalid_request', `endedOn: ${endedOn} is before startedOn ${startedOn}`, [
      { field: 'endedOn', message: `${endedOn} is before startedOn ${startedOn}` },
    ])
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
  known?: ReadonlySet<string>,
): Promise<Operation> {
  checkDates(input.startedOn, input.endedOn ?? null)
  const problems = checkFigures(input.standards ?? {}, known)
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

export interface OperationChanges {
  readonly version: number
  readonly name?: string | undefined
  readonly startedOn?: string | undefined
  readonly endedOn?: string | null | undefined
  readonly area?: unknown
  /** By key: a number sets the operation's figure, null removes it; keys not named stay. */
  readonly standards?: Readonly<Record<string, number | null>> | undefined
}

/**
 * Changes an operation made on this node, on behalf of its own organisation, at the version the caller
 * read. Its figures are checked as when it was opened, so an estimate never meets one it cannot use.
 */
export async function updateOperation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  changes: OperationChanges,
  viewer: Viewer,
  known?: ReadonlySet<string>,
): Promise<Operation> {
  return ctx.store.transact(async (tx) => {
    const existing = await tx.getOperation(id, viewer)
    if (!existing) throw new Refusal('not_found', `no operation ${id}`)
    await refuseReplica(ctx, existing, `operation "${existing.name}"`, tx)
    if (existing.org !== actor.org)
      throw new Refusal(
        'forbidden',
        `operation "${existing.name}" is run by another organisation; only it may change the operation`,
      )
    if (existing.version !== changes.version)
      throw new Refusal(
        'version_conflict',
        `operation "${existing.name}" is at version ${existing.version}, not ${changes.version}: reload it and apply your change again`,
        { version: existing.version },
      )
    const standards: Record<string, number> = { ...existing.standards }
    for (const [key, value] of Object.entries(changes.standards ?? {})) {
      if (value === null) delete standards[key]
      else standards[key] = value
    }
    const next: Operation = {
      ...existing,
      name: changes.name ?? existing.name,
      startedOn: changes.startedOn ?? existing.startedOn,
      endedOn: changes.endedOn === undefined ? existing.endedOn : changes.endedOn,
      area: changes.area === undefined ? existing.area : changes.area,
      standards,
      updatedAt: ctx.clock.now().toISOString(),
      version: existing.version + 1,
    }
    checkDates(next.startedOn, next.endedOn)
    // Only the figures this change sets: one kept from before is not the caller's to fix here.
    const set = Object.fromEntries(
      Object.entries(changes.standards ?? {}).filter(
        (entry): entry is [string, number] => entry[1] !== null,
      ),
    )
    const problems = checkFigures(set, known)
    if (problems.length > 0) refuseProblems('invalid_request', 'operation refused', problems)
    if (!(await tx.updateOperation(next, existing.version)))
      throw new Refusal(
        'version_conflict',
        `operation "${existing.name}" changed meanwhile: reload it`,
      )
    await tx.appendEvents(next.updatedAt, actorLabel(actor), [
      { kind: 'operation.updated', subject: id, body: next, share: next.share },
    ])
    return next
  })
}
