/**
 * @module web/plans/plan-routes
 * The plan screens by address: the list with the new-plan form (/plans) and one plan (/plans/:id), for
 * everyone signed in; only planners and administrators are offered the form and the actions (the
 * server refuses the others). One plan's screen names it in the window title itself.
 */
import type { ReactNode } from 'react'
import { matchPath } from '../router.js'
import { PlanPage } from './plan-page.js'
import { PlansPage } from './plans-page.js'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function planRoute(pathname: string): { element: ReactNode; titleKey?: string } | null {
  if (matchPath('/plans', pathname)) return { element: <PlansPage />, titleKey: 'plans.title' }
  const one = matchPath('/plans/:id', pathname)
  if (one?.id && uuid.test(one.id)) return { element: <PlanPage key={one.id} id={one.id} /> }
  return null
}
