/**
 * @module interop/sitrep/pdf-layout
 * The A4 page of the situation report's PDF and what is laid on it: headings that keep a few lines
 * of what follows on their page, notes, and tables that go on over pages under a repeated head.
 */
import type PDFDocument from 'pdfkit'

export const MM = 72 / 25.4
export const MARGIN = 12 * MM
export const PAGE = { width: 595.28, height: 841.89 }
export const WIDTH = PAGE.width - 2 * MARGIN
const BOTTOM = PAGE.height - MARGIN - 14
const PAD = 2.5

export type Doc = InstanceType<typeof PDFDocument>

/** Starts a new page when `height` does not fit below y; returns where to draw. */
export function room(doc: Doc, y: number, height: number): number {
  if (y + height <= BOTTOM) return y
  doc.addPage()
  return MARGIN
}

export function heading(doc: Doc, text: string, y: number, size = 13, keep = 60): number {
  // A heading keeps at least a few lines (`keep` points) of what follows on its page.
  const at = room(doc, y, size + keep)
  doc
    .font('bold')
    .fontSize(size)
    .fillColor('#000')
    .text(text, MARGIN, at + 4, { width: WIDTH })
  return doc.y + 3
}

export function note(doc: Doc, text: string, y: number): number {
  const at = room(doc, y, 12)
  doc.font('regular').fontSize(8.5).fillColor('#333').text(text, MARGIN, at, { width: WIDTH })
  doc.fillColor('#000')
  return doc.y + 2
}

export interface TableOptions {
  /** Relative widths of the columns. */
  readonly widths: number[]
  readonly numeric?: number[]
  readonly foot?: string[]
}

/** A table that goes on over pages, its head repeated; returns the y below it. */
export function table(
  doc: Doc,
  head: string[],
  rows: string[][],
  y: number,
  options: TableOptions,
) {
  const sum = options.widths.reduce((a, b) => a + b, 0)
  const widths = options.widths.map((w) => (w / sum) * WIDTH)
  const numeric = new Set(options.numeric ?? [])
  const measure = (cells: string[]) =>
    Math.max(
      ...cells.map((text, i) => doc.heightOfString(text, { width: (widths[i] ?? 0) - 2 * PAD })),
    ) +
    2 * PAD
  const draw = (cells: string[], at: number, fill?: string) => {
    const height = measure(cells)
    let x = MARGIN
    for (const [i, text] of cells.entries()) {
      const width = widths[i] ?? 0
      if (fill) doc.rect(x, at, width, height).fillAndStroke(fill, '#000')
      else doc.rect(x, at, width, height).stroke('#000')
      doc.fillColor('#000').text(text, x + PAD, at + PAD, {
        width: width - 2 * PAD,
        align: numeric.has(i) ? 'right' : 'left',
      })
      x += width
    }
    return at + height
  }
  const drawHead = (at: number) => {
    doc.font('bold').fontSize(8)
    const below = draw(head, at, '#eeeeee')
    doc.font('regular').fontSize(8.5)
    return below
  }
  doc.lineWidth(0.5)
  doc.font('bold').fontSize(8)
  let at = room(doc, y, measure(head) + 18)
  at = drawHead(at)
  for (const row of rows) {
    if (at + measure(row) > BOTTOM) {
      doc.addPage()
      at = drawHead(MARGIN)
    }
    at = draw(row, at)
  }
  if (options.foot) {
    doc.font('bold').fontSize(8.5)
    if (at + measure(options.foot) > BOTTOM) {
      doc.addPage()
      at = MARGIN
    }
    at = draw(options.foot, at, '#f5f5f5')
    doc.font('regular')
  }
  return at + 4
}
