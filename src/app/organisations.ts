/**
 * @module app/organisations
 * Partner organisations, managed by the admins of the organisation that runs the node.
 */
import type { Principal } from '../domain/access/permissions.js'
import type { Organisation, OrganisationFields } from '../domain/organisations/organisation.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'

const label = (principal: Principal) => `${principal.kind}:${principal.id}`

export async function createOrganisation(
  ctx: AppContext,
  principal: Principal,
  input: OrganisationFields & { id?: string | undefined },
): Promise<{ result: 'created' | 'exists'; organisation: Organisation }> {
  return ctx.store.transact(async (tx) => {
    const id = input.id ?? ctx.ids.newId()
    const existing = await tx.getOrganisation(id)
    const { id: _id, ...fields } = input
    if (existing) {
      const same =
        existing.code === fields.code &&
        existing.nameEn === fields.nameEn &&
        existing.nameJa === fields.nameJa &&
        existing.country === fields.country &&
        existing.kind === fields.kind
      if (same) return { result: 'exists' as const, organisation: existing }
      throw new Refusal(
        'exists_with_different_fields',
        `an organisation with id ${id} already exists with different fields`,
        { id },
      )
    }
    if ((await tx.listOrganisations(null)).some((o) => o.code === fields.code)) {
      throw new Refusal(
        'duplicate_code',
        `code: organisation code "${fields.code}" is already used`,
        [{ field: 'code', message: 'already used' }],
      )
    }
    const now = ctx.clock.now().toISOString()
    const organisation: Organisation = {
      ...fields,
      id,
      home: ctx.node.id,
      org: id,
      share: 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }
    await tx.insertOrganisation(organisation)
    await tx.appendEvents(now, label(principal), [
      { kind: 'organisation.created', subject: id, body: organisation, share: 'all' },
    ])
    return { result: 'created' as const, organisation }
  })
}

export async function updateOrganisation(
  ctx: AppContext,
  principal: Principal,
  id: string,
  changes: Partial<Omit<OrganisationFields, 'code'>> & { version: number },
): Promise<Organisation> {
  return ctx.store.transact(async (tx) => {
    const existing = await tx.getOrganisation(id)
    if (!existing) throw new Refusal('not_found', `no organisation ${id}`)
    if (existing.home !== ctx.node.id)
      throw new Refusal(
        'reference_record',
        `organisation ${existing.code} belongs to node ${existing.home}; only that node may change it`,
      )
    if (existing.version !== changes.version)
      throw new Refusal(
        'version_conflict',
        `organisation ${existing.code} is at version ${existing.version}, not ${changes.version}: reload it`,
        { version: existing.version },
      )
    const { version: _v, ...fields } = changes
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
    const next: Organisation = {
      ...existing,
      ...defined,
      updatedAt: ctx.clock.now().toISOString(),
      version: existing.version + 1,
    }
    if (!(await tx.updateOrganisation(next, existing.version)))
      throw new Refusal(
        'version_conflict',
        `organisation ${existing.code} changed meanwhile: reload it`,
      )
    await tx.appendEvents(next.updatedAt, label(principal), [
      { kind: 'organisation.updated', subject: id, body: next, share: 'all' },
    ])
    return next
  })
}
