/**
 * @module interop/waybill/pdf
 * The waybill as an A4 PDF (pdfkit, pure JS). Every word is set in Noto Sans JP, passed in as bytes
 * and embedded as a subset of the glyphs used, so the file stays small and prints Japanese on any
 * machine. The QR code is drawn as vector squares. Rows that do not fit go to the next page under a
 * repeated table head; each page is numbered.
 */
import PDFDocument from 'pdfkit'
import type { Waybill, WaybillRow } from '../../domain/transport/waybill.js'
import { formatNumber, formatTime, type WaybillLabels, waybillLabels } from './labels.js'
import { darkRuns, QR_SIDE_MM, qrMatrix } from './qr.js'

export interface WaybillFonts {
  readonly regular: Uint8Array
  readonly bold: Uint8Array
}

const MM = 72 / 25.4
const MARGIN = 12 * MM
const PAGE = { width: 595.28, height: 841.89 }
const WIDTH = PAGE.width - 2 * MARGIN
const BOTTOM = PAGE.height - MARGIN - 14
const PAD = 3

type Doc = InstanceType<typeof PDFDocument>

interface Column {
  readonly label: (t: WaybillLabels) => string
  readonly width: number
  readonly align: 'left' | 'right'
  readonly cell: (r: WaybillRow) => string
}

const columns: Column[] = [
  { label: (t) => t.line, width: 24, align: 'right', cell: (r) => String(r.line) },
  { label: (t) => t.item, width: 144, align: 'left', cell: (r) => `${r.itemName}\n${r.itemCode}` },
  { label: (t) => t.lot, width: 48, align: 'left', cell: (r) => r.lot ?? '—' },
  { label: (t) => t.expiry, width: 54, align: 'left', cell: (r) => r.expiresOn ?? '—' },
  { label: (t) => t.owner, width: 78, align: 'left', cell: (r) => r.owner },
  { label: (t) => t.quantity, width: 46, align: 'right', cell: (r) => formatNumber(r.quantity, 0) },
  { label: (t) => t.unit, width: 37, align: 'left', cell: (r) => r.unit },
  { label: (t) => t.weight, width: 49, align: 'right', cell: (r) => formatNumber(r.weightKg) },
  { label: (t) => t.volume, width: 0, align: 'right', cell: (r) => formatNumber(r.volumeM3) },
]
// The last column takes what is left of the width.
const fixed = columns.slice(0, -1).reduce((sum, c) => sum + c.width, 0)
const widths = columns.map((c, i) => (i === columns.length - 1 ? WIDTH - fixed : c.width))

/** Draws one table row of cells at y; returns its height. Measures only when `draw` is false. */
function row(doc: Doc, cells: string[], y: number, draw: boolean, fill?: string): number {
  const height =
    Math.max(
      ...cells.map((text, i) => doc.heightOfString(text, { width: (widths[i] ?? 0) - 2 * PAD })),
    ) +
    2 * PAD
  if (!draw) return height
  let x = MARGIN
  for (const [i, text] of cells.entries()) {
    const width = widths[i] ?? 0
    if (fill) doc.rect(x, y, width, height).fillAndStroke(fill, '#000')
    else doc.rect(x, y, width, height).stroke('#000')
    doc.fillColor('#000').text(text, x + PAD, y + PAD, {
      width: width - 2 * PAD,
      align: columns[i]?.align ?? 'left',
    })
    x += width
  }
  return height
}

function header(doc: Doc, t: WaybillLabels, y: number): number {
  doc.font('bold').fontSize(8)
  const cells = columns.map((c) => c.label(t))
  const height = row(doc, cells, y, true, '#eeeeee')
  doc.font('regular').fontSize(8.5)
  return y + height
}

function drawQr(doc: Doc, text: string, x: number, y: number): void {
  const matrix = qrMatrix(text)
  const module = (QR_SIDE_MM * MM) / matrix.size
  // The quiet zone is the white page around the symbol: nothing else is drawn within it.
  for (const [col, r, n] of darkRuns(matrix))
    doc.rect(x + col * module, y + r * module, n * module, module)
  doc.fillColor('#000').fill()
}

function facts(doc: Doc, w: Waybill, t: WaybillLabels, width: number): number {
  const entries: [string, string][] = [
    [t.status, t.statuses[w.status]],
    [t.shipper, w.shipper],
    [t.origin, `${w.origin.name}  ${w.origin.code}`],
    [t.destination, `${w.destination.name}  ${w.destination.code}`],
    [
      t.asset,
      w.asset
        ? `${w.asset.name} — ${t.kinds[w.asset.kind]}${w.asset.type ? ` ${w.asset.type}` : ''} (${t.payload} ${formatNumber(w.asset.payloadKg, 0)} kg, ${formatNumber(w.asset.volumeM3, 1)} m³)`
        : '—',
    ],
    [
      t.route,
      w.route.length === 0
        ? t.direct
        : w.route
            .map(
              (leg) =>
                `${leg.from} → ${leg.to} (${t.modes[leg.mode]}, ${formatNumber(leg.distanceKm, 0)} km)`,
            )
            .join('\n'),
    ],
    [t.created, formatTime(w.createdAt)],
    [t.dispatched, formatTime(w.dispatchedAt)],
    [t.issued, formatTime(w.issuedAt)],
  ]
  if (w.note) entries.push([t.note, w.note])
  const keyWidth = 78
  let y = doc.y
  doc.fontSize(9)
  for (const [key, value] of entries) {
    doc.font('bold').text(key, MARGIN, y, { width: keyWidth })
    doc.font('regular').text(value, MARGIN + keyWidth, y, { width: width - keyWidth })
    y = doc.y + 2
  }
  return y
}

export function renderWaybillPdf(w: Waybill, fonts: WaybillFonts): Promise<Buffer> {
  const t = waybillLabels[w.lang]
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: w.lang,
    info: {
      Title: `${t.title} ${w.id}`,
      Subject: `${t.consignment} ${w.id}`,
      Author: w.shipper,
      Creator: 'Kizuna',
      CreationDate: new Date(w.issuedAt),
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

  // Head: title and id on the left, the QR code and its caption on the right.
  const qrBox = QR_SIDE_MM * MM
  const qrX = PAGE.width - MARGIN - qrBox
  const left = qrX - MARGIN - 10 * MM
  doc.font('bold').fontSize(20).text(t.title, MARGIN, MARGIN, { width: left })
  doc.font('regular').fontSize(10).text(`${t.consignment}: ${w.id}`, { width: left })
  doc.moveDown(0.4)
  const factsEnd = facts(doc, w, t, left)
  drawQr(doc, w.receiveUrl, qrX, MARGIN)
  doc
    .font('regular')
    .fontSize(7.5)
    .text(t.scan, qrX - 6 * MM, MARGIN + qrBox + 3 * MM, {
      width: qrBox + 12 * MM,
      align: 'center',
    })
    .fontSize(6)
    .text(w.receiveUrl, { width: qrBox + 12 * MM, align: 'center' })
  let y = Math.max(factsEnd, doc.y) + 4 * MM
  doc
    .moveTo(MARGIN, y - 2 * MM)
    .lineTo(PAGE.width - MARGIN, y - 2 * MM)
    .lineWidth(1.2)
    .stroke('#000')
    .lineWidth(0.6)

  // The lines, in a table whose head repeats on every page.
  y = header(doc, t, y)
  for (const r of w.rows) {
    const cells = columns.map((c) => c.cell(r))
    if (y + row(doc, cells, y, false) > BOTTOM) {
      doc.addPage()
      y = header(doc, t, MARGIN)
    }
    y += row(doc, cells, y, true)
  }
  doc.font('bold')
  const totals = [
    `${t.totals}: ${w.totals.lines} ${t.lines}`,
    formatNumber(w.totals.weightKg),
    formatNumber(w.totals.volumeM3),
  ]
  const totalsWidths = [widths.slice(0, -2).reduce((a, b) => a + b, 0), ...widths.slice(-2)]
  const totalsHeight = doc.heightOfString(totals[0] ?? '', { width: totalsWidths[0] }) + 2 * PAD
  if (y + totalsHeight > BOTTOM) {
    doc.addPage()
    y = MARGIN
  }
  let x = MARGIN
  for (const [i, text] of totals.entries()) {
    const width = totalsWidths[i] ?? 0
    doc.rect(x, y, width, totalsHeight).fillAndStroke('#f5f5f5', '#000')
    doc.fillColor('#000').text(text, x + PAD, y + PAD, {
      width: width - 2 * PAD,
      align: i === 0 ? 'left' : 'right',
    })
    x += width
  }
  y += totalsHeight + 2 * MM
  doc.font('regular').fontSize(7.5)
  if (w.totals.unmeasured.length > 0) {
    doc.text(`${t.unmeasured}: ${w.totals.unmeasured.join(', ')}`, MARGIN, y, { width: WIDTH })
    y = doc.y + 2 * MM
  }

  // Signatures of who released, carried and received the goods.
  const boxHeight = 28 * MM
  if (y + 6 * MM + boxHeight > BOTTOM) {
    doc.addPage()
    y = MARGIN
  }
  y += 4 * MM
  const boxWidth = (WIDTH - 2 * 4 * MM) / 3
  for (const [i, who] of [t.releasedBy, t.carriedBy, t.receivedBy].entries()) {
    const bx = MARGIN + i * (boxWidth + 4 * MM)
    doc.rect(bx, y, boxWidth, boxHeight).stroke('#000')
    doc
      .font('bold')
      .fontSize(8.5)
      .text(who, bx + PAD, y + PAD, { width: boxWidth - 2 * PAD })
    doc
      .font('regular')
      .fontSize(7.5)
      .text(t.nameDateSignature, { width: boxWidth - 2 * PAD })
  }

  // Page numbers, once the number of pages is known.
  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0
    doc
      .font('regular')
      .fontSize(7.5)
      .text(
        `${t.title} ${w.id} — ${t.page} ${i + 1} / ${range.count}`,
        MARGIN,
        PAGE.height - MARGIN - 8,
        {
          width: WIDTH,
          align: 'right',
          lineBreak: false,
        },
      )
  }
  doc.end()
  return done
}
