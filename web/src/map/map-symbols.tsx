/**
 * @module web/map/map-symbols
 * The legend's symbols, drawn as small SVGs with the very colours and dashes the map uses, so the
 * legend and the map cannot disagree. Decorative: the text beside each says what it means.
 */
import { legLineStyle } from '../transport/transport-model.js'
import { areaStyle, consignmentColour, doneColour, placeStatusStroke } from './map-model.js'

const size = 22

function Svg({ children }: { children: React.ReactNode }) {
  return (
    <svg
      className="legend-symbol"
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export function DotSymbol({
  colour,
  radius = 5,
  stroke = '#ffffff',
}: {
  colour: string
  radius?: number
  stroke?: string
}) {
  return (
    <Svg>
      <circle
        cx={size / 2}
        cy={size / 2}
        r={radius}
        fill={colour}
        stroke={stroke}
        strokeWidth={stroke === '#ffffff' ? 1 : 2.5}
      />
    </Svg>
  )
}

export function RingSymbol({ colour, dash }: { colour: string; dash?: string | undefined }) {
  return (
    <Svg>
      <circle
        cx={size / 2}
        cy={size / 2}
        r={7.5}
        fill="none"
        stroke={colour}
        strokeWidth={3}
        strokeDasharray={dash}
      />
    </Svg>
  )
}

export function LineSymbol({
  colour,
  dash,
  weight = 4,
  arrow = false,
}: {
  colour: string
  dash?: string | undefined
  weight?: number | undefined
  arrow?: boolean
}) {
  return (
    <Svg>
      <line
        x1={2}
        y1={size / 2}
        x2={size - 2}
        y2={size / 2}
        stroke={colour}
        strokeWidth={weight}
        strokeDasharray={dash}
        strokeLinecap="round"
      />
      {arrow && (
        <polyline
          points={`9,${size / 2 - 5} 14,${size / 2} 9,${size / 2 + 5}`}
          fill="none"
          stroke={colour}
          strokeWidth={2.5}
        />
      )}
    </Svg>
  )
}

export const legSymbol = (status: 'closed' | 'damaged') => (
  <LineSymbol
    colour={legLineStyle[status].color ?? '#000000'}
    dash={legLineStyle[status].dashArray as string | undefined}
    weight={3}
  />
)

export const positionSymbol = (
  <Svg>
    <circle
      cx={size / 2}
      cy={size / 2}
      r={6}
      fill="#ffffff"
      stroke={consignmentColour.onTime}
      strokeWidth={3}
    />
  </Svg>
)

export const areaSymbol = (
  <Svg>
    <rect
      x={3}
      y={4}
      width={size - 6}
      height={size - 8}
      fill={areaStyle.color}
      fillOpacity={0.12}
      stroke={areaStyle.color}
      strokeWidth={2}
      strokeDasharray="4 3"
    />
  </Svg>
)

export const clusterSymbol = (
  <span className="legend-cluster" aria-hidden="true">
    12
  </span>
)

export const statusSymbols = {
  damaged: <DotSymbol colour="#c9ced4" stroke={placeStatusStroke.damaged} />,
  closed: <DotSymbol colour="#c9ced4" stroke={placeStatusStroke.closed} />,
  done: <RingSymbol colour={doneColour} />,
}
