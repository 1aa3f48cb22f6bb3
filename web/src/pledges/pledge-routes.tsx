/**
 * @module web/pledges/pledge-routes
 * The pledge screens by path: the list (/pledges, for everyone signed in), a new pledge (/pledges/new)
 * and a donation received (/pledges/donation), the last two for planners, logisticians and
 * administrators.
 */
import type { SessionView } from '@contract/access.js'
import type { ReactNode } from 'react'
import { matchPath } from '../router.js'
import { ForbiddenPage } from '../session/forbidden-page.js'
import { DonationFormPage } from './donation-form-page.js'
import { PledgeFormPage } from './pledge-form-page.js'
import { mayWritePledges } from './pledge-model.js'
import { PledgesPage } from './pledges-page.js'

/** The screen for a pledge path, or undefined for any other path. */
export function pledgeRoute(
  pathname: string,
  session: SessionView,
): { element: ReactNode; titleKey: string } | undefined {
  if (matchPath('/pledges', pathname))
    return { element: <PledgesPage />, titleKey: 'pledges.title' }
  const forms: Record<string, { element: ReactNode; titleKey: string }> = {
    '/pledges/new': { element: <PledgeFormPage />, titleKey: 'pledges.form.title' },
    '/pledges/donation': { element: <DonationFormPage />, titleKey: 'pledges.donation.title' },
  }
  const form = forms[pathname]
  if (!form) return undefined
  return mayWritePledges(session)
    ? form
    : { element: <ForbiddenPage />, titleKey: 'forbidden.title' }
}
