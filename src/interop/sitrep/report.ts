/**
 * @module interop/sitrep/report
 * What a situation report says, with every name already in its language: the operation, the key
 * figures, the map, unmet needs, the pipeline, consignments late or due soon, and partners'
 * contributions. app/sitrep.ts gathers it (from the dashboard's figures); html.ts and pdf.ts print it.
 */
import type { PipelineDay } from '../../domain/dashboard/figures.js'
import type { Priority } from '../../domain/requests/request.js'
import type { PeopleInShelters, RequestTally } from '../../domain/sitrep/figures.js'
import type { MapDrawing } from './map.js'

export const sitrepLanguages = ['en', 'ja'] as const
export type SitrepLanguage = (typeof sitrepLanguages)[number]

export interface SitrepStockRow {
  readonly category: string
  readonly posted: number
  readonly pending: number
  readonly available: number
  /** Of the posted quantity, as the dashboard weighs it. */
  readonly weightKg: number
}

export interface SitrepEtaRow {
  readonly id: string
  readonly state: 'late' | 'due-soon'
  readonly origin: string
  readonly destination: string
  readonly eta: string
  readonly minutes: number
  readonly quantity: number
}

export interface SitrepUnmetRow {
  readonly place: string
  readonly priority: Priority
  readonly openQuantity: number
  readonly openWeightKg: number
  readonly lines: number
}

export interface SitrepPartnerRow {
  readonly partner: string
  readonly receivedQuantity: number
  readonly receivedWeightKg: number
  readonly pledgesConfirmed: number
  readonly pledgesReceived: number
  readonly consignmentsDelivered: number
}

export interface Sitrep {
  readonly lang: SitrepLanguage
  /** The IANA zone every time is shown in. */
  readonly zone: string
  readonly generatedAt: string
  /** The organisation whose releasability the figures follow. */
  readonly reader: string
  readonly operation: {
    readonly id: string
    readonly name: string
    readonly startedOn: string
    readonly endedOn: string | null
    readonly hasArea: boolean
  }
  readonly requests: RequestTally
  readonly people: PeopleInShelters | null
  readonly stock: {
    readonly rows: SitrepStockRow[]
    readonly totals: Omit<SitrepStockRow, 'category'>
    readonly places: number
  }
  readonly consignments: {
    readonly inFlight: number
    readonly late: number
    readonly dueSoon: number
    readonly withoutEta: number
    readonly dueWithinHours: number
    readonly rows: SitrepEtaRow[]
  }
  readonly unmet: {
    readonly byPriority: Omit<SitrepUnmetRow, 'place'>[]
    readonly rows: SitrepUnmetRow[]
  }
  readonly pipeline: {
    readonly days: PipelineDay[]
    readonly totals: Omit<PipelineDay, 'day'>
  }
  readonly contributions: SitrepPartnerRow[]
  /** Null when nothing the reader may see has a place to draw. */
  readonly map: MapDrawing | null
}
