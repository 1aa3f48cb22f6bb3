/**
 * @module web/dashboard/chart-text
 * Fitting a label into the fixed space an SVG chart gives it. SVG text does not wrap or clip by itself,
 * and a Japanese character is about twice as wide as a Latin one at the same size: counting characters
 * alone let a shelter's name run off the chart's left edge. Pure, so the unit project tests it in Node.
 */

/** East Asian wide and full-width characters (Hangul Jamo, CJK, kana, Hangul, full-width forms). */
const wide =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u

/** How many columns a character takes: 2 for a wide one, 1 otherwise. */
function columnsOf(character: string): number {
  return wide.test(character) ? 2 : 1
}

/**
 * The label as it fits in `columns` Latin-character widths: whole if it fits, else cut with an
 * ellipsis (which takes one column) so that the shown text never takes more than `columns`.
 */
export function fitLabel(text: string, columns: number): string {
  const characters = [...text]
  const total = characters.reduce((sum, character) => sum + columnsOf(character), 0)
  if (total <= columns) return text
  let used = 1 // the ellipsis
  let kept = ''
  for (const character of characters) {
    used += columnsOf(character)
    if (used > columns) break
    kept += character
  }
  return `${kept}…`
}
