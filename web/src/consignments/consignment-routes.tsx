/**
 * @module web/consignments/consignment-routes
 * The consignment screens by address: the list (/consignments) and one consignment
 * (/consignments/:id) for everyone signed in; a new one (/consignments/new) and the receipt
 * (/consignments/:id/receive) for logisticians and administrators (others are told they may not).
 * One consignment's screens name it in the window title themselves.
 */
import type { SessionView } from '@contract/access.js'
import type { ReactNode } from 'react'
import { matchPath } from '../router.js'
import { ForbiddenPage } from '../session/forbidden-page.js'
import { ConsignmentFormPage } from './consignment-form-page.js'
import { mayWriteConsignments } from './consignment-model.js'
import { ConsignmentPage } from './consignment-page.js'
import { ConsignmentsPage } from './consignments-page.js'
import { ReceiptPage } from './receipt-page.js'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function consignmentRoute(
  pathname: string,
  session: SessionView,
): { element: ReactNode; titleKey?: string } | null {
  if (matchPath('/consignments', pathname))
    return { element: <ConsignmentsPage />, titleKey: 'consignments.title' }
  const forbidden = { element: <ForbiddenPage />, titleKey: 'forbidden.title' }
  if (matchPath('/consignments/new', pathname))
    return mayWriteConsignments(session)
      ? { element: <ConsignmentFormPage />, titleKey: 'consignments.form.title' }
      : forbidden
  const receipt = matchPath('/consignments/:id/receive', pathname)
  if (receipt?.id && uuid.test(receipt.id))
    return mayWriteConsignments(session)
      ? { element: <ReceiptPage key={receipt.id} id={receipt.id} /> }
      : forbidden
  const one = matchPath('/consignments/:id', pathname)
  if (one?.id && uuid.test(one.id)) return { element: <ConsignmentPage key={one.id} id={one.id} /> }
  return null
}
