/**
 * @module app/plan-warm-up
 * What a starting server has its planner plan once, and throw away, so that the planners' first plan
 * finds the planner warm (solver/run-in-worker.ts `warmPlanner`): the open requests of this node's
 * own organisation at this moment, over the whole horizon a plan takes by default. The routes found
 * for it are kept by the network, not by the requests, so a plan made later with other requests
 * still finds them; a node with nothing to plan has nothing to warm.
 */
import type { AllocationSnapshot } from '../domain/allocation/snapshot.js'
import type { AppContext } from './context.js'
import { buildPlanSnapshot } from './plan-snapshot.js'

/** The plans API's and `kizuna plan`'s default horizon. */
const HORIZON_HOURS = 72

export async function warmUpSnapshot(ctx: AppContext): Promise<AllocationSnapshot | null> {
  const { snapshot } = await buildPlanSnapshot(ctx, {
    org: ctx.node.org,
    operation: null,
    start: ctx.clock.now().toISOString(),
    horizonHours: HORIZON_HOURS,
  })
  return snapshot.lines.length > 0 && snapshot.lots.length > 0 && snapshot.assets.length > 0
    ? snapshot
    : null
}
