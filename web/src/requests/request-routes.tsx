/**
 * @module web/requests/request-routes
 * The request screens by path: the board (/requests), a new request (/requests/new, for requesters and
 * administrators) and one request (/requests/:id).
 */
import type { SessionView } from '@contract/access.js'
import type { ReactNode } from 'react'
import { matchPath } from '../router.js'
import { ForbiddenPage } from '../session/forbidden-page.js'
import { RequestFormPage } from './request-form-page.js'
import { canDraftRequests } from './request-model.js'
import { RequestPage } from './request-page.js'
import { RequestsPage } from './requests-page.js'

/** The screen for a request path, or undefined for any other path. Pages without a titleKey name their own. */
export function requestRoute(
  pathname: string,
  session: SessionView,
): { element: ReactNode; titleKey?: string } | undefined {
  if (matchPath('/requests', pathname))
    return { element: <RequestsPage />, titleKey: 'requests.title' }
  if (matchPath('/requests/new', pathname))
    return canDraftRequests(session)
      ? { element: <RequestFormPage />, titleKey: 'requests.form.title' }
      : { element: <ForbiddenPage />, titleKey: 'forbidden.title' }
  const one = matchPath('/requests/:id', pathname)
  if (one?.id) return { element: <RequestPage key={one.id} id={one.id} /> }
  return undefined
}
