/**
 * @module web/plans/plan-model
 * Plans as the web app reads them (types from src/contract/plans.ts), who may plan, the status
 * colours, and one plan loaded and — while its solver runs — read again every second until it ends.
 * The pure rules (figures per tier, unmet by reason, flows) are in plan-rules.ts.
 */
import type { SessionView } from '@contract/access.js'
import {
  type PlanBody,
  type PlanLine,
  type PlannedConsignmentBody,
  type PlanStatus,
  type PlanSummary,
  type planApproveResultSchema,
  planStatuses,
} from '@contract/plans.js'
import { useCallback, useEffect, useState } from 'react'
import type { z } from 'zod'
import { ApiError, apiGet, isAbort } from '../api.js'

export type { PlanBody, PlanLine, PlannedConsignmentBody, PlanStatus, PlanSummary }
export { planStatuses }
export type PlanApproveResult = z.infer<typeof planApproveResultSchema>

export interface PlanList {
  plans: PlanSummary[]
  total: number
  limit: number
  offset: number
}

export function isPlanStatus(value: string): value is PlanStatus {
  return (planStatuses as readonly string[]).includes(value)
}

/** Plans are made, approved and discarded by the hub's planners and administrators. */
export function mayPlan(session: SessionView): boolean {
  return session.user.roles.some((role) => role === 'admin' || role === 'planner')
}

/** Status families share a colour with the requests' badges (requests.css). */
export const planStatusTone: Record<PlanStatus, string> = {
  running: 'waiting',
  draft: 'draft',
  failed: 'stopped',
  cancelled: 'stopped',
  approved: 'active',
  done: 'done',
  discarded: 'stopped',
}

/** How often a running plan is read again. */
export const pollMs = 1000

export interface LoadedPlan {
  plan: PlanBody | undefined
  error: ApiError | undefined
  reload: () => void
}

/** GET /api/plans/:id, again every second while it is running; a failed read is retried too. */
export function usePlan(id: string): LoadedPlan {
  const [plan, setPlan] = useState<PlanBody>()
  const [error, setError] = useState<ApiError>()
  const [attempt, setAttempt] = useState(0)
  const running = plan?.status === 'running'

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger
  useEffect(() => {
    const controller = new AbortController()
    apiGet<PlanBody>(`/api/plans/${encodeURIComponent(id)}`, undefined, {
      signal: controller.signal,
    })
      .then((answer) => {
        setPlan(answer)
        setError(undefined)
      })
      .catch((failure: unknown) => {
        if (isAbort(failure)) return
        setError(
          failure instanceof ApiError ? failure : new ApiError(0, 'unexpected', String(failure)),
        )
      })
    return () => controller.abort()
  }, [id, attempt])

  // While the solver runs, read again a second after each answer (or failure) arrives.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new answer or failure re-arms the timer
  useEffect(() => {
    if (!running) return
    const timer = window.setTimeout(() => setAttempt((n) => n + 1), pollMs)
    return () => window.clearTimeout(timer)
  }, [running, plan, error])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { plan: plan?.id === id ? plan : undefined, error, reload }
}
