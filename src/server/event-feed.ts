/**
 * @module server/event-feed
 * One loop per server process that tells live screens what was just written: while anyone listens,
 * it reads the event log after the last seq it read, about once a second (a read like any other: it
 * takes no lock and never waits on the ledger's writers), and hands each listener the notices its
 * organisation may have. A listener that resumes (Last-Event-ID) is first given what it missed, or,
 * when that is more than a screen would replay, told to reload. Listeners are told nothing when
 * nothing of theirs happened; a heartbeat keeps their connection open through proxies.
 */
import type { AppContext } from '../app/context.js'
import {
  type EventNotice,
  type HeldNotice,
  isNoticeFor,
  lastEventSeq,
  readNotices,
  toNotice,
} from '../app/event-notices.js'
import type { Viewer } from '../app/ports.js'

export interface FeedListener {
  /** Notices in seq order; `seq` is the last seq they cover, the listener's resume point. */
  notices(notices: EventNotice[], seq: number): void
  /** More was missed than is replayed: reload what is shown. Resume from `seq`. */
  reset(seq: number): void
  heartbeat(): void
  /** The feed is closing (the server shuts down). */
  end(): void
}

export interface EventFeedOptions {
  readonly intervalMs?: number
  readonly heartbeatMs?: number
  /** Events read per query. */
  readonly pageSize?: number
  /** The most events a resuming listener is given back; beyond it, a reset. */
  readonly replayMax?: number
}

interface Subscriber {
  readonly viewer: Viewer
  readonly listener: FeedListener
  /** The last seq this listener has been given (or asked to resume after). */
  from: number
}

export class EventFeed {
  private readonly subscribers = new Set<Subscriber>()
  private cursor: Promise<number> | null = null
  private timer: NodeJS.Timeout | null = null
  private heartbeatTimer: NodeJS.Timeout | null = null
  private ticking: Promise<void> | null = null
  private closed = false
  private readonly intervalMs: number
  private readonly heartbeatMs: number
  private readonly pageSize: number
  private readonly replayMax: number

  constructor(
    private readonly ctx: AppContext,
    options: EventFeedOptions = {},
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000
    this.heartbeatMs = options.heartbeatMs ?? 20_000
    this.pageSize = options.pageSize ?? 1000
    this.replayMax = options.replayMax ?? 2000
  }

  get listeners(): number {
    return this.subscribers.size
  }

  /**
   * Adds a listener from `after` (the seq it last received) or, without one, from now. Resolves once
   * its starting point is fixed: anything written after that reaches it. Returns how to remove it.
   */
  async subscribe(
    viewer: Viewer,
    listener: FeedListener,
    after: number | null,
  ): Promise<() => void> {
    if (this.closed) throw new Error('the event feed is closed')
    // Nobody listened: where the loop stopped may be long ago; start from the log's end now.
    if (this.subscribers.size === 0 && !this.ticking) this.cursor = null
    const start = await this.start()
    const head = after === null ? start : Math.min(after, start)
    const subscriber: Subscriber = { viewer, listener, from: head }
    // A resume point beyond the log (a node restored from an older copy) replays nothing.
    if (after !== null && after > start) {
      subscriber.from = start
      listener.reset(start)
    }
    this.subscribers.add(subscriber)
    this.schedule()
    return () => {
      this.subscribers.delete(subscriber)
      if (this.subscribers.size === 0) this.stop()
    }
  }

  /** Ends every listener and stops; for the server's shutdown. */
  async close(): Promise<void> {
    this.closed = true
    this.stop()
    await this.ticking
    for (const { listener } of this.subscribers) listener.end()
    this.subscribers.clear()
  }

  private start(): Promise<number> {
    if (!this.cursor) {
      this.cursor = lastEventSeq(this.ctx)
      this.cursor.catch(() => {
        this.cursor = null
      })
    }
    return this.cursor
  }

  private schedule(delay = this.intervalMs): void {
    if (this.closed || this.timer || this.ticking || this.subscribers.size === 0) return
    this.timer = setTimeout(() => {
      this.timer = null
      let more = false
      this.ticking = this.tick()
        .then((full) => {
          more = full
        })
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.ticking = null
          // A full page means more is waiting: read on at once.
          this.schedule(more ? 0 : this.intervalMs)
        })
    }, delay)
    this.heartbeatTimer ??= setInterval(() => {
      for (const { listener } of this.subscribers) listener.heartbeat()
    }, this.heartbeatMs)
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    this.timer = null
    this.heartbeatTimer = null
  }

  /** Reads on from the cursor and hands out what each listener may have; true when a page was full. */
  private async tick(): Promise<boolean> {
    const start = await this.start()
    const { notices, last } = await readNotices(this.ctx, start, this.pageSize)
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.from < start) await this.replay(subscriber, start)
      const theirs = notices.filter(
        (notice) => notice.seq > subscriber.from && isNoticeFor(notice, subscriber.viewer),
      )
      if (theirs.length > 0) subscriber.listener.notices(theirs.map(toNotice), last)
      subscriber.from = Math.max(subscriber.from, last)
    }
    this.cursor = Promise.resolve(last)
    return notices.length === this.pageSize
  }

  /** Gives a resuming listener what it missed up to `upTo`, or a reset when that is too much. */
  private async replay(subscriber: Subscriber, upTo: number): Promise<void> {
    if (upTo - subscriber.from > this.replayMax) {
      subscriber.listener.reset(upTo)
      subscriber.from = upTo
      return
    }
    const held: HeldNotice[] = []
    let from = subscriber.from
    while (from < upTo) {
      const { notices, last } = await readNotices(
        this.ctx,
        from,
        Math.min(this.pageSize, upTo - from),
      )
      held.push(...notices.filter((notice) => isNoticeFor(notice, subscriber.viewer)))
      if (last === from) break
      from = last
    }
    if (held.length > 0) subscriber.listener.notices(held.map(toNotice), upTo)
    subscriber.from = upTo
  }
}
