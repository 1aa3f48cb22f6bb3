/**
 * What the common operating picture bench (bench/cop.ts) runs in the page: a script added before
 * the app's own (CDP's "evaluate on new document", which the node's Content-Security-Policy does
 * not apply to) that checks on every animation frame whether the screen is usable, and records
 * `performance.now()` — milliseconds since the navigation started — at the next frame after it is,
 * the frame that paints it. "Usable" is, per screen:
 *
 * - map (/): the places' layers hold the places of the view (more than 1,000 points: shelters,
 *   evacuation sites, ports…), the picture has arrived and is drawn (requests' rings, consignments'
 *   lines, the affected area), the legend shows its counts, and the status no longer says Loading;
 * - dashboard (/dashboard): the figures have arrived ("Generated at" shown) and all five panels
 *   show their chart (an svg image), their table, or their "nothing to show";
 * - not found (any unknown path): the app has started, knows who is signed in, and shows the
 *   page's heading — the floor of the browser, the app's code and this machine.
 */

export const usableProbe = `(() => {
  const probe = { usable: null, condition: null }
  window.__copBench = probe
  const map = () => {
    const view = window.__kizunaMap
    if (!view || view.pointCount() <= 1000) return false
    const counts = view.counts()
    const status = document.querySelector('.map-status')
    const hubs = document.querySelector('.map-legend [data-layer="hubs"] .legend-count')
    return Boolean(
      document.querySelector('.map-updated') &&
        status && !/Loading|読み込み中/.test(status.textContent || '') &&
        hubs && hubs.textContent &&
        counts.requests.points > 0 && counts.lines.consignments > 0 && counts.lines.areas > 0,
    )
  }
  const dashboard = () => {
    const panels = document.querySelectorAll('.dashboard-grid .dashboard-figure')
    return Boolean(
      document.querySelector('.generated-at') &&
        panels.length === 5 &&
        [...panels].every((panel) => panel.querySelector('svg[role="img"], .table-wrap, .empty')),
    )
  }
  const other = () => Boolean(document.querySelector('.top-bar .account') && document.querySelector('h1#page-title'))
  const ready = () =>
    location.pathname === '/' ? map() : location.pathname === '/dashboard' ? dashboard() : other()
  const tick = () => {
    let done = false
    try { done = ready() } catch { done = false }
    if (done) {
      probe.condition = performance.now()
      requestAnimationFrame(() => { probe.usable = performance.now() })
      return
    }
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
})()`

/** Read once the probe has fired: the navigation's own timings and the API calls it made. */
export const timingsRead = `JSON.stringify((() => {
  const nav = performance.getEntriesByType('navigation')[0]
  const paint = performance.getEntriesByName('first-contentful-paint')[0]
  return {
    usable: window.__copBench.usable,
    condition: window.__copBench.condition,
    responseEnd: nav ? nav.responseEnd : null,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
    firstContentfulPaint: paint ? paint.startTime : null,
    resources: performance.getEntriesByType('resource').map((e) => ({
      name: e.name,
      startTime: e.startTime,
      requestStart: e.requestStart,
      responseStart: e.responseStart,
      responseEnd: e.responseEnd,
      transferSize: e.transferSize,
      decodedBodySize: e.decodedBodySize,
    })),
  }
})())`

export interface ResourceTiming {
  readonly name: string
  readonly startTime: number
  readonly requestStart: number
  readonly responseStart: number
  readonly responseEnd: number
  readonly transferSize: number
  readonly decodedBodySize: number
}

export interface PageTimings {
  readonly usable: number
  readonly condition: number
  readonly responseEnd: number | null
  readonly domContentLoaded: number | null
  readonly firstContentfulPaint: number | null
  readonly resources: ResourceTiming[]
}
