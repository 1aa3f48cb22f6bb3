/**
 * @module web/common/live
 * Live updates: one EventSource per tab on GET /api/events/stream, shared by every screen that
 * listens, and a hook with which a screen refetches when events of the kinds it shows arrive (a new
 * request, a receipt) — never their bodies, only kind, subject and time. Bursts are coalesced into
 * one refetch. When the stream cannot be had, every listening screen refetches every 30 s instead,
 * while the stream is tried again. The stream closes a few seconds after the last screen leaves.
 */
import { useEffect, useRef } from 'react'

export interface EventNotice {
  readonly seq: number
  readonly kind: string
  readonly subject: string
  readonly at: string
}

/** The kinds each screen follows: an exact kind, or a prefix ending in ".". */
export const liveKinds = {
  requests: ['request.'],
  consignments: ['consignment.'],
  stock: ['transfers.', 'consignment.', 'pledge.'],
  dashboard: ['request.', 'consignment.', 'transfers.', 'pledge.'],
} as const

interface Listener {
  readonly kinds: readonly string[]
  /** Narrows the notices further (e.g. one record's subject). */
  readonly wants?: ((notice: EventNotice) => boolean) | undefined
  readonly refetch: () => void
}

const STREAM = '/api/events/stream'
const POLL_MS = 30_000
const COALESCE_MS = 300
const LINGER_MS = 5_000

const listeners = new Set<Listener>()
const due = new Map<Listener, number>()
let source: EventSource | null = null
/** A stream was open before: a new one has lost its place, so screens refetch when it opens. */
let wasOpen = false
let poll: number | null = null
let linger: number | null = null

const matches = (kinds: readonly string[], kind: string) =>
  kinds.some((k) => (k.endsWith('.') ? kind.startsWith(k) : kind === k))

function refetchSoon(listener: Listener): void {
  if (due.has(listener)) return
  due.set(
    listener,
    window.setTimeout(() => {
      due.delete(listener)
      if (listeners.has(listener)) listener.refetch()
    }, COALESCE_MS),
  )
}

function notify(notices: readonly EventNotice[] | 'all'): void {
  for (const listener of listeners) {
    const hit =
      notices === 'all' ||
      notices.some(
        (notice) => matches(listener.kinds, notice.kind) && (listener.wants?.(notice) ?? true),
      )
    if (hit) refetchSoon(listener)
  }
}

function startPolling(): void {
  poll ??= window.setInterval(() => {
    notify('all')
    // Try the stream again: while it is down, each try is one failed request every 30 s.
    if (!source) connect()
  }, POLL_MS)
}

function stopPolling(): void {
  if (poll !== null) window.clearInterval(poll)
  poll = null
}

function connect(): void {
  if (source || typeof EventSource === 'undefined') {
    if (!source) startPolling()
    return
  }
  const stream = new EventSource(STREAM)
  source = stream
  stream.onopen = () => {
    stopPolling()
    if (wasOpen) notify('all')
    wasOpen = true
  }
  stream.onmessage = (event: MessageEvent<string>) => {
    try {
      notify((JSON.parse(event.data) as { notices: EventNotice[] }).notices)
    } catch {
      notify('all')
    }
  }
  // More happened than the server replays: everything shown may be stale.
  stream.addEventListener('reset', () => notify('all'))
  stream.onerror = () => {
    // CONNECTING: the browser retries by itself (and resumes where it was); poll meanwhile.
    startPolling()
    if (stream.readyState === EventSource.CLOSED) {
      stream.close()
      if (source === stream) source = null
    }
  }
}

function disconnect(): void {
  source?.close()
  source = null
  stopPolling()
}

function listen(listener: Listener): () => void {
  listeners.add(listener)
  if (linger !== null) window.clearTimeout(linger)
  linger = null
  connect()
  return () => {
    listeners.delete(listener)
    const timer = due.get(listener)
    if (timer !== undefined) window.clearTimeout(timer)
    due.delete(listener)
    // Moving between screens keeps the stream: it closes only when no screen listens for a while.
    if (listeners.size === 0)
      linger ??= window.setTimeout(() => {
        linger = null
        if (listeners.size === 0) disconnect()
      }, LINGER_MS)
  }
}

/**
 * Calls `refetch` (once per burst) when events of `kinds` arrive, and every 30 s when the stream is
 * down. `wants` narrows to some notices, e.g. `(n) => n.subject === id` on a record's own screen.
 */
export function useLiveUpdates(
  kinds: readonly string[],
  refetch: () => void,
  wants?: (notice: EventNotice) => boolean,
): void {
  const latest = useRef({ refetch, wants })
  latest.current = { refetch, wants }
  const key = kinds.join(' ')
  useEffect(() => {
    const listener: Listener = {
      kinds: key.split(' '),
      wants: (notice) => latest.current.wants?.(notice) ?? true,
      refetch: () => latest.current.refetch(),
    }
    return listen(listener)
  }, [key])
}
