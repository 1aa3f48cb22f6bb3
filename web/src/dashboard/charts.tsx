/**
 * @module web/dashboard/charts
 * Two small charts in plain SVG (no library, nothing fetched): horizontal stacked bars and lines over
 * days. Each is one image with an accessible name; its numbers are in the table beside it. The SVG
 * scales to its box (a fixed viewBox), so text stays in proportion on a tablet.
 */
import type { ReactNode } from 'react'
import { fitLabel } from './chart-text.js'
import { niceCeil } from './dashboard-model.js'

export interface Series {
  readonly key: string
  readonly label: string
  readonly colour: string
  /** An SVG dash pattern, so lines differ by more than colour. */
  readonly dash?: string
}

const WIDTH = 640
/**
 * How many Latin-letter widths a bar's label may take in the 180 units left of the bars: about 8 units
 * each at 13 px in mixed case, so 20 fit with room for capitals; a Japanese character counts as two.
 */
const LABEL_COLUMNS = 20

function Frame({
  label,
  height,
  children,
}: {
  label: string
  height: number
  children: ReactNode
}) {
  return (
    <svg
      className="chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="xMinYMin meet"
    >
      {children}
    </svg>
  )
}

export interface BarRow {
  readonly key: string
  readonly label: string
  /** Values by series key; missing means 0. */
  readonly values: Readonly<Record<string, number>>
}

/** One bar per row, its segments by series, with the row's total at its end. */
export function StackedBars({
  label,
  rows,
  series,
  format,
}: {
  label: string
  rows: readonly BarRow[]
  series: readonly Series[]
  format: (value: number) => string
}) {
  const left = 180
  const right = 90
  const rowHeight = 30
  const top = 6
  const height = top + rows.length * rowHeight + 26
  const totals = rows.map((row) =>
    series.reduce((sum, s) => sum + Math.max(0, row.values[s.key] ?? 0), 0),
  )
  const max = niceCeil(Math.max(0, ...totals))
  const scale = (value: number) => (value / max) * (WIDTH - left - right)
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max)
  const axisY = top + rows.length * rowHeight
  return (
    <Frame label={label} height={height}>
      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={left + scale(tick)} x2={left + scale(tick)} y1={top} y2={axisY} />
          <text x={left + scale(tick)} y={axisY + 16} textAnchor="middle">
            {format(tick)}
          </text>
        </g>
      ))}
      {rows.map((row, index) => {
        const y = top + index * rowHeight + 6
        let x = left
        return (
          <g key={row.key}>
            <text className="chart-label" x={left - 8} y={y + 13} textAnchor="end">
              <title>{row.label}</title>
              {fitLabel(row.label, LABEL_COLUMNS)}
            </text>
            {series.map((s) => {
              const value = Math.max(0, row.values[s.key] ?? 0)
              if (value === 0) return null
              const width = Math.max(1, scale(value))
              const rect = (
                <rect key={s.key} x={x} y={y} width={width} height={18} fill={s.colour}>
                  <title>{`${row.label} — ${s.label}: ${format(value)}`}</title>
                </rect>
              )
              x += width
              return rect
            })}
            <text className="chart-value" x={x + 6} y={y + 13}>
              {format(totals[index] ?? 0)}
            </text>
          </g>
        )
      })}
    </Frame>
  )
}

/** Lines of several series over the same points (days), with a marker at each point. */
export function Lines({
  label,
  points,
  series,
  values,
  format,
}: {
  label: string
  /** The x labels, one per point. */
  points: readonly string[]
  series: readonly Series[]
  /** values[series key][point index] */
  values: Readonly<Record<string, readonly number[]>>
  format: (value: number) => string
}) {
  const [left, right, top, bottom] = [64, 28, 10, 30]
  const height = 250
  const all = series.flatMap((s) => values[s.key] ?? [])
  const max = niceCeil(Math.max(0, ...all))
  const min = Math.min(0, ...all) < 0 ? -niceCeil(-Math.min(...all)) : 0
  const x = (i: number) =>
    points.length < 2
      ? (left + WIDTH - right) / 2
      : left + (i / (points.length - 1)) * (WIDTH - left - right)
  const y = (v: number) => top + ((max - v) / (max - min)) * (height - top - bottom)
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => min + f * (max - min))
  const every = Math.max(1, Math.ceil(points.length / 7))
  return (
    <Frame label={label} height={height}>
      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={left} x2={WIDTH - right} y1={y(tick)} y2={y(tick)} />
          <text x={left - 6} y={y(tick) + 4} textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      {points.map((point, i) =>
        (points.length - 1 - i) % every === 0 ? (
          <text key={point} className="chart-axis" x={x(i)} y={height - 10} textAnchor="middle">
            {point}
          </text>
        ) : null,
      )}
      {series.map((s) => {
        const line = values[s.key] ?? []
        return (
          <g key={s.key} stroke={s.colour} fill={s.colour}>
            <polyline
              className="chart-line"
              points={line.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
              strokeDasharray={s.dash || undefined}
            />
            {line.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one marker per day, in day order
              <circle key={i} cx={x(i)} cy={y(v)} r={3}>
                <title>{`${points[i]} — ${s.label}: ${format(v)}`}</title>
              </circle>
            ))}
          </g>
        )
      })}
    </Frame>
  )
}

/** What each colour (and dash) stands for. */
export function Legend({ series }: { series: readonly Series[] }) {
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.key}>
          <svg width="28" height="12" aria-hidden="true">
            <line
              x1="1"
              x2="27"
              y1="6"
              y2="6"
              stroke={s.colour}
              strokeWidth="6"
              strokeDasharray={s.dash || undefined}
            />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  )
}
