/**
 * Fitting a chart's label: Latin text by characters, Japanese by twice as much, never past the space.
 */
import { describe, expect, it } from 'vitest'
import { fitLabel } from '../../../web/src/dashboard/chart-text.js'

describe('fitLabel', () => {
  it('keeps a label that fits, Latin or Japanese', () => {
    expect(fitLabel('Komatsu Airport Relief Hub', 26)).toBe('Komatsu Airport Relief Hub')
    expect(fitLabel('小松空港 救援物資拠点', 24)).toBe('小松空港 救援物資拠点') // 9 wide + 1 space = 19
    expect(fitLabel('', 24)).toBe('')
  })

  it('cuts a long Latin label to the columns, the ellipsis included', () => {
    const fitted = fitLabel('Kanazawa Port Logistics Hub (north quay)', 24)
    expect(fitted).toBe('Kanazawa Port Logistics…')
    expect([...fitted]).toHaveLength(24)
  })

  it('counts a Japanese character as two columns', () => {
    // 14 wide characters = 28 columns: 11 of them (22) and the ellipsis (1) fit in 24.
    expect(fitLabel('輪島市立輪島中学校（武道館）', 24)).toBe('輪島市立輪島中学校（武…')
    expect(fitLabel('輪島市立輪島中学校（武道館）', 28)).toBe('輪島市立輪島中学校（武道館）')
  })

  it('mixes both', () => {
    // "HUB:" 4 + 5 wide (10) = 14 columns.
    expect(fitLabel('HUB:小松空港拠', 14)).toBe('HUB:小松空港拠')
    expect(fitLabel('HUB:小松空港拠', 13)).toBe('HUB:小松空港…')
  })
})
