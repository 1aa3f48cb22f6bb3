/**
 * @module interop/sitrep/pdf-map
 * The situation report's map painted on the PDF page as vectors, from the same drawing as the HTML
 * page's SVG (interop/sitrep/map.ts), scaled to the width and at most MAP_HEIGHT tall, with its legend.
 */
import type { SitrepLabels } from './labels.js'
import { arrowHead, type MapDrawing, mapColours } from './map.js'
import { type Doc, MARGIN, MM, room, WIDTH } from './pdf-layout.js'
import type { Sitrep } from './report.js'

/** The map's scale on the page: the full width, and not taller than MAP_HEIGHT. */
export const MAP_HEIGHT = 125 * MM
export const mapScale = (m: MapDrawing) => Math.min(WIDTH / m.width, MAP_HEIGHT / m.height)

export function paintMap(doc: Doc, m: MapDrawing, y: number): number {
  const s = mapScale(m)
  const height = m.height * s
  const width = m.width * s
  const left = MARGIN + (WIDTH - width) / 2
  const at = room(doc, y, height + 16)
  const c = mapColours
  doc.save()
  doc.rect(left, at, width, height).clip()
  doc.translate(left, at).scale(s)
  doc.rect(0, 0, m.width, m.height).fill(c.sea)
  if (m.land) doc.path(m.land).lineWidth(0.8).fillAndStroke(c.land, c.border, 'even-odd')
  if (m.area) {
    doc.path(m.area).fillOpacity(0.12).fill(c.area, 'even-odd').fillOpacity(1)
    doc.path(m.area).lineWidth(2).dash(8, { space: 4 }).stroke(c.area).undash()
  }
  for (const f of m.flows) {
    const colour = f.late ? c.late : c.flow
    doc.lineWidth(2)
    if (f.late) doc.dash(6, { space: 4 })
    doc.moveTo(f.x1, f.y1).lineTo(f.x2, f.y2).stroke(colour)
    doc.undash()
    const [a, b] = arrowHead(f)
    doc.moveTo(a[0], a[1]).lineTo(f.x2, f.y2).lineTo(b[0], b[1]).stroke(colour)
  }
  doc.lineWidth(1.5)
  for (const p of m.points) {
    if (p.kind === 'hub') doc.rect(p.x - 6, p.y - 6, 12, 12).fillAndStroke(c.hub, '#fff')
    else doc.circle(p.x, p.y, 6.5).fillAndStroke(c.destination, '#fff')
  }
  doc.font('regular').fontSize(12)
  for (const p of m.points.filter((point) => point.label !== '')) {
    // A white halo, then the name: readable over land, sea and lines.
    doc.fillColor('#fff').strokeColor('#fff').lineWidth(3)
    doc.text(p.label, p.x + 9, p.y - 8, { lineBreak: false, stroke: true, fill: true })
    doc.fillColor('#111').text(p.label, p.x + 9, p.y - 8, { lineBreak: false })
  }
  const sy = m.height - 14
  doc
    .lineWidth(1.5)
    .moveTo(12, sy - 5)
    .lineTo(12, sy)
    .lineTo(12 + m.scale.pixels, sy)
    .lineTo(12 + m.scale.pixels, sy - 5)
    .stroke('#111')
  doc
    .fontSize(11)
    .fillColor('#111')
    .text(`${m.scale.km} km`, 12, sy - 19, { width: m.scale.pixels, align: 'center' })
  doc.restore()
  doc.lineWidth(0.8).rect(left, at, width, height).stroke('#000')
  doc.fillColor('#000').strokeColor('#000')
  return at + height + 3
}

export function paintLegend(doc: Doc, s: Sitrep, t: SitrepLabels, y: number): number {
  const c = mapColours
  const entries: [string, (x: number, y: number) => void][] = [
    [t.legend.hub, (x, at) => doc.rect(x, at + 1, 8, 8).fill(c.hub)],
    [t.legend.destination, (x, at) => doc.circle(x + 4, at + 5, 4).fill(c.destination)],
    [
      t.legend.flow,
      (x, at) =>
        doc
          .lineWidth(1.5)
          .moveTo(x, at + 5)
          .lineTo(x + 14, at + 5)
          .stroke(c.flow),
    ],
    [
      t.legend.late,
      (x, at) => {
        doc
          .lineWidth(1.5)
          .dash(3, { space: 2 })
          .moveTo(x, at + 5)
          .lineTo(x + 14, at + 5)
          .stroke(c.late)
        doc.undash()
      },
    ],
  ]
  if (s.operation.hasArea)
    entries.push([
      t.legend.area,
      (x, at) => {
        doc
          .lineWidth(1)
          .dash(2, { space: 1.5 })
          .rect(x, at + 1, 12, 8)
          .stroke(c.area)
        doc.undash()
      },
    ])
  let x = MARGIN
  doc.font('regular').fontSize(8)
  for (const [label, mark] of entries) {
    const width = 18 + doc.widthOfString(label) + 12
    if (x + width > MARGIN + WIDTH) {
      x = MARGIN
      y += 12
    }
    mark(x, y)
    doc.fillColor('#000').text(label, x + 18, y, { lineBreak: false })
    x += width
  }
  return y + 16
}
