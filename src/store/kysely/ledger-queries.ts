/**
 * @module store/kysely/ledger-queries
 * The ledger's tables: accounts with balances kept in the same transaction as the transfers that change
 * them, and reads (balances with their item and place, totals, a stock card, balances as of a time, and
 * a recomputation of every balance from the transfers for `kizuna verify`).
 */
import { CompiledQuery, type Kysely, type RawBuilder, type Selectable, sql } from 'kysely'
import type {
  BalanceFilter,
  BalanceRow,
  CardBreak,
  LedgerReads,
  LedgerWrites,
  StoredAccount,
  StoredTransfer,
  Viewer,
} from '../../app/ports.js'
import type { AccountKind } from '../../domain/ledger/account.js'
import type { Pending, PendingState, TransferMode } from '../../domain/ledger/transfer.js'
import { foldForSearch } from '../../domain/places/place.js'
import { decodeShare, encodeShare } from '../../domain/records/share.js'
import {
  type Column,
  compiledWithIdLists,
  dialectOf,
  idIn,
  insertRows,
  rowByRowMark,
  rowsOf,
} from './bulk.js'
import { boundPattern } from './like.js'
import { releasedClause } from './reads.js'
import type { AccountTable, Database, TransferTable } from './schema.js'
import { orderClause } from './sorting.js'

const CHUNK = 500

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK))
  return out
}

function toAccount(row: Selectable<AccountTable>): StoredAccount {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    kind: row.kind as AccountKind,
    where: row.where_id,
    item: row.item_id,
    owner: row.owner,
    lot: row.lot,
    expiresOn: row.expires_on,
    posted: Number(row.posted),
    pendingOut: Number(row.pending_out),
    pendingIn: Number(row.pending_in),
  }
}

function toTransfer(row: Selectable<TransferTable>): StoredTransfer {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    batch: row.batch_id,
    mode: row.mode as TransferMode,
    fromAccount: row.from_account,
    toAccount: row.to_account,
    item: row.item_id,
    quantity: Number(row.quantity),
    reason: row.reason,
    ref: row.ref,
    pendingId: row.pending_id,
    timeoutAt: row.timeout_at,
    actor: row.actor,
    at: row.at,
  }
}

export function releasedAccounts(viewer: Viewer) {
  if (viewer === null) return sql<boolean>`1 = 1`
  return sql<boolean>`(accounts.share = 'all' or accounts.org = ${viewer.org} or accounts.share like ${boundPattern(`%"${viewer.org}"%`)})`
}

export function balanceQuery(
  db: Kysely<Database>,
  filter: Omit<BalanceFilter, 'limit' | 'offset'>,
  viewer: Viewer,
) {
  let query = db
    .selectFrom('accounts')
    .innerJoin('items', 'items.id', 'accounts.item_id')
    .leftJoin('places', 'places.id', 'accounts.where_id')
    .where('accounts.kind', '=', filter.kind ?? 'stock')
    .where(releasedAccounts(viewer))
  if (filter.place) query = query.where('accounts.where_id', '=', filter.place)
  if (filter.item) query = query.where('accounts.item_id', '=', filter.item)
  if (filter.owner) query = query.where('accounts.owner', '=', filter.owner)
  if (filter.lot !== undefined) query = query.where('accounts.lot', '=', filter.lot)
  if (filter.category) query = query.where('items.category', '=', filter.category)
  if (filter.q)
    query = query.where(
      sql<boolean>`items.search like ${boundPattern(`%${foldForSearch(filter.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} escape '\\'`,
    )
  if (filter.nonZero)
    query = query.where((eb) =>
      eb.or([
        eb('accounts.posted', '<>', 0),
        eb('accounts.pending_out', '<>', 0),
        eb('accounts.pending_in', '<>', 0),
      ]),
    )
  return query
}

/**
 * Orders balances by one column (nulls last), then by place, item, owner, lot and account id, so
 * every page is stable.
 */
function orderBalances<Q extends { orderBy(expression: RawBuilder<unknown>): unknown }>(
  query: Q,
  sort: string | undefined,
  quantities: { posted: RawBuilder<unknown>; available: RawBuilder<unknown> },
): Q {
  return query.orderBy(
    orderClause(
      sort ?? 'place',
      balanceSortColumns(quantities),
      sql`places.code, items.code, accounts.owner, accounts.lot, accounts.id`,
    ),
  ) as Q
}

function balanceSortColumns(quantities: {
  posted: RawBuilder<unknown>
  available: RawBuilder<unknown>
}): Record<string, RawBuilder<unknown>> {
  return {
    place: sql`places.code`,
    item: sql`items.code`,
    // By the owner's code, as the screen shows it, not by its id.
    owner: sql`(select organisations.code from organisations where organisations.id = accounts.owner)`,
    lot: sql`accounts.lot`,
    expiresOn: sql`accounts.expires_on`,
    ...quantities,
  }
}

/** The item's and place's columns a balance is read with (this node's and replicas' alike). */
export const balanceColumns = [
  'items.code as item_code',
  'items.name_en as item_name_en',
  'items.name_ja as item_name_ja',
  'items.category as item_category',
  'items.unit as item_unit',
  'items.unit_weight_g as item_weight',
  'items.unit_volume_ml as item_volume',
  'places.code as place_code',
  'places.name_en as place_name_en',
  'places.name_ja as place_name_ja',
] as const

/** What `balanceColumns` read. */
export interface BalanceReferenceRow {
  item_code: string
  item_name_en: string
  item_name_ja: string | null
  item_category: string
  item_unit: string
  item_weight: number | null
  item_volume: number | null
  place_code: string | null
  place_name_en: string | null
  place_name_ja: string | null
}

interface BalanceJoinRow extends Selectable<AccountTable>, BalanceReferenceRow {}

function toBalanceRow(row: BalanceJoinRow): BalanceRow {
  return { account: toAccount(row), ...balanceReferences(row) }
}

/** A balance's item and place, from the row `balanceColumns` read. */
export function balanceReferences(row: BalanceReferenceRow): Pick<BalanceRow, 'item' | 'place'> {
  return {
    item: {
      code: row.item_code,
      nameEn: row.item_name_en,
      nameJa: row.item_name_ja,
      category: row.item_category,
      unit: row.item_unit,
      unitWeightG: row.item_weight === null ? null : Number(row.item_weight),
      unitVolumeMl: row.item_volume === null ? null : Number(row.item_volume),
    },
    place:
      row.place_code === null
        ? null
        : { code: row.place_code, nameEn: row.place_name_en, nameJa: row.place_name_ja },
  }
}

/**
 * The reference check's statement, compiled once per database kind and viewer (it runs for every stock
 * movement, inside each ledger commit): the same text whichever connection or transaction runs it.
 */
const referenceStatements = new Map<string, ReturnType<typeof compiledWithIdLists>>()

function referenceStatement(db: Kysely<Database>, viewer: Viewer) {
  // Nobody (all rows) and an organisation are told apart whatever its id.
  const key = `${dialectOf(db)} ${viewer === null ? 'all' : `org ${viewer.org}`}`
  let statement = referenceStatements.get(key)
  if (!statement) {
    if (referenceStatements.size >= 64) referenceStatements.clear()
    statement = compiledWithIdLists(
      db,
      3,
      ([places, items, organisations]) => sql`
        select 'place' as kind, places.id, places.org, places.code
          from ${places} join places on places.id = ids.value
          where ${releasedClause(viewer, 'places')}
        union all select 'item' as kind, items.id, items.org, items.code
          from ${items} join items on items.id = ids.value
          where ${releasedClause(viewer, 'items')}
        union all select 'organisation' as kind, organisations.id, organisations.id as org,
            organisations.code
          from ${organisations} join organisations on organisations.id = ids.value`,
    )
    referenceStatements.set(key, statement)
  }
  return statement
}

/** Each id once: a join, unlike `in`, would return a row per mention. */
function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)]
}

export function ledgerReads(db: Kysely<Database>): LedgerReads {
  const dialect = dialectOf(db)
  return {
    async stockReferences(query, viewer) {
      const statement = referenceStatement(db, viewer)
      const rows = await db.executeQuery<{ kind: string; id: string; org: string; code: string }>(
        statement([distinct(query.places), distinct(query.items), distinct(query.organisations)]),
      )
      const placeOrgs = new Map<string, string>()
      const placeCodes = new Map<string, string>()
      const items = new Set<string>()
      const organisations = new Set<string>()
      for (const row of rows.rows) {
        if (row.kind === 'place') {
          placeOrgs.set(row.id, row.org)
          placeCodes.set(row.id, row.code)
        } else if (row.kind === 'item') items.add(row.id)
        else organisations.add(row.id)
      }
      return { placeOrgs, placeCodes, items, organisations }
    },

    async getAccounts(ids) {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where(idIn(dialect, 'id', [...new Set(ids)]))
        .execute()
      return rows.map(toAccount)
    },

    async getTransfers(ids) {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('transfers')
        .selectAll()
        .where(idIn(dialect, 'id', [...new Set(ids)]))
        .execute()
      return rows.map(toTransfer)
    },

    async getPendings(ids) {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('pendings')
        .selectAll()
        .where(idIn(dialect, 'id', [...new Set(ids)]))
        .execute()
      return rows.map((row) => ({
        id: row.id,
        fromAccount: row.from_account,
        toAccount: row.to_account,
        quantity: Number(row.quantity),
        state: row.state as PendingState,
        timeoutAt: row.timeout_at,
      }))
    },

    async listBalances(filter, viewer) {
      const query = balanceQuery(db, filter, viewer)
      const [rows, count] = await Promise.all([
        orderBalances(query.selectAll('accounts').select(balanceColumns), filter.sort, {
          posted: sql`accounts.posted`,
          available: sql`(accounts.posted - accounts.pending_out)`,
        })
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return {
        rows: rows.map((row) => toBalanceRow(row as BalanceJoinRow)),
        total: Number(count.total),
      }
    },

    async stockTotals(filter, viewer) {
      const rows = await balanceQuery(db, filter, viewer)
        .select([
          'items.category as category',
          sql<number>`sum(accounts.posted)`.as('quantity'),
          sql<number>`sum(accounts.posted - accounts.pending_out)`.as('available'),
          sql<number>`sum(accounts.posted * coalesce(items.unit_weight_g, 0))`.as('weight'),
          sql<number>`sum(accounts.posted * coalesce(items.unit_volume_ml, 0))`.as('volume'),
        ])
        .groupBy('items.category')
        .orderBy('items.category')
        .execute()
      return rows.map((row) => ({
        category: row.category,
        quantity: Number(row.quantity),
        available: Number(row.available),
        weightG: Number(row.weight),
        volumeMl: Number(row.volume),
      }))
    },

    async balancesAsOf(at, filter, viewer) {
      // Posted effects of single transfers and posts up to `at`, per account.
      const moved = db
        .selectFrom('transfers')
        .where('at', '<=', at)
        .where('mode', 'in', ['single', 'post'])
        .select(['to_account as account_id', sql<number>`quantity`.as('change')])
        .unionAll(
          db
            .selectFrom('transfers')
            .where('at', '<=', at)
            .where('mode', 'in', ['single', 'post'])
            .select(['from_account as account_id', sql<number>`-quantity`.as('change')]),
        )
      const sums = db
        .selectFrom(moved.as('moved'))
        .select(['moved.account_id', sql<number>`sum(moved.change)`.as('posted_then')])
        .groupBy('moved.account_id')
      const query = balanceQuery(db, { ...filter, nonZero: false }, viewer)
        .innerJoin(sums.as('sums'), 'sums.account_id', 'accounts.id')
        .where('sums.posted_then', '<>', 0)
      const [rows, count] = await Promise.all([
        orderBalances(
          query.selectAll('accounts').select(balanceColumns).select('sums.posted_then'),
          filter.sort,
          // As of a past time nothing is pending: available is what was posted.
          { posted: sql`sums.posted_then`, available: sql`sums.posted_then` },
        )
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return {
        rows: rows.map((row) => {
          const balance = toBalanceRow(row as BalanceJoinRow)
          return {
            ...balance,
            account: {
              ...balance.account,
              posted: Number(row.posted_then),
              pendingOut: 0,
              pendingIn: 0,
            },
          }
        }),
        total: Number(count.total),
      }
    },

    async stockCard(accountId, limit, offset) {
      // The account's chain, newest first (migration 0018): its last line is on its row, and each
      // line names the one before it for each of its two accounts. The card is shown oldest first, so
      // the lines after the page are walked past; the posted balance after the newest line is the
      // account's own, and each line before it is that less the line's change.
      const account = await db
        .selectFrom('accounts')
        .select(['posted', 'card_last', 'card_lines'])
        .where('id', '=', accountId)
        .executeTakeFirst()
      if (!account) return { rows: [], total: 0 }
      const total = Number(account.card_lines)
      const end = Math.min(total, offset + limit)
      if (account.card_last === null || end <= offset) return { rows: [], total }
      const walk = total - offset
      const skip = total - end
      const change = sql`case when t.mode in ('single', 'post') then
        case when t.to_account = ${accountId} then t.quantity else -t.quantity end else 0 end`
      const found = await sql<Selectable<TransferTable> & { after: number | string }>`
        with recursive card (seq, n, after) as (
          select cast(${account.card_last} as bigint), 0, cast(${account.posted} as bigint)
          union all
          select case when t.from_account = ${accountId} then t.from_prev else t.to_prev end,
            card.n + 1, card.after - ${change}
          from card join transfers t on t.seq = card.seq
          where card.n + 1 < ${walk}
        )
        select t.*, card.after from card join transfers t on t.seq = card.seq
        where card.n >= ${skip} order by card.n desc`.execute(db)
      const lines = found.rows.map((row) => {
        const transfer = toTransfer(row)
        const sign = transfer.toAccount === accountId ? 1 : -1
        const moved = transfer.mode === 'single' || transfer.mode === 'post'
        return {
          transfer,
          change: moved ? sign * transfer.quantity : 0,
          postedAfter: Number(row.after),
        }
      })
      return { rows: lines, total }
    },

    async listOpenPendings(timeoutBefore, limit) {
      let query = db.selectFrom('pendings').selectAll().where('state', '=', 'pending')
      if (timeoutBefore !== null)
        query = query.where('timeout_at', 'is not', null).where('timeout_at', '<=', timeoutBefore)
      const rows = await query.orderBy('timeout_at').limit(limit).execute()
      return rows.map((row) => ({
        id: row.id,
        fromAccount: row.from_account,
        toAccount: row.to_account,
        quantity: Number(row.quantity),
        state: row.state as PendingState,
        timeoutAt: row.timeout_at,
      }))
    },

    async listAllocationRules(owner) {
      let query = db
        .selectFrom('allocation_rules')
        .selectAll()
        .orderBy('org')
        .orderBy('item_id')
        .orderBy('place_id')
      if (owner !== null) query = query.where('org', '=', owner)
      return (await query.execute()).map((row) => ({
        id: row.id,
        home: row.home,
        org: row.org,
        share: decodeShare(row.share),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        version: Number(row.version),
        item: row.item_id,
        place: row.place_id,
        allowed:
          row.allowed === 'any' || row.allowed === 'none'
            ? row.allowed
            : (JSON.parse(row.allowed) as string[]),
        note: row.note,
      }))
    },

    async findCardBreaks() {
      // Every line of every account with the line before it, as stored and as the transfers' order
      // gives it; then each account's last line and count against its transfers'.
      const lines = sql`(select id, seq, from_account as account, from_prev as prev from transfers
        union all select id, seq, to_account as account, to_prev as prev from transfers)`
      const links = await sql<{
        account: string
        id: string
        prev: number | string | null
        before: number | string | null
      }>`select account, id, prev, before from
        (select account, id, seq, prev, lag(seq) over (partition by account order by seq) as before
          from ${lines} as lines) as linked
        where prev is distinct from before order by account, seq`.execute(db)
      const heads = await sql<{
        id: string
        card_last: number | string | null
        card_lines: number | string
        last: number | string | null
        lines: number | string | null
      }>`select accounts.id, accounts.card_last, accounts.card_lines, sums.last, sums.lines
        from accounts left join
          (select account, max(seq) as last, count(*) as lines from ${lines} as lines
            group by account) as sums on sums.account = accounts.id
        where accounts.card_last is distinct from sums.last
          or accounts.card_lines <> coalesce(sums.lines, 0)
        order by accounts.id`.execute(db)
      const number = (value: number | string | null) => (value === null ? null : Number(value))
      const breaks: CardBreak[] = links.rows.map((row) => ({
        accountId: row.account,
        transfer: row.id,
        what: 'previous',
        stored: number(row.prev),
        expected: number(row.before),
      }))
      for (const row of heads.rows) {
        if (number(row.card_last) !== number(row.last))
          breaks.push({
            accountId: row.id,
            transfer: null,
            what: 'last',
            stored: number(row.card_last),
            expected: number(row.last),
          })
        if (Number(row.card_lines) !== Number(row.lines ?? 0))
          breaks.push({
            accountId: row.id,
            transfer: null,
            what: 'lines',
            stored: Number(row.card_lines),
            expected: Number(row.lines ?? 0),
          })
      }
      return breaks
    },

    async findBalanceMismatches() {
      const posted = db
        .selectFrom('transfers')
        .where('mode', 'in', ['single', 'post'])
        .select([
          'to_account as account_id',
          sql<number>`quantity`.as('posted'),
          sql<number>`0`.as('pending_out'),
          sql<number>`0`.as('pending_in'),
        ])
        .unionAll(
          db
            .selectFrom('transfers')
            .where('mode', 'in', ['single', 'post'])
            .select([
              'from_account as account_id',
              sql<number>`-quantity`.as('posted'),
              sql<number>`0`.as('pending_out'),
              sql<number>`0`.as('pending_in'),
            ]),
        )
        .unionAll(
          db
            .selectFrom('pendings')
            .where('state', '=', 'pending')
            .select([
              'from_account as account_id',
              sql<number>`0`.as('posted'),
              'quantity as pending_out',
              sql<number>`0`.as('pending_in'),
            ]),
        )
        .unionAll(
          db
            .selectFrom('pendings')
            .where('state', '=', 'pending')
            .select([
              'to_account as account_id',
              sql<number>`0`.as('posted'),
              sql<number>`0`.as('pending_out'),
              'quantity as pending_in',
            ]),
        )
      const sums = db
        .selectFrom(posted.as('effects'))
        .select([
          'effects.account_id',
          sql<number>`sum(effects.posted)`.as('posted'),
          sql<number>`sum(effects.pending_out)`.as('pending_out'),
          sql<number>`sum(effects.pending_in)`.as('pending_in'),
        ])
        .groupBy('effects.account_id')
      const rows = await db
        .selectFrom('accounts')
        .leftJoin(sums.as('sums'), 'sums.account_id', 'accounts.id')
        .select([
          'accounts.id',
          'accounts.posted',
          'accounts.pending_out',
          'accounts.pending_in',
          'sums.posted as r_posted',
          'sums.pending_out as r_pending_out',
          'sums.pending_in as r_pending_in',
        ])
        .where((eb) =>
          eb.or([
            eb('accounts.posted', '<>', eb.fn.coalesce('sums.posted', sql<number>`0`)),
            eb('accounts.pending_out', '<>', eb.fn.coalesce('sums.pending_out', sql<number>`0`)),
            eb('accounts.pending_in', '<>', eb.fn.coalesce('sums.pending_in', sql<number>`0`)),
          ]),
        )
        .execute()
      return rows.map((row) => ({
        accountId: row.id,
        stored: {
          posted: Number(row.posted),
          pendingOut: Number(row.pending_out),
          pendingIn: Number(row.pending_in),
        },
        recomputed: {
          posted: Number(row.r_posted ?? 0),
          pendingOut: Number(row.r_pending_out ?? 0),
          pendingIn: Number(row.r_pending_in ?? 0),
        },
      }))
    },
  }
}

/** The accounts' columns, in the order of `AccountValues`. */
const accountColumns = [
  'id',
  'home',
  'org',
  'share',
  'created_at',
  'updated_at',
  'version',
  'kind',
  'where_id',
  'item_id',
  'owner',
  'lot',
  'expires_on',
  'posted',
  'pending_out',
  'pending_in',
  'card_last',
  'card_lines',
] as const

type AccountValues = [
  id: string,
  home: string,
  org: string,
  share: string,
  created_at: string,
  updated_at: string,
  version: number,
  kind: string,
  where_id: string,
  item_id: string,
  owner: string,
  lot: string,
  expires_on: string | null,
  posted: number,
  pending_out: number,
  pending_in: number,
  card_last: number | null,
  card_lines: number,
]

/** An account's row from its values in `accountColumns`' order, with the last transfer's seq. */
function accountRowOf(
  values: AccountValues,
  top: number | null,
): Selectable<AccountTable> & CardRow {
  // biome-ignore format: the columns in order
  const [id, home, org, share, created_at, updated_at, version, kind, where_id, item_id, owner, lot, expires_on, posted, pending_out, pending_in, card_last, card_lines] = values
  // biome-ignore format: the columns in order
  return { id, home, org, share, created_at, updated_at, version, kind, where_id, item_id, owner, lot, expires_on, posted, pending_out, pending_in, card_last, card_lines, top }
}

/** An account's stock card head: its last line's seq and how many lines it has (migration 0018). */
interface CardHead {
  readonly last: number | null
  readonly lines: number
}

interface CardRow {
  id: string
  card_last: number | string | null
  card_lines: number | string
  top: number | string | null
}

/**
 * The ledger's writes within one write transaction (`trx`). It keeps the card heads of the accounts it
 * read or wrote and the last transfer's seq, so that linking a batch's transfers need not read again
 * the accounts the writer has just read (`getAccounts`); only recordTransfers moves them.
 */
export function ledgerWrites(
  trx: Kysely<Database>,
): LedgerWrites & Pick<LedgerReads, 'getAccounts'> {
  const dialect = dialectOf(trx)
  const cards = new Map<string, CardHead>()
  let lastSeq: number | null = null
  const noteCards = (rows: readonly CardRow[]) => {
    for (const row of rows) {
      cards.set(row.id, {
        last: row.card_last === null ? null : Number(row.card_last),
        lines: Number(row.card_lines),
      })
      lastSeq = Number(row.top ?? 0)
    }
  }
  const readCards = async (ids: readonly string[]) =>
    (
      await sql<CardRow>`select id, card_last, card_lines, (select max(seq) from transfer_lines) as top
        from accounts where ${idIn(dialect, 'id', ids)}`.execute(trx)
    ).rows
  return {
    async getAccounts(ids) {
      if (ids.length === 0) return []
      const which = idIn(dialect, 'id', [...new Set(ids)])
      if (dialect === 'sqlite') {
        // The rows as one JSON text of arrays: better-sqlite3 builds an object per row at about
        // 0.1 µs a column, which made reading 300 accounts 1.3 ms against 0.6 (issue 4).
        const found = await sql<{ accounts: string; top: number | null }>`select
            json_group_array(json_array(${sql.raw(accountColumns.join(', '))})) as accounts,
            (select max(seq) from transfer_lines) as top
          from accounts where ${which}`.execute(trx)
        const { accounts, top } = found.rows[0] ?? { accounts: '[]', top: null }
        const rows = (JSON.parse(accounts) as AccountValues[]).map((values) =>
          accountRowOf(values, top),
        )
        noteCards(rows)
        return rows.map(toAccount)
      }
      const rows = await sql<Selectable<AccountTable> & CardRow>`select accounts.*,
          (select max(seq) from transfer_lines) as top
        from accounts where ${which}`.execute(trx)
      noteCards(rows.rows)
      return rows.rows.map(toAccount)
    },

    async ensureAccounts(accounts) {
      for (const chunk of chunks(accounts)) {
        await trx
          .insertInto('accounts')
          .values(
            chunk.map((a) => ({
              id: a.id,
              home: a.home,
              org: a.org,
              share: encodeShare(a.share),
              created_at: a.createdAt,
              updated_at: a.updatedAt,
              version: a.version,
              kind: a.kind,
              where_id: a.where,
              item_id: a.item,
              owner: a.owner,
              lot: a.lot,
              expires_on: a.expiresOn,
              posted: 0,
              pending_out: 0,
              pending_in: 0,
            })),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .execute()
      }
    },

    async recordTransfers(transfers, balances, at) {
      const touched = new Set(balances.keys())
      for (const t of transfers) touched.add(t.fromAccount).add(t.toAccount)
      if (touched.size === 0) return
      // Each account's last line and the last sequence number, as getAccounts read them in this
      // transaction or from the accounts it did not read; the chain-head row lock taken by every
      // write transaction (kysely-store.ts) keeps them from moving until the commit.
      const missing = [...touched].filter((id) => !cards.has(id))
      if (missing.length > 0) noteCards(await readCards(missing))
      const last = new Map<string, number | null>()
      const lines = new Map<string, number>()
      for (const id of touched) {
        const card = cards.get(id)
        if (!card) continue
        last.set(id, card.last)
        lines.set(id, card.lines)
      }
      let top = lastSeq ?? 0
      // What a run of transfers shares is one batch row (migration 0019), numbered by its first line.
      const batchRows: unknown[][] = []
      const lineRows: unknown[][] = []
      let shared: StoredTransfer | null = null
      let batchRow = 0
      for (const t of transfers) {
        const seq = ++top
        if (shared === null || !sameBatchRow(shared, t)) {
          shared = t
          batchRow = seq
          // biome-ignore format: one row, in transferBatchColumns' order
          batchRows.push([seq, t.batch, t.home, t.org, encodeShare(t.share), t.createdAt, t.updatedAt, t.version, t.actor, t.at])
        }
        const fromPrev = last.get(t.fromAccount) ?? null
        const toPrev = last.get(t.toAccount) ?? null
        last.set(t.fromAccount, seq).set(t.toAccount, seq)
        lines.set(t.fromAccount, (lines.get(t.fromAccount) ?? 0) + 1)
        lines.set(t.toAccount, (lines.get(t.toAccount) ?? 0) + 1)
        // biome-ignore format: one row, in transferLineColumns' order
        lineRows.push([seq, t.id, batchRow, t.mode, t.fromAccount, t.toAccount, t.item, t.quantity, t.reason, t.ref, t.pendingId, t.timeoutAt, fromPrev, toPrev])
      }
      if (lineRows.length > 0) {
        await insertRows(trx, 'transfer_batches', transferBatchColumns, batchRows)
        await insertRows(trx, 'transfer_lines', transferLineColumns, lineRows)
      }
      // The balances and the card heads; an account with no new balance keeps its own.
      if (dialect === 'sqlite') {
        // One prepared row's statement run per account (bulk.ts): reading six columns out of a JSON
        // parameter per account took SQLite 1.6 ms for 300 accounts against 1.0 (issue 4).
        const rows = [...touched].map((id) => {
          const b = balances.get(id)
          // biome-ignore format: in the order of sqliteAccountUpdate's parameters
          return [b?.posted ?? null, b?.pendingOut ?? null, b?.pendingIn ?? null, last.get(id) ?? null, lines.get(id) ?? 0, at, id]
        })
        await trx.executeQuery(
          CompiledQuery.raw(sqliteAccountUpdate + rowByRowMark(7), rows as unknown[]),
        )
      } else {
        const updates = [...touched].map((id) => {
          const b = balances.get(id)
          return [
            id,
            b?.posted ?? null,
            b?.pendingOut ?? null,
            b?.pendingIn ?? null,
            last.get(id) ?? null,
            lines.get(id) ?? 0,
          ]
        })
        await sql`update accounts set posted = coalesce(v.posted, accounts.posted),
        pending_out = coalesce(v.pending_out, accounts.pending_out),
        pending_in = coalesce(v.pending_in, accounts.pending_in),
        card_last = v.card_last, card_lines = v.card_lines,
        updated_at = ${at}, version = accounts.version + 1
        from ${rowsOf(dialect, accountUpdateColumns, updates)} as v where accounts.id = v.id`.execute(
          trx,
        )
      }
      for (const id of touched)
        if (cards.has(id)) cards.set(id, { last: last.get(id) ?? null, lines: lines.get(id) ?? 0 })
      if (lastSeq !== null) lastSeq = top
    },

    async insertPendings(pendings: readonly Pending[]) {
      if (pendings.length === 0) return
      const rows = pendings.map((p) => [
        p.id,
        p.fromAccount,
        p.toAccount,
        p.quantity,
        p.state,
        p.timeoutAt,
      ])
      await insertRows(trx, 'pendings', pendingColumns, rows)
    },

    async upsertAllocationRule(rule) {
      const row = {
        id: rule.id,
        home: rule.home,
        org: rule.org,
        share: encodeShare(rule.share),
        created_at: rule.createdAt,
        updated_at: rule.updatedAt,
        version: rule.version,
        item_id: rule.item,
        place_id: rule.place,
        allowed:
          typeof rule.allowed === 'string'
            ? rule.allowed
            : JSON.stringify([...rule.allowed].sort()),
        note: rule.note,
      }
      const { id, created_at: _c, ...changes } = row
      await trx
        .insertInto('allocation_rules')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute()
      void id
    },

    async resolvePendings(resolutions) {
      if (resolutions.length === 0) return
      const rows = resolutions.map((r) => [r.id, r.state, r.resolvedBy, r.at])
      await sql`update pendings set state = v.state, resolved_by = v.resolved_by,
        resolved_at = v.resolved_at
        from ${rowsOf(dialect, resolutionColumns, rows)} as v
        where pendings.id = v.id and pendings.state = 'pending'`.execute(trx)
    },
  }
}

/** Whether two transfers share every value a batch row holds (migration 0019). */
function sameBatchRow(a: StoredTransfer, b: StoredTransfer): boolean {
  return (
    a.batch === b.batch &&
    a.home === b.home &&
    a.org === b.org &&
    a.share === b.share &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.version === b.version &&
    a.actor === b.actor &&
    a.at === b.at
  )
}

/** One account's balances and card head, by id (SQLite, row by row). */
const sqliteAccountUpdate = `update accounts set posted = coalesce(?, posted),
  pending_out = coalesce(?, pending_out), pending_in = coalesce(?, pending_in),
  card_last = ?, card_lines = ?, updated_at = ?, version = version + 1 where id = ?`

const text = (name: string): Column => ({ name, type: 'text' })
const bigint = (name: string): Column => ({ name, type: 'bigint' })

const accountUpdateColumns = [
  text('id'),
  bigint('posted'),
  bigint('pending_out'),
  bigint('pending_in'),
  bigint('card_last'),
  bigint('card_lines'),
]
const transferBatchColumns = [
  bigint('id'),
  text('batch_id'),
  text('home'),
  text('org'),
  text('share'),
  text('created_at'),
  text('updated_at'),
  { name: 'version', type: 'integer' },
  text('actor'),
  text('at'),
] as const satisfies readonly Column[]
const transferLineColumns = [
  bigint('seq'),
  text('id'),
  bigint('batch_row'),
  text('mode'),
  text('from_account'),
  text('to_account'),
  text('item_id'),
  bigint('quantity'),
  text('reason'),
  text('ref'),
  text('pending_id'),
  text('timeout_at'),
  bigint('from_prev'),
  bigint('to_prev'),
] as const satisfies readonly Column[]
const pendingColumns = [
  text('id'),
  text('from_account'),
  text('to_account'),
  bigint('quantity'),
  text('state'),
  text('timeout_at'),
]
const resolutionColumns = [text('id'), text('state'), text('resolved_by'), text('resolved_at')]
