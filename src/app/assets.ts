/**
 * @module app/assets
 * Transport assets partners offer: recorded by the partner (or by the node's own coordinators on its
 * behalf), figures filled in from a reference type, and their status changed as they are tasked,
 * maintained or withdrawn. The reference types are read from data/asset-types.csv by a small loader.
 */
import { readFile } from 'node:fs/promises'
import type { Problem } from '../domain/problem.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { Share } from '../domain/records/share.js'
import {
  type Asset,
  type AssetKind,
  type AssetStatus,
  type AssetType,
  assetKinds,
  checkAsset,
  withTypeFigures,
} from '../domain/transport/asset.js'
import { cellReader, FileProblems, readTable } from '../interop/csv/read-table.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'
import type { AssetFilter, Page, Viewer } from './ports.js'
import { refuseReplica } from './replicas.js'

export const assetTypeColumns = [
  'code',
  'kind',
  'name_en',
  'name_ja',
  'payload_kg',
  'volume_m3',
  'speed_kmh',
  'range_km',
  'estimates',
  'source',
] as const

/** Reads an asset-types CSV (columns as data/asset-types.csv), naming the line and column of each problem. */
export function readAssetTypesCsv(file: string, bytes: Uint8Array): AssetType[] {
  const table = readTable(file, bytes, assetTypeColumns)
  const problems: Problem[] = []
  const types: AssetType[] = []
  const seen = new Set<string>()
  for (const row of table.rows) {
    const cell = cellReader(table.header, row, problems)
    const code = cell.required('code')
    if (seen.has(code)) cell.problem('code', `"${code}" appears twice`)
    seen.add(code)
    const kind = cell.required('kind')
    if (kind && !(assetKinds as readonly string[]).includes(kind))
      cell.problem('kind', `unknown kind "${kind}"; expected one of ${assetKinds.join(', ')}`)
    const payloadKg = cell.integer('payload_kg', { min: 1 })
    if (payloadKg === null && !row.values.payload_kg)
      cell.problem('payload_kg', 'a value is required')
    types.push({
      code,
      kind: kind as AssetKind,
      nameEn: cell.required('name_en'),
      nameJa: cell.text('name_ja'),
      payloadKg: payloadKg ?? 0,
      volumeM3: cell.decimal('volume_m3', Number.MIN_VALUE, 10_000_000),
      speedKmh: cell.decimal('speed_kmh', Number.MIN_VALUE, 3000),
      rangeKm: cell.text('range_km') === null ? null : cell.decimal('range_km', 1, 40_000),
      estimates: cell.text('estimates'),
      source: cell.required('source'),
    })
  }
  if (problems.length > 0) throw new FileProblems(file, problems)
  return types
}

export type AssetTypesLoader = () => Promise<readonly AssetType[]>

/** Gives the reference types, read from the file the first time and kept. */
export function assetTypesFromFile(path: string, label = 'data/asset-types.csv'): AssetTypesLoader {
  let loading: Promise<readonly AssetType[]> | null = null
  return () => {
    loading ??= readFile(path)
      .then((bytes) => readAssetTypesCsv(label, bytes))
      .catch((error: unknown) => {
        loading = null
        throw error
      })
    return loading
  }
}

export interface NewAsset {
  readonly id?: string | undefined
  readonly org?: string | undefined
  readonly type?: string | null | undefined
  readonly kind?: AssetKind | undefined
  readonly name: string
  readonly payloadKg?: number | undefined
  readonly volumeM3?: number | undefined
  readonly speedKmh?: number | undefined
  readonly rangeKm?: number | null | undefined
  readonly base: string
  readonly availableFrom?: string | null | undefined
  readonly availableUntil?: string | null | undefined
  readonly share?: Share | undefined
}

/** UTC with milliseconds: the one text form in which times compare in SQL as they do in time. */
const utc = (value: string | null | undefined) =>
  value === null || value === undefined || Number.isNaN(Date.parse(value))
    ? (value ?? null)
    : new Date(value).toISOString()

export async function createAsset(
  ctx: AppContext,
  actor: Actor,
  input: NewAsset,
  types: readonly AssetType[],
): Promise<{ result: 'created' | 'exists'; asset: Asset }> {
  const viewer = { org: actor.org }
  const type = input.type ? (types.find((t) => t.code === input.type) ?? null) : null
  if (input.type && !type)
    throw new Refusal(
      'unknown_reference',
      `type: no asset type "${input.type}"; known types: ${types.map((t) => t.code).join(', ')}`,
      [{ field: 'type', message: 'unknown asset type' }],
    )
  const figures = withTypeFigures(input, type)
  if (!figures.ok) refuseProblems('invalid_request', 'asset refused', figures.problems)
  const fields = {
    ...figures.figures,
    type: type?.code ?? null,
    name: input.name.trim(),
    base: input.base,
    availableFrom: utc(input.availableFrom),
    availableUntil: utc(input.availableUntil),
  }
  const problems = checkAsset(fields)
  if (problems.length > 0) refuseProblems('invalid_request', 'asset refused', problems)
  const org = input.org ?? actor.org
  if (org !== actor.org && actor.org !== ctx.node.org)
    throw new Refusal(
      'forbidden',
      "org: only the node's own organisation records assets on behalf of another partner",
      [{ field: 'org', message: 'not your organisation' }],
    )
  if (org !== actor.org && !(await ctx.store.getOrganisation(org)))
    throw new Refusal('unknown_reference', `org: no organisation ${org}`, [
      { field: 'org', message: 'unknown organisation' },
    ])
  if (!(await ctx.store.getPlace(input.base, viewer)))
    throw new Refusal('unknown_reference', `base: no place ${input.base}`, [
      { field: 'base', message: 'unknown place' },
    ])
  return ctx.store.transact(async (tx) => {
    const id = input.id ?? ctx.ids.newId()
    const existing = await tx.getAsset(id, null)
    if (existing) {
      if (existing.org === org && existing.name === fields.name && existing.kind === fields.kind)
        return { result: 'exists' as const, asset: existing }
      throw new Refusal(
        'exists_with_different_fields',
        `an asset with id ${id} already exists with different fields`,
        { id },
      )
    }
    const now = ctx.clock.now().toISOString()
    const asset: Asset = {
      ...fields,
      id,
      home: ctx.node.id,
      org,
      share: input.share ?? 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
      status: 'available',
      statusNote: null,
    }
    await tx.saveAsset(asset, null)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'asset.created', subject: id, body: asset, share: asset.share },
    ])
    return { result: 'created' as const, asset }
  })
}

/** Marks an asset available, tasked, in maintenance or unavailable. */
export async function setAssetStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  change: {
    status: AssetStatus
    note?: string | null | undefined
    version?: number | undefined
  },
): Promise<Asset> {
  return ctx.store.transact(async (tx) => {
    const asset = await tx.getAsset(id, { org: actor.org })
    if (!asset) throw new Refusal('not_found', `no asset ${id}`)
    await refuseReplica(ctx, asset, `asset ${asset.name}`, tx)
    if (asset.org !== actor.org && actor.org !== ctx.node.org)
      throw new Refusal(
        'forbidden',
        `asset ${asset.name} is offered by another organisation; only it (or the node's own coordinators) may change its status`,
      )
    if (change.version !== undefined && change.version !== asset.version)
      throw new Refusal(
        'version_conflict',
        `asset ${asset.name} is at version ${asset.version}, not ${change.version}: reload it and apply your change again`,
        { version: asset.version },
      )
    const now = ctx.clock.now().toISOString()
    const next: Asset = {
      ...asset,
      status: change.status,
      statusNote: change.note ?? null,
      updatedAt: now,
      version: asset.version + 1,
    }
    if (!(await tx.saveAsset(next, asset.version)))
      throw new Refusal('version_conflict', `asset ${asset.name} changed meanwhile: reload it`)
    await tx.appendEvents(now, actorLabel(actor), [
      {
        kind: 'asset.status_changed',
        subject: id,
        body: { id, status: next.status, note: next.statusNote, version: next.version },
        share: next.share,
      },
    ])
    return next
  })
}

export async function getAsset(ctx: AppContext, id: string, viewer: Viewer): Promise<Asset> {
  const asset = await ctx.store.getAsset(id, viewer)
  if (!asset) throw new Refusal('not_found', `no asset ${id}`)
  return asset
}

export function listAssets(
  ctx: AppContext,
  filter: AssetFilter,
  viewer: Viewer,
): Promise<Page<Asset>> {
  return ctx.store.listAssets(
    {
      ...filter,
      availableAt: filter.availableAt ? (utc(filter.availableAt) ?? undefined) : undefined,
    },
    viewer,
  )
}
