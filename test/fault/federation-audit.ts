/**
 * The auditor of the federation fault suite: what each node's replicas of another's log should be,
 * worked out from the home's own database file — its event log, the owners and shares the events
 * carry, the organisation it registered the asker under — by the rules as DESIGN.md states them, not
 * by sync/serve.ts; and the files read beside the running processes (WAL lets readers in).
 */
import Database from 'better-sqlite3'
import type { FedNode } from './federation-nodes.js'
import { kizuna, log } from './harness.js'

interface LogEvent {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly kind: string
  readonly subject: string
  readonly body: string
  readonly share: string
  readonly prev_hash: string
  readonly hash: string
}

const eventColumns = 'seq, at, actor, kind, subject, body, share, prev_hash, hash'

/** An event whole, as one string: a replica must equal its home's event in every field. */
const keyOf = (e: LogEvent) =>
  JSON.stringify([e.seq, e.at, e.actor, e.kind, e.subject, e.body, e.share, e.prev_hash, e.hash])

function read<T>(node: FedNode, work: (db: Database.Database) => T): T {
  const db = new Database(node.db, { readonly: true, fileMustExist: true })
  try {
    return work(db)
  } finally {
    db.close()
  }
}

export function head(node: FedNode): number {
  return read(node, (db) => (db.prepare('select seq from chain_head').get() as { seq: number }).seq)
}

export interface CheckpointRow {
  readonly seq: number
  readonly head_seq: number
  readonly last_error: string | null
  readonly failures: number
}

export function checkpoint(node: FedNode, home: FedNode): CheckpointRow {
  return read(
    node,
    (db) =>
      db
        .prepare('select seq, head_seq, last_error, failures from sync_checkpoints where peer = ?')
        .get(home.id) as CheckpointRow,
  )
}

/** The replica events of `home` held by `node`, in seq order, each whole as `key`. */
export function replicas(
  node: FedNode,
  home: FedNode,
): { seq: number; key: string; subject: string }[] {
  return read(node, (db) =>
    (
      db
        .prepare(`select ${eventColumns} from replica_events where home = ? order by seq`)
        .all(home.id) as LogEvent[]
    ).map((r) => ({ seq: r.seq, key: keyOf(r), subject: r.subject })),
  )
}

function topLevel(body: string): { org: unknown; home: unknown } {
  const value = JSON.parse(body) as { org?: unknown; home?: unknown } | null
  return { org: value?.org, home: value?.home }
}

/**
 * The auditor: the events of `home`'s log (each whole) that `asker` should hold — not the node's own
 * users, tokens, peers or key; not reference data (home `public`); `all` to every partner; a list to
 * the organisations listed; and always to the record's own organisation (named by the event, or by an
 * earlier event of the same record), as `home` registered the asker's organisation.
 */
export function expectedReplicas(home: FedNode, asker: FedNode): string[] {
  return read(home, (db) => {
    const askerOrg = (
      db.prepare('select organisation from peers where id = ?').get(asker.id) as {
        organisation: string
      }
    ).organisation
    const log = db.prepare(`select ${eventColumns} from events order by seq`).all() as LogEvent[]
    const owners = new Map<string, { org: unknown; home: unknown }>()
    for (const event of log) {
      const named = topLevel(event.body)
      if (typeof named.org === 'string' || typeof named.home === 'string')
        owners.set(event.subject, named)
    }
    return log
      .filter((event) => {
        if (/^(user|token|peer)\.|^node\.key_/.test(event.kind)) return false
        const named = topLevel(event.body)
        const record = owners.get(event.subject)
        const owner = {
          org: typeof named.org === 'string' ? named.org : record?.org,
          home: typeof named.home === 'string' ? named.home : record?.home,
        }
        if (owner.home === 'public' || owner.org === 'public') return false
        if (event.share === 'all' || owner.org === askerOrg) return true
        return event.share !== 'own' && (JSON.parse(event.share) as string[]).includes(askerOrg)
      })
      .map(keyOf)
  })
}

/** Waits until every node has pulled every other's log to its head, then checks every replica. */
export async function converge(nodes: readonly FedNode[], what: string, timeoutMs = 90_000) {
  const started = Date.now()
  let behind: string[] = []
  for (;;) {
    const heads = new Map(nodes.map((n) => [n.name, head(n)]))
    behind = []
    for (const node of nodes)
      for (const home of nodes)
        if (home !== node) {
          const at = checkpoint(node, home).seq
          if (at !== heads.get(home.name))
            behind.push(`${node.name}←${home.name} ${at}/${heads.get(home.name)}`)
        }
    if (behind.length === 0) break
    if (Date.now() - started > timeoutMs)
      throw new Error(`${what}: not converged after ${timeoutMs} ms: ${behind.join(', ')}`)
    await new Promise((done) => setTimeout(done, 250))
  }
  const mismatches: string[] = []
  for (const node of nodes)
    for (const home of nodes)
      if (home !== node) {
        const held = replicas(node, home).map((r) => r.key)
        const expected = expectedReplicas(home, node)
        if (held.join('\n') === expected.join('\n')) continue
        const [heldSet, expectedSet] = [new Set(held), new Set(expected)]
        const some = (keys: string[], other: Set<string>) =>
          keys
            .filter((k) => !other.has(k))
            .slice(0, 3)
            .map((k) => k.slice(0, 160))
            .join(' | ')
        mismatches.push(
          `${node.name} holds ${held.length} of ${home.name}'s events, expected ${expected.length}; ` +
            `extra: ${some(held, expectedSet)}; missing: ${some(expected, heldSet)}`,
        )
      }
  log(`${what}: converged in ${Date.now() - started} ms`)
  return mismatches
}

/** `kizuna verify` on every node's file: exit codes by node. */
export async function verifyAll(nodes: readonly FedNode[]): Promise<Record<string, string>> {
  const runs = await Promise.all(
    nodes.map((n) => kizuna(['verify', '--db', n.db, '--key', n.keyFile])),
  )
  return Object.fromEntries(
    nodes.map((n, i) => {
      const run = runs[i] as Awaited<ReturnType<typeof kizuna>>
      return [n.name, run.code === 0 ? 'ok' : `exit ${run.code}: ${run.stdout}${run.stderr}`]
    }),
  )
}
