/**
 * @module interop/sitrep/map
 * The situation report's map as a drawing: the land (countries from world-atlas, passed in as
 * polygons), the operation's affected area, the hubs holding stock, the destinations with unmet needs
 * and the consignments in flight between them, in Web Mercator as the web map draws them, fitted to
 * what there is to show. The same drawing is written as SVG for the HTML page and painted by the PDF,
 * so both show one map. Pure: no I/O.
 */
import { type Bounds, boundsOf, type Polygon } from '../../domain/sitrep/area.js'

export interface MapPoint {
  readonly kind: 'hub' | 'destination'
  readonly lon: number
  readonly lat: number
  /** Empty: drawn without a name (another mark at the place names it). */
  readonly label: string
}

export interface MapFlow {
  readonly from: readonly [number, number]
  readonly to: readonly [number, number]
  readonly late: boolean
}

export interface MapInput {
  readonly land: readonly Polygon[]
  readonly area: readonly Polygon[]
  readonly points: readonly MapPoint[]
  readonly flows: readonly MapFlow[]
}

export interface MapDrawing {
  readonly width: number
  readonly height: number
  /** SVG path data, in the drawing's pixels. */
  readonly land: string
  readonly area: string
  readonly flows: { x1: number; y1: number; x2: number; y2: number; late: boolean }[]
  readonly points: { kind: MapPoint['kind']; x: number; y: number; label: string }[]
  readonly scale: { readonly pixels: number; readonly km: number }
}

const WIDTH = 800
/** The least span shown, in degrees of latitude: a single hub still shows its coast. */
const SPAN_MIN = 0.4
const EARTH_KM = 40_075

const mercatorX = (lon: number) => (lon + 180) / 360
const mercatorY = (lat: number) => {
  const φ = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180
  return (1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2
}
const round = (n: number) => Math.round(n * 10) / 10

function viewOf(input: MapInput): Bounds | null {
  const around = boundsOf([
    ...input.area.flatMap((polygon) => polygon[0] ?? []),
    ...input.points.map((p) => [p.lon, p.lat] as const),
    ...input.flows.flatMap((f) => [f.from, f.to]),
  ])
  if (!around) return null
  const padLat = Math.max((around.north - around.south) * 0.12, SPAN_MIN / 2)
  const padLon = Math.max((around.east - around.west) * 0.12, SPAN_MIN / 2)
  return {
    west: Math.max(-180, around.west - padLon),
    east: Math.min(180, around.east + padLon),
    south: Math.max(-85, around.south - padLat),
    north: Math.min(85, around.north + padLat),
  }
}

/** A length near a quarter of the width that reads well: 1, 2 or 5 times a power of ten. */
function niceKm(kmPerPixel: number, width: number): { pixels: number; km: number } {
  const target = (kmPerPixel * width) / 4
  const power = 10 ** Math.floor(Math.log10(target))
  const km = [5, 2, 1].map((f) => f * power).find((k) => k <= target) ?? power
  return { pixels: round(km / kmPerPixel), km }
}

/**
 * A ring clipped to the drawing and a few pixels around it (Sutherland–Hodgman, one side of the box
 * at a time): a coast that runs on far beyond the map costs nothing, and the ring stays closed.
 */
export function clipToBox(
  ring: readonly (readonly [number, number])[],
  width: number,
  height: number,
  margin = 4,
): [number, number][] {
  type P = [number, number]
  const sides: [(p: P) => boolean, (a: P, b: P) => P][] = []
  const atX =
    (x: number) =>
    (a: P, b: P): P => [x, round(a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0]))]
  const atY =
    (y: number) =>
    (a: P, b: P): P => [round(a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1])), y]
  sides.push([(p) => p[0] >= -margin, atX(-margin)])
  sides.push([(p) => p[0] <= width + margin, atX(width + margin)])
  sides.push([(p) => p[1] >= -margin, atY(-margin)])
  sides.push([(p) => p[1] <= height + margin, atY(height + margin)])
  let points: P[] = ring.map(([x, y]) => [x, y])
  for (const [inside, cross] of sides) {
    const input = points
    points = []
    for (let i = 0; i < input.length; i++) {
      const current = input[i] as P
      const previous = input[(i + input.length - 1) % input.length] as P
      if (inside(current)) {
        if (!inside(previous)) points.push(cross(previous, current))
        points.push(current)
      } else if (inside(previous)) points.push(cross(previous, current))
    }
    if (points.length === 0) break
  }
  return points
}

/** About how wide a name is at 12 px: Japanese characters a full em, others a little over half. */
const labelWidth = (label: string) =>
  [...label].reduce((width, c) => width + ((c.codePointAt(0) ?? 0) > 0x2e80 ? 12 : 6.8), 0)

/**
 * Names that would run over one already placed are left off (the mark stays): destinations are
 * named first, then the places holding stock, each in order.
 */
function withoutOverlaps<P extends { kind: MapPoint['kind']; x: number; y: number; label: string }>(
  points: P[],
): P[] {
  const placed: { x: number; y: number; w: number }[] = []
  const keep = new Set<P>()
  for (const kind of ['destination', 'hub'] as const)
    for (const p of points) {
      if (p.kind !== kind || p.label === '') continue
      const box = { x: p.x + 9, y: p.y - 9, w: labelWidth(p.label) }
      if (
        placed.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && Math.abs(box.y - b.y) < 14)
      )
        continue
      placed.push(box)
      keep.add(p)
    }
  return points.map((p) => (keep.has(p) || p.label === '' ? p : { ...p, label: '' }))
}

/** Fits the view to the drawing's width and a height between half and three quarters of it. */
export function drawMap(input: MapInput, width = WIDTH): MapDrawing | null {
  const view = viewOf(input)
  if (!view) return null
  let x0 = mercatorX(view.west)
  let x1 = mercatorX(view.east)
  let y0 = mercatorY(view.north)
  let y1 = mercatorY(view.south)
  // Widen the narrower side so that the shape of the land is kept (one scale for x and y).
  const ratio = Math.min(0.75, Math.max(0.5, (y1 - y0) / (x1 - x0)))
  if ((y1 - y0) / (x1 - x0) < ratio) {
    const grow = (x1 - x0) * ratio - (y1 - y0)
    y0 -= grow / 2
    y1 += grow / 2
  } else {
    const grow = (y1 - y0) / ratio - (x1 - x0)
    x0 -= grow / 2
    x1 += grow / 2
  }
  const scale = width / (x1 - x0)
  const height = Math.round((y1 - y0) * scale)
  const project = (lon: number, lat: number): [number, number] => [
    round((mercatorX(lon) - x0) * scale),
    round((mercatorY(lat) - y0) * scale),
  ]
  const path = (polygons: readonly Polygon[], step: number) => {
    const parts: string[] = []
    for (const polygon of polygons)
      for (const ring of polygon) {
        const clipped = clipToBox(
          ring.map(([lon, lat]) => project(lon, lat)),
          width,
          height,
        )
        let last: [number, number] | null = null
        const points: string[] = []
        for (const p of clipped) {
          // Vertices closer than `step` pixels to the last one drawn add nothing at this scale.
          if (last && Math.abs(p[0] - last[0]) < step && Math.abs(p[1] - last[1]) < step) continue
          points.push(`${p[0]} ${p[1]}`)
          last = p
        }
        if (points.length >= 3) parts.push(`M${points.join('L')}Z`)
      }
    return parts.join('')
  }
  const centre = (view.north + view.south) / 2
  const kmPerPixel = (EARTH_KM * Math.cos((centre * Math.PI) / 180)) / scale
  return {
    width,
    height,
    land: path(input.land, 0.8),
    area: path(input.area, 0.3),
    flows: input.flows.map((f) => {
      const [fx, fy] = project(f.from[0], f.from[1])
      const [tx, ty] = project(f.to[0], f.to[1])
      return { x1: fx, y1: fy, x2: tx, y2: ty, late: f.late }
    }),
    points: withoutOverlaps(
      input.points.map((p) => {
        const [x, y] = project(p.lon, p.lat)
        return { kind: p.kind, x, y, label: p.label }
      }),
    ),
    scale: niceKm(kmPerPixel, width),
  }
}

/** The colours of the map, shared by the SVG and the PDF. */
export const mapColours = {
  sea: '#dfeaf2',
  land: '#f3f0e8',
  border: '#8f8a80',
  area: '#d9480f',
  hub: '#1c5d99',
  destination: '#c92a2a',
  flow: '#2b2b2b',
  late: '#c92a2a',
} as const

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const e = (text: string) => text.replace(/[&<>"]/g, (c) => escapes[c] ?? c)

/** An arrowhead's two barbs at (x2, y2), for a flow drawn from (x1, y1). */
export function arrowHead(
  flow: { x1: number; y1: number; x2: number; y2: number },
  size = 9,
): [[number, number], [number, number]] {
  const angle = Math.atan2(flow.y2 - flow.y1, flow.x2 - flow.x1)
  const barb = (turn: number): [number, number] => [
    round(flow.x2 - size * Math.cos(angle + turn)),
    round(flow.y2 - size * Math.sin(angle + turn)),
  ]
  return [barb(0.45), barb(-0.45)]
}

/** The drawing as inline SVG, with an accessible name. */
export function mapSvg(drawing: MapDrawing, title: string): string {
  const c = mapColours
  const flows = drawing.flows
    .map((f) => {
      const [a, b] = arrowHead(f)
      const colour = f.late ? c.late : c.flow
      const dash = f.late ? ' stroke-dasharray="6 4"' : ''
      return `<path d="M${f.x1} ${f.y1}L${f.x2} ${f.y2}" stroke="${colour}" stroke-width="2" fill="none"${dash}/><path d="M${a[0]} ${a[1]}L${f.x2} ${f.y2}L${b[0]} ${b[1]}" stroke="${colour}" stroke-width="2" fill="none"/>`
    })
    .join('')
  const points = drawing.points
    .map((p) =>
      p.kind === 'hub'
        ? `<rect x="${p.x - 6}" y="${p.y - 6}" width="12" height="12" fill="${c.hub}" stroke="#fff" stroke-width="1.5"/>`
        : `<circle cx="${p.x}" cy="${p.y}" r="6.5" fill="${c.destination}" stroke="#fff" stroke-width="1.5"/>`,
    )
    .join('')
  const labels = drawing.points
    .filter((p) => p.label !== '')
    .map(
      (p) =>
        `<text x="${round(p.x + 9)}" y="${round(p.y + 4)}" font-size="12" stroke="#fff" stroke-width="3" paint-order="stroke" fill="#111">${e(p.label)}</text>`,
    )
    .join('')
  const { pixels, km } = drawing.scale
  const sy = drawing.height - 14
  const scale = `<path d="M12 ${sy}h${pixels}M12 ${sy - 5}v5M${12 + pixels} ${sy - 5}v5" stroke="#111" stroke-width="1.5" fill="none"/><text x="${12 + pixels / 2}" y="${sy - 6}" font-size="11" text-anchor="middle" fill="#111">${km} km</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${drawing.width} ${drawing.height}" role="img" aria-label="${e(title)}" class="map"><title>${e(title)}</title><rect width="${drawing.width}" height="${drawing.height}" fill="${c.sea}"/><path d="${drawing.land}" fill="${c.land}" stroke="${c.border}" stroke-width="0.8" fill-rule="evenodd"/><path d="${drawing.area}" fill="${c.area}" fill-opacity="0.12" stroke="${c.area}" stroke-width="2" stroke-dasharray="8 4" fill-rule="evenodd"/>${flows}${points}${labels}${scale}</svg>`
}
