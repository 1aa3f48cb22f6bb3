/**
 * @module web/transport/transport-routes
 * The transport screens by address: /transport (route finder), /transport/legs, /transport/assets and
 * /transport/assets/new (for those who may offer assets; others are told they may not).
 */
import type { SessionView } from '@contract/access.js'
import type { ReactNode } from 'react'
import { matchPath } from '../router.js'
import { ForbiddenPage } from '../session/forbidden-page.js'
import { AssetFormPage } from './asset-form-page.js'
import { AssetsPage } from './assets-page.js'
import { LegsPage } from './legs-page.js'
import { RoutesPage } from './routes-page.js'
import { mayWriteTransport } from './transport-model.js'

export function transportRoute(
  pathname: string,
  session: SessionView,
): { element: ReactNode; titleKey: string } | null {
  if (matchPath('/transport', pathname))
    return { element: <RoutesPage />, titleKey: 'transport.route.title' }
  if (matchPath('/transport/legs', pathname))
    return { element: <LegsPage />, titleKey: 'transport.legs.title' }
  if (matchPath('/transport/assets', pathname))
    return { element: <AssetsPage />, titleKey: 'transport.assets.title' }
  if (matchPath('/transport/assets/new', pathname))
    return mayWriteTransport(session)
      ? { element: <AssetFormPage />, titleKey: 'transport.assets.formTitle' }
      : { element: <ForbiddenPage />, titleKey: 'forbidden.title' }
  return null
}
