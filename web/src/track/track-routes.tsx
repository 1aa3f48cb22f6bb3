/**
 * @module web/track/track-routes
 * The paths of the app open without signing in: the public tracking page (/track, /track/:code). The app
 * shows them whoever is (or is not) signed in, and never sends them to the sign-in screen.
 */
import type { ReactNode } from 'react'
import { matchPath } from '../router.js'
import { TrackPage } from './track-page.js'

export function isPublicPath(pathname: string): boolean {
  return matchPath('/track', pathname) !== null || matchPath('/track/:code', pathname) !== null
}

/** The screen of a public path (it names its own window title), or undefined for any other path. */
export function publicRoute(pathname: string): { element: ReactNode } | undefined {
  if (matchPath('/track', pathname)) return { element: <TrackPage /> }
  const tracked = matchPath('/track/:code', pathname)
  if (tracked?.code) return { element: <TrackPage key="track" code={tracked.code} /> }
  return undefined
}
