/**
 * @module cli/commands/consignment-tracking
 * `kizuna consignment track`: a position or a delay of a consignment on its way; the ETA and the
 * timeline that `show` and `track` print; and the proof flags of `receive` (where, and the signature
 * from a PNG file). Registered by consignment.ts, which lends its node and id helpers.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { type NewTrackingEvent, trackConsignment } from '../../app/consignment-tracking.js'
import type { AppContext } from '../../app/context.js'
import {
  PROOF_IMAGE_CHARS_MAX,
  trackingEventCreateSchema,
  trackingReportKinds,
} from '../../contract/consignments.js'
import type { Actor } from '../../domain/records/record.js'
import type { Consignment } from '../../domain/transport/consignment.js'
import { UsageError } from '../usage-error.js'

interface NodeFlags {
  db?: string
  key?: string
}

interface TrackFlags extends NodeFlags {
  kind?: string
  at?: string
  lat?: string
  lon?: string
  eta?: string
  note?: string
}

export interface ConsignmentCliHelpers {
  common(command: Command): Command
  withContext(
    flags: NodeFlags,
    work: (ctx: AppContext, actor: Actor) => Promise<void>,
  ): Promise<void>
  /** The id, checked; a usage error names what is wrong. */
  consignmentRef(ref: string): string
}

const EXAMPLE_ID = '0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e'
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The ETA and the timeline, one event a line, tab-separated like the rest of `show`. */
export function describeTracking(c: Consignment): string {
  const out = [`eta: ${c.eta ?? 'unknown'}`]
  if (c.tracking.length === 0) out.push('tracking: no events yet')
  else {
    out.push('at\tevent\tlat\tlon\teta\tnote\tby')
    for (const e of c.tracking)
      out.push(
        `${e.at}\t${e.kind}\t${e.lat ?? ''}\t${e.lon ?? ''}\t${e.eta ?? ''}\t${(e.note ?? '').replace(/\s+/g, ' ')}\t${e.actor}`,
      )
  }
  return `${out.join('\n')}\n`
}

/** `--lat` and `--lon` as numbers in range, both or neither. */
export function coordinates(flags: { lat?: string; lon?: string }): {
  lat: number | null
  lon: number | null
} {
  if ((flags.lat === undefined) !== (flags.lon === undefined))
    throw new UsageError('--lat and --lon go together: give both, or neither')
  if (flags.lat === undefined || flags.lon === undefined) return { lat: null, lon: null }
  const lat = Number(flags.lat)
  const lon = Number(flags.lon)
  if (flags.lat.trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    throw new UsageError(`--lat must be a latitude from -90 to 90, not "${flags.lat}"`)
  if (flags.lon.trim() === '' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    throw new UsageError(`--lon must be a longitude from -180 to 180, not "${flags.lon}"`)
  return { lat, lon }
}

/** A PNG file as a data URL, for `receive --signature`; a missing file is the caller's to report. */
export function signatureDataUrl(file: string): string {
  const bytes = readFileSync(file)
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE))
    throw new UsageError(`--signature: ${file} is not a PNG image`)
  const url = `data:image/png;base64,${bytes.toString('base64')}`
  if (url.length > PROOF_IMAGE_CHARS_MAX)
    throw new UsageError(
      `--signature: ${file} is ${bytes.length} bytes; a signature may be at most about ${Math.floor((PROOF_IMAGE_CHARS_MAX * 3) / 4 / 1000)} kB`,
    )
  return url
}

const flagOf: Record<string, string> = {
  kind: '--kind',
  at: '--at',
  lat: '--lat',
  lon: '--lon',
  eta: '--eta',
  note: '--note',
}

/** The event the flags describe, checked against the API's own schema before the database is opened. */
function trackingInput(flags: TrackFlags): NewTrackingEvent {
  if (!flags.kind) throw new UsageError(`--kind is required: ${trackingReportKinds.join(' or ')}`)
  const parsed = trackingEventCreateSchema.safeParse({
    kind: flags.kind,
    ...(flags.at === undefined ? {} : { at: flags.at }),
    ...coordinates(flags),
    eta: flags.eta ?? null,
    note: flags.note ?? null,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = String(issue?.path[0] ?? 'kind')
    const given = flags[key as keyof TrackFlags]
    throw new UsageError(
      key === 'kind'
        ? `--kind: "${flags.kind}" is not a kind you report; expected ${trackingReportKinds.join(' or ')} (dispatch and arrive record departure and arrival)`
        : key === 'at' || key === 'eta'
          ? `${flagOf[key]}: "${given}" is not an ISO 8601 time with a zone, e.g. 2026-01-02T15:30:00+09:00`
          : `${flagOf[key] ?? key}: ${issue?.message ?? 'not accepted'}`,
    )
  }
  return parsed.data
}

export function trackCommand(consignment: Command, helpers: ConsignmentCliHelpers): void {
  helpers
    .common(
      consignment
        .command('track')
        .description(
          'Report where a dispatched consignment is, or that it is delayed: a tracking event, and the ETA it gives.',
        )
        .argument('<id>', 'the consignment id'),
    )
    .option('--kind <kind>', `${trackingReportKinds.join(' or ')}`)
    .option('--at <time>', 'when it was there, ISO 8601 with a zone (default: now)')
    .option('--lat <degrees>', 'latitude, with --lon')
    .option('--lon <degrees>', 'longitude, with --lat')
    .option('--eta <time>', 'the new estimated time of arrival, ISO 8601 (required for delayed)')
    .option('--note <text>', 'what happened, where (at most 500 characters)')
    .addHelpText(
      'after',
      `\nA position may give a new --eta; a delay must. Departure and arrival are recorded by\nkizuna consignment dispatch and arrive. kizuna consignment show prints the timeline.\n\nExamples:\n  kizuna consignment track ${EXAMPLE_ID} --kind position --lat 37.05 --lon 136.93\n  kizuna consignment track ${EXAMPLE_ID} --kind delayed --eta 2026-01-02T18:00:00+09:00 --note "Route 249 closed at Monzen; detour"`,
    )
    .action(async (ref: string, flags: TrackFlags) => {
      const id = helpers.consignmentRef(ref)
      const input = trackingInput(flags)
      await helpers.withContext(flags, async (ctx, actor) => {
        if (!(await ctx.store.getConsignment(id, null)))
          throw new UsageError(`no consignment "${ref}"; kizuna consignment list shows them`)
        const done = await trackConsignment(ctx, actor, id, input)
        process.stdout.write(`Recorded: ${input.kind}.\n${describeTracking(done)}`)
      })
    })
}
