/**
 * @module interop/waybill/qr
 * The waybill's QR code as a matrix of modules (npm `qrcode`, pure JS), drawn by each renderer as
 * vector squares: inline SVG in the HTML, filled rectangles in the PDF. Error correction level M
 * survives a crease or a smudge on paper and keeps a receive URL at version 5 or so (37 modules).
 */
import QRCode from 'qrcode'

/** Light modules around the symbol that a scanner needs to find it (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_MODULES = 4
/** The printed symbol's side, without the quiet zone: scannable from paper at arm's length. */
export const QR_SIDE_MM = 40

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number
  readonly dark: (row: number, col: number) => boolean
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  return { size: modules.size, dark: (row, col) => modules.get(row, col) !== 0 }
}

/**
 * The dark modules as horizontal runs [column, row, length]: what both renderers draw, one rectangle
 * per run rather than per module (a third of the squares, and no hairline seams between them).
 */
export function darkRuns(matrix: QrMatrix): [number, number, number][] {
  const runs: [number, number, number][] = []
  for (let row = 0; row < matrix.size; row++) {
    let start = -1
    for (let col = 0; col <= matrix.size; col++) {
      const dark = col < matrix.size && matrix.dark(row, col)
      if (dark && start < 0) start = col
      if (!dark && start >= 0) {
        runs.push([start, row, col - start])
        start = -1
      }
    }
  }
  return runs
}

/** An inline SVG of the symbol with its quiet zone, QR_SIDE_MM wide for the symbol itself; the page captions it. */
export function qrSvg(matrix: QrMatrix): string {
  const side = matrix.size + 2 * QR_QUIET_MODULES
  const sideMm = ((QR_SIDE_MM * side) / matrix.size).toFixed(2)
  const path = darkRuns(matrix)
    .map(([x, y, n]) => `M${x + QR_QUIET_MODULES} ${y + QR_QUIET_MODULES}h${n}v1h-${n}z`)
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${sideMm}mm" height="${sideMm}mm" shape-rendering="crispEdges" aria-hidden="true"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}
