/**
 * @module store/kysely/plan-queries
 * Allocation plans (migration 0010). The table's shape is declared here and added with `withTables`,
 * so plans stay in their own files. The snapshot and result are JSON text, read only when asked for
 * (they are large); releasability is applied in SQL.
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { PlanDetail, PlanReads, PlanWrites } from '../../app/plan-ports.js'
import type { Viewer } from '../../app/ports.js'
import {
  type PlanRecord,
  type PlanStatus,
  planStatuses,
} from '../../domain/allocation/plan-life.js'
import { decodeShare, encodeShare, PUBLIC } from '../../domain/records/share.js'
import { boundPattern } from './like.js'
import type { Database } from './schema.js'
import { orderClause } from './sorting.js'

const planSortColumns = {
  createdAt: sql`plans.created_at`,
  start: sql`plans.start`,
  horizonHours: sql`plans.horizon_hours`,
  // In the order of a plan's life (running, draft … discarded), as the contract lists them.
  status: sql`case plans.status ${sql.join(
    planStatuses.map((status, rank) => sql`when ${sql.lit(status)} then ${sql.lit(rank)}`),
    sql` `,
  )} end`,
}

// A type, not an interface: `withTables` wants an index signature.
export type PlanTable = {
  id: string
  home: string
  org: string
  share: string
  created_at: string
  updated_at: string
  version: number
  status: string
  operation: string | null
  note: string | null
  start: string
  horizon_hours: number
  snapshot: string | null
  snapshot_summary: string | null
  figures: string | null
  result: string | null
  comparison: string | null
  failure: string | null
  consignments: string
  released: string
  replaces: string | null
  model_size: string | null
  timings: string | null
  approved_at: string | null
  finished_at: string | null
  discarded_at: string | null
}

type PlanRow = Omit<PlanTable, 'snapshot' | 'result' | 'comparison'>

const withPlans = (db: Kysely<Database>) => db.withTables<{ plans: PlanTable }>()

const summaryColumns = [
  'id',
  'home',
  'org',
  'share',
  'created_at',
  'updated_at',
  'version',
  'status',
  'operation',
  'note',
  'start',
  'horizon_hours',
  'snapshot_summary',
  'figures',
  'failure',
  'consignments',
  'released',
  'replaces',
  'model_size',
  'timings',
  'approved_at',
  'finished_at',
  'discarded_at',
] as const

function released(viewer: Viewer) {
  return () => {
    if (viewer === null) return sql<boolean>`1 = 1`
    return sql<boolean>`(plans.share = 'all' or plans.org = ${viewer.org} or plans.org = ${PUBLIC} or plans.share like ${boundPattern(`%"${viewer.org}"%`)})`
  }
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T))
const text = (value: unknown): string | null => (value == null ? null : JSON.stringify(value))

function toPlan(row: Selectable<PlanRow>): PlanRecord {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    status: row.status as PlanStatus,
    operation: row.operation,
    note: row.note,
    start: row.start,
    horizonHours: Number(row.horizon_hours),
    snapshotSummary: json(row.snapshot_summary),
    figures: json(row.figures),
    failure: json(row.failure),
    consignments: JSON.parse(row.consignments) as string[],
    released: JSON.parse(row.released) as string[],
    replaces: row.replaces,
    modelSize: json(row.model_size),
    timings: json(row.timings),
    approvedAt: row.approved_at,
    finishedAt: row.finished_at,
    discardedAt: row.discarded_at,
  }
}

function fromPlan(plan: PlanRecord): PlanRow {
  return {
    id: plan.id,
    home: plan.home,
    org: plan.org,
    share: encodeShare(plan.share),
    created_at: plan.createdAt,
    updated_at: plan.updatedAt,
    version: plan.version,
    status: plan.status,
    operation: plan.operation,
    note: plan.note,
    start: plan.start,
    horizon_hours: plan.horizonHours,
    snapshot_summary: text(plan.snapshotSummary),
    figures: text(plan.figures),
    failure: text(plan.failure),
    consignments: JSON.stringify(plan.consignments),
    released: JSON.stringify(plan.released),
    replaces: plan.replaces,
    model_size: text(plan.modelSize),
    timings: text(plan.timings),
    approved_at: plan.approvedAt,
    finished_at: plan.finishedAt,
    discarded_at: plan.discardedAt,
  }
}

export function planReads(db: Kysely<Database>): PlanReads {
  const plans = withPlans(db)
  return {
    async getPlan(id, viewer) {
      const row = await plans
        .selectFrom('plans')
        .select(summaryColumns)
        .where('id', '=', id)
        .where(released(viewer))
        .executeTakeFirst()
      return row ? toPlan(row) : null
    },
    async getPlanDetail(id) {
      const row = await plans
        .selectFrom('plans')
        .select(['snapshot', 'result', 'comparison'])
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) return null
      const result = json<Omit<NonNullable<PlanDetail['result']>, 'comparison'>>(row.result)
      const comparison = json<NonNullable<PlanDetail['result']>['comparison']>(row.comparison)
      return {
        snapshot: json(row.snapshot),
        result: result && comparison ? { ...result, comparison } : null,
      }
    },
    async listPlans(filter, viewer) {
      let query = plans.selectFrom('plans').where(released(viewer))
      if (filter.statuses && filter.statuses.length > 0)
        query = query.where('status', 'in', [...filter.statuses])
      if (filter.operation) query = query.where('operation', '=', filter.operation)
      const [rows, count] = await Promise.all([
        query
          .select(summaryColumns)
          .orderBy(orderClause(filter.sort ?? '-createdAt', planSortColumns, sql`plans.id desc`))
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toPlan), total: Number(count.total) }
    },
  }
}

export function planWrites(trx: Kysely<Database>): PlanWrites {
  const plans = withPlans(trx)
  return {
    async savePlan(plan, detail, expectedVersion) {
      const { id, ...row } = fromPlan(plan)
      const extra: Partial<Pick<PlanTable, 'snapshot' | 'result' | 'comparison'>> = {}
      if (detail?.snapshot !== undefined) extra.snapshot = text(detail.snapshot)
      if (detail?.result !== undefined) {
        if (detail.result === null) {
          extra.result = null
          extra.comparison = null
        } else {
          const { comparison, ...result } = detail.result
          extra.result = JSON.stringify(result)
          extra.comparison = JSON.stringify(comparison)
        }
      }
      if (expectedVersion === null) {
        await plans
          .insertInto('plans')
          .values({ id, snapshot: null, result: null, comparison: null, ...row, ...extra })
          .execute()
        return true
      }
      const result = await plans
        .updateTable('plans')
        .set({ ...row, ...extra })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
  }
}
