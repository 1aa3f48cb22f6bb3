/**
 * @module app/dashboard
 * The dashboard's figures for one viewer: stock by place and category, the request pipeline per day,
 * unmet needs by priority and place, consignments late against their ETA or due soon, and partners'
 * contributions. Every read is the store's releasability-filtered one, so a figure never counts what
 * its viewer could not list; an operation narrows the figures kept per operation. Weights and
 * volumes are summed in grams and millilitres and shown once as kg and m³.
 */
import {
  againstEta,
  calendarDay,
  contributions,
  type EtaRow,
  type NamedRef,
  pipelineByDay,
  type PipelineDay,
  unmetNeeds,
} from '../domain/dashboard/figures.js'
import type { Priority } from '../domain/requests/request.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { Viewer } from './ports.js'

export interface DashboardOptions {
  readonly operation?: string | undefined
  /** The IANA zone whose calendar days the pipeline counts in. */
  readonly zone: string
  /** Days of pipeline, up to today. */
  readonly days: number
  readonly dueWithinHours: number
}

export interface StockFigure {
  readonly byOperation: false
  readonly rows: {
    place: NamedRef
    category: string
    posted: number
    pending: number
    available: number
    weightKg: number
    volumeM3: number
  }[]
}
export interface PipelineFigure {
  readonly byOperation: boolean
  readonly zone: string
  readonly days: PipelineDay[]
}
interface UnmetSumsView {
  openQuantity: number
  openWeightKg: number
  lines: number
}
export interface UnmetFigure {
  readonly byOperation: boolean
  readonly byPriority: (UnmetSumsView & { priority: Priority })[]
  readonly rows: (UnmetSumsView & { place: NamedRef; priority: Priority })[]
}
export interface ConsignmentFigure {
  readonly byOperation: boolean
  readonly dueWithinHours: number
  readonly withoutEta: number
  readonly rows: EtaRow[]
}
export interface ContributionsFigure {
  readonly byOperation: boolean
  readonly categories: string[]
  readonly partners: {
    organisation: NamedRef
    received: { category: string; quantity: number; weightKg: number }[]
    receivedQuantity: number
    receivedWeightKg: number
    pledgesConfirmed: number
    pledgesReceived: number
    consignmentsDelivered: number
  }[]
}

export interface Dashboard {
  readonly generatedAt: string
  readonly operation: { id: string; name: string } | null
  readonly stock: StockFigure
  readonly pipeline: PipelineFigure
  readonly unmet: UnmetFigure
  readonly consignments: ConsignmentFigure
  readonly contributions: ContributionsFigure
}

/** What the figures are computed for: the viewer, the operation (checked), and the moment. */
interface Scope {
  readonly ctx: AppContext
  readonly viewer: Viewer
  readonly options: DashboardOptions
  readonly operation: { id: string; name: string } | null
  readonly now: Date
}

const kg = (grams: number) => grams / 1000
const m3 = (millilitres: number) => millilitres / 1_000_000

async function scopeOf(ctx: AppContext, viewer: Viewer, options: DashboardOptions): Promise<Scope> {
  let operation: Scope['operation'] = null
  if (options.operation) {
    const found = await ctx.store.getOperation(options.operation, viewer)
    if (!found)
      throw new Refusal('not_found', `operation: no operation ${options.operation}`, [
        { field: 'operation', message: 'unknown operation' },
      ])
    operation = { id: found.id, name: found.name }
  }
  return { ctx, viewer, options, operation, now: ctx.clock.now() }
}

async function stockFigure({ ctx, viewer }: Scope): Promise<StockFigure> {
  const rows = await ctx.store.stockByPlace(viewer)
  const order = (ref: NamedRef) => ref.code ?? `~${ref.id}`
  return {
    byOperation: false,
    rows: rows
      .map((row) => ({
        place: row.place,
        category: row.category,
        posted: row.posted,
        pending: row.pendingOut,
        available: row.available,
        weightKg: kg(row.weightG),
        volumeM3: m3(row.volumeMl),
      }))
      .sort(
        (a, b) =>
          order(a.place).localeCompare(order(b.place)) || a.category.localeCompare(b.category),
      ),
  }
}

async function pipelineFigure({ ctx, viewer, options, operation, now }: Scope) {
  // A day and a half more than the window: the first day begins earlier in zones east of UTC.
  const since = new Date(now.getTime() - (options.days + 1.5) * 86_400_000).toISOString()
  const events = await ctx.store.pipelineEvents(since, operation?.id, viewer)
  return {
    byOperation: operation !== null,
    zone: options.zone,
    days: pipelineByDay(
      events,
      options.zone,
      calendarDay(now.toISOString(), options.zone),
      options.days,
    ),
  }
}

async function unmetFigure({ ctx, viewer, operation }: Scope): Promise<UnmetFigure> {
  const requests = await ctx.store.openRequests(operation?.id, viewer)
  const weights = await ctx.store.unitWeights(
    requests.flatMap((r) => r.lines.flatMap((line) => (line.kind === 'item' ? [line.item] : []))),
  )
  const needs = unmetNeeds(requests, weights)
  const view = <T extends { openWeightG: number }>({ openWeightG, ...rest }: T) => ({
    ...rest,
    openWeightKg: kg(openWeightG),
  })
  return {
    byOperation: operation !== null,
    byPriority: needs.byPriority.map(view),
    rows: needs.rows.map(view),
  }
}

/** A record serving requests belongs to the operation when one of its requests does. */
async function inOperation(scope: Scope) {
  if (!scope.operation) return () => true
  const ids = await scope.ctx.store.requestIdsOf(scope.operation.id, scope.viewer)
  return (record: { requests: readonly string[] }) => record.requests.some((id) => ids.has(id))
}

async function consignmentFigure(scope: Scope): Promise<ConsignmentFigure> {
  const belongs = await inOperation(scope)
  const inFlight = (await scope.ctx.store.consignmentsInFlight(scope.viewer)).filter(belongs)
  const { rows, withoutEta } = againstEta(
    inFlight.map(({ requests: _r, ...c }) => c),
    scope.now,
    scope.options.dueWithinHours,
  )
  return {
    byOperation: scope.operation !== null,
    dueWithinHours: scope.options.dueWithinHours,
    withoutEta,
    rows,
  }
}

async function contributionsFigure(scope: Scope): Promise<ContributionsFigure> {
  const { ctx, viewer, operation } = scope
  const belongs = await inOperation(scope)
  const [received, pledges, delivered, organisations] = await Promise.all([
    ctx.store.receivedStock(viewer),
    ctx.store.pledgeStates(viewer),
    ctx.store.deliveredConsignments(viewer),
    ctx.store.listOrganisations(viewer),
  ])
  const names = new Map(
    organisations.map((o) => [
      o.id,
      { id: o.id, code: o.code, nameEn: o.nameEn, nameJa: o.nameJa } as NamedRef,
    ]),
  )
  const partners = contributions(
    received,
    pledges.filter((p) => !operation || p.operation === operation.id),
    delivered.filter(belongs),
  )
  const order = (ref: NamedRef) => ref.code ?? `~${ref.id}`
  return {
    byOperation: operation !== null,
    categories: [...new Set(received.map((r) => r.category))].sort(),
    partners: partners
      .map((p) => ({
        organisation: names.get(p.organisation) ?? {
          id: p.organisation,
          code: null,
          nameEn: null,
          nameJa: null,
        },
        received: p.received.map((r) => ({
          category: r.category,
          quantity: r.quantity,
          weightKg: kg(r.weightG),
        })),
        receivedQuantity: p.receivedQuantity,
        receivedWeightKg: kg(p.receivedWeightG),
        pledgesConfirmed: p.pledgesConfirmed,
        pledgesReceived: p.pledgesReceived,
        consignmentsDelivered: p.consignmentsDelivered,
      }))
      .sort((a, b) => order(a.organisation).localeCompare(order(b.organisation))),
  }
}

const figures = {
  stock: stockFigure,
  pipeline: pipelineFigure,
  unmet: unmetFigure,
  consignments: consignmentFigure,
  contributions: contributionsFigure,
}
export type FigureName = keyof typeof figures
export type Figure<N extends FigureName> = Awaited<ReturnType<(typeof figures)[N]>>

/** Every figure, for the dashboard page. */
export async function readDashboard(
  ctx: AppContext,
  viewer: Viewer,
  options: DashboardOptions,
): Promise<Dashboard> {
  const scope = await scopeOf(ctx, viewer, options)
  return {
    generatedAt: scope.now.toISOString(),
    operation: scope.operation,
    stock: await stockFigure(scope),
    pipeline: await pipelineFigure(scope),
    unmet: await unmetFigure(scope),
    consignments: await consignmentFigure(scope),
    contributions: await contributionsFigure(scope),
  }
}

/** One figure (for its CSV), computed exactly as on the page. */
export async function readFigure<N extends FigureName>(
  ctx: AppContext,
  viewer: Viewer,
  name: N,
  options: DashboardOptions,
): Promise<{ figure: Figure<N>; at: Date }> {
  const scope = await scopeOf(ctx, viewer, options)
  const read = figures[name] as (scope: Scope) => Promise<Figure<N>>
  return { figure: await read(scope), at: scope.now }
}
