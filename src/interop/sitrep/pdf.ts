/**
 * @module interop/sitrep/pdf
 * The situation report as an A4 PDF (pdfkit, as the waybill): every word in Noto Sans JP, embedded as
 * a subset; the map painted as vectors from the same drawing as the HTML page's SVG; tables that break
 * across pages under a repeated head; each page numbered.
 */
import PDFDocument from 'pdfkit'
import type { WaybillFonts } from '../waybill/pdf.js'
import { formatCount, formatInZone, zoneName } from './format.js'
import { categoryName, type SitrepLabels, sitrepLabels } from './labels.js'
import { type Doc, heading, MARGIN, MM, note, PAGE, room, table, WIDTH } from './pdf-layout.js'
import { mapScale, paintLegend, paintMap } from './pdf-map.js'
import type { Sitrep } from './report.js'

const n = (value: number, digits = 0) => formatCount(value, digits)
const kg = (value: number) => formatCount(value, 1)

function keyFigures(doc: Doc, s: Sitrep, t: SitrepLabels, y: number): number {
  const tiles: [string, string, string][] = [
    [
      t.requests,
      n(s.requests.requests),
      s.requests.byStatus
        .filter((r) => r.requests > 0)
        .map((r) => `${t.statuses[r.status]} ${n(r.requests)}`)
        .join(' · '),
    ],
    [t.quantityRequested, n(s.requests.quantityRequested), t.baseUnits],
    [t.quantityDelivered, n(s.requests.quantityDelivered), t.baseUnits],
  ]
  if (s.people)
    tiles.push([
      t.peopleInShelters,
      n(s.people.people),
      t.peopleNote(s.people.places, s.people.asOf),
    ])
  tiles.push(
    [
      t.stockAvailable,
      n(s.stock.totals.available),
      `${kg(s.stock.totals.weightKg)} kg · ${t.stockNote(s.stock.places)}`,
    ],
    [
      t.inFlight,
      n(s.consignments.inFlight),
      t.inFlightNote(s.consignments.late, s.consignments.dueSoon, s.consignments.dueWithinHours),
    ],
  )
  const gap = 3 * MM
  const width = (WIDTH - 2 * gap) / 3
  const height = 21 * MM
  let at = y
  for (let i = 0; i < tiles.length; i += 3) {
    at = room(doc, at, height)
    for (const [j, [label, value, small]] of tiles.slice(i, i + 3).entries()) {
      const x = MARGIN + j * (width + gap)
      doc.lineWidth(0.8).rect(x, at, width, height).stroke('#000')
      doc
        .font('regular')
        .fontSize(7.5)
        .fillColor('#333')
        .text(label, x + 4, at + 3, { width: width - 8 })
      doc
        .font('bold')
        .fontSize(16)
        .fillColor('#000')
        .text(value, x + 4, at + 13, { width: width - 8 })
      doc
        .font('regular')
        .fontSize(6.5)
        .fillColor('#333')
        .text(small, x + 4, at + 34, { width: width - 8, height: height - 36, ellipsis: true })
    }
    at += height + gap
  }
  doc.fillColor('#000')
  return at
}

export function renderSitrepPdf(s: Sitrep, fonts: WaybillFonts): Promise<Buffer> {
  const t = sitrepLabels[s.lang]
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: s.lang,
    info: {
      Title: `${t.title} — ${s.operation.name}`,
      Subject: `${t.operation} ${s.operation.id}`,
      Creator: 'Kizuna',
      CreationDate: new Date(s.generatedAt),
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('regular', fonts.regular)
  doc.registerFont('bold', fonts.bold)

  doc.font('bold').fontSize(20).text(t.title, MARGIN, MARGIN, { width: WIDTH })
  doc.fontSize(14).text(s.operation.name, { width: WIDTH })
  doc.moveDown(0.3)
  const facts: [string, string][] = [
    [t.period, `${s.operation.startedOn} – ${s.operation.endedOn ?? t.ongoing}`],
    [t.generated, formatInZone(s.generatedAt, s.zone)],
    [t.zone, zoneName(s.generatedAt, s.zone)],
  ]
  let y = doc.y
  for (const [key, value] of facts) {
    doc.font('bold').fontSize(9).text(key, MARGIN, y, { width: 90 })
    doc.font('regular').text(value, MARGIN + 90, y, { width: WIDTH - 90 })
    y = doc.y + 1
  }
  y = note(doc, t.reader(s.reader), y + 2)
  doc
    .lineWidth(1.2)
    .moveTo(MARGIN, y + 2)
    .lineTo(MARGIN + WIDTH, y + 2)
    .stroke('#000')
  y += 6

  y = heading(doc, t.keyFigures, y)
  y = keyFigures(doc, s, t, y)

  y = heading(doc, t.map, y, 13, s.map ? s.map.height * mapScale(s.map) + 30 : 60)
  if (s.map) {
    y = paintMap(doc, s.map, y)
    y = paintLegend(doc, s, t, y)
  } else y = note(doc, t.mapNone, y)

  y = heading(doc, t.unmetTitle, y, 13, 110)
  y = heading(doc, t.byPriority, y, 10.5)
  y = table(
    doc,
    [t.priority, t.open, t.weightKg, t.lines],
    s.unmet.byPriority.map((r) => [
      t.priorities[r.priority],
      n(r.openQuantity),
      kg(r.openWeightKg),
      n(r.lines),
    ]),
    y,
    { widths: [3, 2, 2, 1], numeric: [1, 2, 3] },
  )
  y = heading(doc, t.byPlace, y, 10.5)
  y =
    s.unmet.rows.length === 0
      ? note(doc, t.unmetNone, y)
      : table(
          doc,
          [t.place, t.priority, t.open, t.weightKg, t.lines],
          s.unmet.rows.map((r) => [
            r.place,
            t.priorities[r.priority],
            n(r.openQuantity),
            kg(r.openWeightKg),
            n(r.lines),
          ]),
          y,
          { widths: [4, 2, 2, 2, 1], numeric: [2, 3, 4] },
        )

  const stages = ['requested', 'validated', 'planned', 'dispatched', 'delivered'] as const
  y = heading(doc, t.pipelineTitle(s.pipeline.days.length), y)
  y = table(
    doc,
    [t.day, ...stages.map((stage) => t.stages[stage])],
    s.pipeline.days.map((d) => [d.day, ...stages.map((stage) => n(d[stage]))]),
    y,
    {
      widths: [2, 1, 1, 1, 1, 1],
      numeric: [1, 2, 3, 4, 5],
      foot: [t.total, ...stages.map((stage) => n(s.pipeline.totals[stage]))],
    },
  )

  y = heading(doc, t.requestsByStatus, y)
  y = table(
    doc,
    [t.status, t.count],
    s.requests.byStatus
      .filter((r) => r.requests > 0)
      .map((r) => [t.statuses[r.status], n(r.requests)]),
    y,
    { widths: [3, 1], numeric: [1], foot: [t.total, n(s.requests.requests)] },
  )

  y = heading(doc, t.stockTitle, y)
  const { totals } = s.stock
  y = table(
    doc,
    [t.category, t.posted, t.pending, t.available, t.weightKg],
    s.stock.rows.map((r) => [
      categoryName(t, r.category),
      n(r.posted),
      n(r.pending),
      n(r.available),
      kg(r.weightKg),
    ]),
    y,
    {
      widths: [4, 2, 2, 2, 2],
      numeric: [1, 2, 3, 4],
      foot: [
        t.total,
        n(totals.posted),
        n(totals.pending),
        n(totals.available),
        kg(totals.weightKg),
      ],
    },
  )

  const c = s.consignments
  y = heading(doc, t.consignmentsTitle, y)
  y =
    c.rows.length === 0
      ? note(doc, t.consignmentsNone(c.dueWithinHours), y)
      : table(
          doc,
          [t.consignment, t.route, t.eta, t.against, t.quantity],
          c.rows.map((r) => [
            r.id,
            `${r.origin} → ${r.destination}`,
            formatInZone(r.eta, s.zone),
            `${t.states[r.state]} ${t.minutes(r.state, r.minutes)}`,
            n(r.quantity),
          ]),
          y,
          { widths: [3, 4, 2.2, 2.4, 1.2], numeric: [4] },
        )
  if (c.withoutEta > 0) y = note(doc, t.withoutEta(c.withoutEta), y)

  y = heading(doc, t.contributionsTitle, y)
  if (s.contributions.length === 0) note(doc, t.contributionsNone, y)
  else
    table(
      doc,
      [t.partner, t.received, t.receivedKg, t.pledgesConfirmed, t.pledgesReceived, t.delivered],
      s.contributions.map((p) => [
        p.partner,
        n(p.receivedQuantity),
        kg(p.receivedWeightKg),
        n(p.pledgesConfirmed),
        n(p.pledgesReceived),
        n(p.consignmentsDelivered),
      ]),
      y,
      { widths: [4, 2, 2, 2, 2, 2], numeric: [1, 2, 3, 4, 5] },
    )

  // Page numbers, once the number of pages is known.
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor('#000')
      .text(
        `${t.title} — ${s.operation.name} — ${t.page} ${i + 1} / ${range.count}`,
        MARGIN,
        PAGE.height - MARGIN - 8,
        { width: WIDTH, align: 'right', lineBreak: false },
      )
  }
  doc.end()
  return done
}
