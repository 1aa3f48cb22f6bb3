/**
 * @module cli/commands/plan
 * `kizuna plan [--operation OP] [--horizon 72] [--approve] [--json]`: make an allocation plan from
 * what the node's organisation may use, with a progress bar over the model build and each tier
 * solved, then a summary table (plan beside greedy); `kizuna plan list|show|approve|discard|lp`.
 * The solve runs in a worker thread, as on the server.
 */
import type { Command } from 'commander'
import { Refusal } from '../../app/errors.js'
import { LedgerWriter } from '../../app/ledger-writer.js'
import { approvePlan, discardPlan } from '../../app/plan-approval.js'
import { getPlanView, listPlanViews, planLp } from '../../app/plan-reads.js'
import { planSummary } from '../../app/plan-view.js'
import { Planner } from '../../app/plans.js'
import { type PlanStatus, planStatuses } from '../../domain/allocation/plan-life.js'
import { planInWorker, startPlanner } from '../../solver/run-in-worker.js'
import { progressBar } from '../progress.js'
import { UsageError } from '../usage-error.js'
import { planHeading, planLines, planTable } from './plan-table.js'
import { cliActor, common, type Node, type NodeFlags, withNode } from './route.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function hours(value: string): number {
  const n = Number(value)
  if (value === '' || !Number.isFinite(n) || n <= 0 || n > 720)
    throw new UsageError(`--horizon must be hours, more than 0 and at most 720, not "${value}"`)
  return n
}

function when(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw new UsageError(
      `--start must be an ISO 8601 time, e.g. 2024-01-03T09:00:00+09:00, not "${value}"`,
    )
  return value
}

/** The operation by id or by name (case and surrounding spaces aside). */
async function operationOf(node: Node, ref: string | undefined): Promise<string | null> {
  if (ref === undefined) return null
  const operations = await node.ctx.store.listOperations(null)
  const found = UUID.test(ref)
    ? operations.find((o) => o.id === ref.toLowerCase())
    : operations.find((o) => o.name.trim().toLowerCase() === ref.trim().toLowerCase())
  if (!found)
    throw new UsageError(
      `--operation: no operation "${ref}"; the operations are ${operations.map((o) => `"${o.name}"`).join(', ') || 'none yet'}`,
    )
  return found.id
}

const stock = (node: Node) => ({ ctx: node.ctx, writer: new LedgerWriter(node.ctx) })
const print = (text: string) => process.stdout.write(text)
const json = (value: unknown) => print(`${JSON.stringify(value, null, 2)}\n`)

interface RunFlags extends NodeFlags {
  operation?: string
  horizon: string
  start?: string
  note?: string
  approve?: boolean
  json?: boolean
}

async function makePlan(flags: RunFlags) {
  const horizonHours = hours(flags.horizon)
  const start = when(flags.start)
  // The planner's worker starts while the node opens and the snapshot is read.
  void startPlanner()
  await withNode(flags, async (node) => {
    const actor = cliActor(node)
    const planner = new Planner(node.ctx, planInWorker)
    const bar = progressBar('Planning')
    let of = 3
    const { plan } = await planner.start(
      actor,
      {
        operation: await operationOf(node, flags.operation),
        horizonHours,
        start,
        note: flags.note ?? null,
      },
      (progress) => {
        if (progress.step === 'built') process.stderr.write('model built\n')
        if (progress.step === 'solved') {
          of = (progress.of ?? 0) + 2
          process.stderr.write(`solved ${progress.stage}/${progress.of} ${progress.stageName}\n`)
        }
        const done = { snapshot: 0, built: 1, solved: 1 + (progress.stage ?? 0), interpreted: of }
        bar.update(done[progress.step], of)
      },
    )
    await planner.idle()
    bar.stop()
    let view = await getPlanView(node.ctx, planner, plan.id, null)
    if (view.status !== 'draft')
      throw new Refusal(
        'invalid_request',
        `plan ${plan.id} ${view.status}: ${view.failure?.message ?? ''}`,
      )
    if (flags.approve) {
      await approvePlan(stock(node), actor, plan.id)
      view = await getPlanView(node.ctx, planner, plan.id, null)
    }
    if (flags.json) json(view)
    else print(planTable(view))
  })
}

export function planCommand(program: Command): void {
  const plan = program
    .command('plan')
    .description(
      'Make an allocation plan: stock to requests by route and asset, optimal tier by tier, beside a greedy baseline.',
    )
  // The run is the default subcommand, so that `plan list --db X` gives --db to list, not to plan.
  common(
    plan
      .command('run', { isDefault: true })
      .description('Make a plan (the default: `kizuna plan` runs one).')
      .option('--operation <op>', "the operation's id or name (default: every operation)")
      .option('--horizon <hours>', 'how far the plan looks ahead', '72')
      .option('--start <time>', 'when the plan starts (ISO 8601; default now)')
      .option('--note <text>', 'a note on the plan')
      .option('--approve', 'approve it at once: its consignments are created, reserving stock')
      .option('--json', 'print the whole plan as JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  kizuna plan --operation "Noto 2024" --horizon 48\n  kizuna plan --approve --json > plan.json\n  kizuna plan list\n  kizuna plan show PLAN-ID --lines\n  kizuna plan lp PLAN-ID --stage 1 > stage1.lp',
      ),
  ).action(makePlan)

  common(
    plan
      .command('list')
      .description('Plans, newest first.')
      .option('--status <status>', planStatuses.join(', '))
      .option('--limit <n>', 'how many', '50'),
  ).action(async (flags: NodeFlags & { status?: string; limit: string }) => {
    if (flags.status !== undefined && !(planStatuses as readonly string[]).includes(flags.status))
      throw new UsageError(`--status must be one of ${planStatuses.join(', ')}`)
    const limit = Number(flags.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
      throw new UsageError('--limit must be a whole number from 1 to 5000')
    await withNode(flags, async (node) => {
      const page = await listPlanViews(
        node.ctx,
        null,
        { status: flags.status as PlanStatus | undefined, limit, offset: 0 },
        null,
      )
      print('id\tstatus\tcreated\tlines\trequested\tdelivered\tsorties\tunmet\n')
      for (const p of page.plans)
        print(
          `${p.id}\t${p.status}\t${p.createdAt}\t${p.snapshot?.lines ?? 0}\t${p.snapshot?.requestedUnits ?? 0}\t${p.tiers.reduce((s, t) => s + t.delivered, 0)}\t${p.consignmentsPlanned}\t${p.unmetQuantity}\n`,
        )
    })
  })

  common(
    plan
      .command('show')
      .description('One plan: the summary table, and with --lines each request line.')
      .argument('<id>', 'plan id')
      .option('--lines', 'each line: planned, departure, ETA, unmet and why')
      .option('--json', 'the whole plan as JSON'),
  ).action(async (id: string, flags: NodeFlags & { lines?: boolean; json?: boolean }) => {
    await withNode(flags, async (node) => {
      const view = await getPlanView(node.ctx, null, id, null)
      if (flags.json) json(view)
      else print(planTable(view) + (flags.lines ? planLines(view) : ''))
    })
  })

  common(
    plan
      .command('approve')
      .description(
        "Approve a draft: its consignments are created in planned, reserving the plan's lots.",
      )
      .argument('<id>', 'plan id')
      .option('--json', 'the plan as JSON'),
  ).action(async (id: string, flags: NodeFlags & { json?: boolean }) => {
    await withNode(flags, async (node) => {
      const approved = await approvePlan(stock(node), cliActor(node), id)
      if (flags.json) json(planSummary(approved))
      else
        print(
          planHeading(planSummary(approved)) +
            approved.consignments.map((c) => `${c}\tplanned\n`).join(''),
        )
    })
  })

  common(
    plan
      .command('discard')
      .description('Discard a draft, or an approved plan none of whose consignments has left.')
      .argument('<id>', 'plan id'),
  ).action(async (id: string, flags: NodeFlags) => {
    await withNode(flags, async (node) => {
      print(planHeading(planSummary(await discardPlan(stock(node), cliActor(node), id))))
    })
  })

  common(
    plan
      .command('lp')
      .description(
        "The plan's model as CPLEX LP text (stage k: earlier objectives held at their optima).",
      )
      .argument('<id>', 'plan id')
      .option('--stage <k>', 'stage of the lexicographic solve, from 1', '1'),
  ).action(async (id: string, flags: NodeFlags & { stage: string }) => {
    const stage = Number(flags.stage)
    if (!Number.isInteger(stage) || stage < 1) throw new UsageError('--stage must be 1 or more')
    await withNode(flags, async (node) => {
      print(await planLp(node.ctx, id, null, stage))
    })
  })
}
