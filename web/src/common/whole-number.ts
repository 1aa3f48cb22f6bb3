/**
 * @module web/common/whole-number
 * Whole quantities as people type them: full-width digits (from a Japanese input method) as ASCII, and
 * thousands separators and spaces dropped, so "１，２００" and "1,200" both mean 1200.
 */
export function normaliseWhole(text: string): string {
  return text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '')
}
