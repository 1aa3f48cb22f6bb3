/**
 * @module domain/dashboard/figures
 * The arithmetic of the dashboard's figures, over records already filtered to what the viewer may
 * see: the request pipeline per calendar day, unmet needs by priority and place, consignments against
 * their ETA, and partners' contributions. Pure: the time and the zone are passed in.
 */
import { type ItemLine, type Priority, priorities, type RequestLine } from '../requests/request.js'

/** A place or organisation as a figure names it; code and names are null when not released. */
export interface NamedRef {
  readonly id: string
  readonly code: string | null
  readonly nameEn: string | null
  readonly nameJa: string | null
}

// ——— The pipeline ———

/**
 * The events the pipeline counts, each at its own time: `request.submitted` (the request's item
 * quantities enter "requested"), `request.validated` (they enter "validated"), and
 * `request.progressed` (written by consignments: the planned, dispatched and delivered changes of
 * each line, negative when a consignment is cancelled). Drafts, rejections and capability lines
 * are not counted.
 */
export const pipelineEventKinds = [
  'request.submitted',
  'request.validated',
  'request.progressed',
] as const
export type PipelineEventKind = (typeof pipelineEventKinds)[number]

export interface PipelineEvent {
  readonly at: string
  readonly kind: PipelineEventKind
  /** The request's lines (submitted, validated); null for progress. */
  readonly lines: readonly RequestLine[] | null
  /** The line changes of a progress event. */
  readonly progress: readonly { planned?: number; dispatched?: number; delivered?: number }[]
}

export interface PipelineDay {
  readonly day: string
  readonly requested: number
  readonly validated: number
  readonly planned: number
  readonly dispatched: number
  readonly delivered: number
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDay(iso: string, zone: string): string {
  const parts = dayFormat(zone).formatToParts(new Date(iso))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

/**
 * One formatter per zone: making one costs far more than using it (~0.6 ms against µs), and the
 * pipeline asks for the day of every event (bench/RESULTS.md, issue 8).
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>()
function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    // Zones are a few hundred at most; an unknown one throws above and is never kept.
    dayFormats.set(zone, format)
  }
  return format
}

/** `count` consecutive days ending with `last`, oldest first. */
export function daysUpTo(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`)
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  )
}

const itemQuantity = (lines: readonly RequestLine[]) =>
  lines
    .filter((line): line is ItemLine => line.kind === 'item')
    .reduce((sum, line) => sum + line.quantity, 0)

/** Per day of the window (every day, zero when nothing happened), the quantities at each stage. */
export function pipelineByDay(
  events: readonly PipelineEvent[],
  zone: string,
  today: string,
  dayCount: number,
): PipelineDay[] {
  const days = new Map(
    daysUpTo(today, dayCount).map((day) => [
      day,
      { day, requested: 0, validated: 0, planned: 0, dispatched: 0, delivered: 0 },
    ]),
  )
  for (const event of events) {
    const day = days.get(calendarDay(event.at, zone))
    if (!day) continue
    if (event.kind === 'request.submitted') day.requested += itemQuantity(event.lines ?? [])
    else if (event.kind === 'request.validated') day.validated += itemQuantity(event.lines ?? [])
    else
      for (const change of event.progress) {
        day.planned += change.planned ?? 0
        day.dispatched += change.dispatched ?? 0
        day.delivered += change.delivered ?? 0
      }
  }
  return [...days.values()]
}

// ——— Unmet needs ———

export interface OpenRequest {
  readonly place: NamedRef
  readonly lines: readonly RequestLine[]
}

export interface UnmetSums {
  readonly openQuantity: number
  /** Grams, of items whose unit weight is known. */
  readonly openWeightG: number
  readonly lines: number
}

export interface UnmetNeeds {
  readonly byPriority: (UnmetSums & { readonly priority: Priority })[]
  readonly rows: (UnmetSums & { readonly place: NamedRef; readonly priority: Priority })[]
}

/** What is asked for and not yet delivered, by priority (all three, always) and by place. */
export function unmetNeeds(
  requests: readonly OpenRequest[],
  unitWeightG: ReadonlyMap<string, number | null>,
): UnmetNeeds {
  const total = new Map(
    priorities.map((priority) => [
      priority,
      { priority, openQuantity: 0, openWeightG: 0, lines: 0 },
    ]),
  )
  const byPlace = new Map<
    string,
    {
      place: NamedRef
      priority: Priority
      openQuantity: number
      openWeightG: number
      lines: number
    }
  >()
  for (const request of requests)
    for (const line of request.lines) {
      if (line.kind !== 'item') continue
      const open = line.quantity - line.quantityDelivered
      if (open <= 0) continue
      const weight = open * (unitWeightG.get(line.item) ?? 0)
      const key = `${request.place.id}|${line.priority}`
      const row = byPlace.get(key) ?? {
        place: request.place,
        priority: line.priority,
        openQuantity: 0,
        openWeightG: 0,
        lines: 0,
      }
      byPlace.set(key, row)
      for (const sums of [row, total.get(line.priority)]) {
        if (!sums) continue
        sums.openQuantity += open
        sums.openWeightG += weight
        sums.lines += 1
      }
    }
  const placeOrder = (ref: NamedRef) => ref.code ?? `~${ref.id}`
  const rows = [...byPlace.values()].sort(
    (a, b) =>
      placeOrder(a.place).localeCompare(placeOrder(b.place)) ||
      priorities.indexOf(a.priority) - priorities.indexOf(b.priority),
  )
  return { byPriority: [...total.values()], rows }
}

// ——— Consignments against their ETA ———

export interface InFlight {
  readonly id: string
  readonly origin: NamedRef
  readonly destination: NamedRef
  readonly dispatchedAt: string | null
  readonly eta: string | null
  readonly lines: readonly { readonly quantity: number }[]
}

export interface EtaRow extends Omit<InFlight, 'lines' | 'eta'> {
  readonly state: 'late' | 'due-soon'
  readonly eta: string
  /** Late: whole minutes past the ETA; due soon: whole minutes until it. */
  readonly minutes: number
  readonly quantity: number
}

/**
 * Dispatched consignments late against their ETA (it has passed) or due within the window, the
 * latest first and then the soonest; those without an ETA are only counted.
 */
export function againstEta(
  consignments: readonly InFlight[],
  now: Date,
  dueWithinHours: number,
): { rows: EtaRow[]; withoutEta: number } {
  const at = now.getTime()
  const rows: EtaRow[] = []
  let withoutEta = 0
  for (const { lines, eta, ...rest } of consignments) {
    const due = eta === null ? Number.NaN : Date.parse(eta)
    if (Number.isNaN(due) || eta === null) {
      withoutEta += 1
      continue
    }
    if (due - at >= dueWithinHours * 3_600_000) continue
    const late = due < at
    rows.push({
      ...rest,
      eta: new Date(due).toISOString(),
      state: late ? 'late' : 'due-soon',
      minutes: Math.floor(Math.abs(at - due) / 60_000),
      quantity: lines.reduce((sum, line) => sum + line.quantity, 0),
    })
  }
  rows.sort((a, b) => Date.parse(a.eta) - Date.parse(b.eta) || a.id.localeCompare(b.id))
  return { rows, withoutEta }
}

// ——— Partners' contributions ———

export interface ReceivedStock {
  readonly owner: string
  readonly category: string
  readonly quantity: number
  readonly weightG: number
}

export interface Contribution {
  organisation: string
  received: { category: string; quantity: number; weightG: number }[]
  receivedQuantity: number
  receivedWeightG: number
  pledgesConfirmed: number
  pledgesReceived: number
  consignmentsDelivered: number
}

/**
 * Per organisation: stock received into its ownership from outside (supply → stock) by category,
 * its pledges now confirmed and received, and the delivered consignments that carried its stock.
 */
export function contributions(
  received: readonly ReceivedStock[],
  pledges: readonly { readonly org: string; readonly status: string }[],
  delivered: readonly { readonly owners: readonly string[] }[],
): Contribution[] {
  const byOrg = new Map<string, Contribution>()
  const of = (organisation: string): Contribution => {
    const found = byOrg.get(organisation)
    if (found) return found
    const fresh: Contribution = {
      organisation,
      received: [],
      receivedQuantity: 0,
      receivedWeightG: 0,
      pledgesConfirmed: 0,
      pledgesReceived: 0,
      consignmentsDelivered: 0,
    }
    byOrg.set(organisation, fresh)
    return fresh
  }
  for (const row of received) {
    const partner = of(row.owner)
    partner.received.push({ category: row.category, quantity: row.quantity, weightG: row.weightG })
    partner.receivedQuantity += row.quantity
    partner.receivedWeightG += row.weightG
  }
  for (const pledge of pledges) {
    if (pledge.status === 'confirmed') of(pledge.org).pledgesConfirmed += 1
    if (pledge.status === 'received') of(pledge.org).pledgesReceived += 1
  }
  for (const consignment of delivered)
    for (const owner of new Set(consignment.owners)) of(owner).consignmentsDelivered += 1
  for (const row of byOrg.values())
    row.received.sort((a, b) => a.category.localeCompare(b.category))
  return [...byOrg.values()]
}
