/**
 * @module store/migrations/0018-stock-card-chain
 * A stock card follows its account's chain instead of an index. Each transfer gets a sequence number
 * (`seq`, the commit order; SQLite's rowid) and, for each of its two accounts, the sequence of that
 * account's transfer before it (`from_prev`, `to_prev`); each account keeps its last one and how many
 * it has (`card_last`, `card_lines`), on the row its balance is written to anyway. The index by item
 * and time (`transfers_item`, migration 0015) goes: it cost a submit of 1,000 transfers about 75 index
 * pages on SQLite, a third of its insert (bench/RESULTS.md, issue 4). Existing transfers are numbered
 * in the order of their time and id, and chained in that order.
 */
import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../kysely/bulk.js'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
type Db = Kysely<any>

const sqliteOf = (db: Db) => dialectOf(db) === 'sqlite'

/** The transfers' columns after the envelope, as 0003 made them. */
const bodyColumns = `batch_id, mode, from_account, to_account, item_id, quantity, reason, ref,
  pending_id, timeout_at, actor, at`
const envelopeColumns = 'id, home, org, share, created_at, updated_at, version'

export async function up(db: Db): Promise<void> {
  // Kysely runs SQLite's migrations outside a transaction (no transactional DDL, it says), but this
  // one drops the transfers table it has copied: all of it or none of it. Kysely then records it
  // apart: a crash between the two leaves it done but not recorded, and the next start finds it done.
  if (!sqliteOf(db)) await steps(db)
  else if (!(await sqliteHasCardColumns(db))) await db.transaction().execute(steps)
}

async function sqliteHasCardColumns(db: Db): Promise<boolean> {
  const columns = await sql<{
    name: string
  }>`select name from pragma_table_info('accounts')`.execute(db)
  return columns.rows.some((column) => column.name === 'card_last')
}

async function steps(db: Db): Promise<void> {
  if (sqliteOf(db)) {
    // SQLite cannot give an existing table an INTEGER PRIMARY KEY: rebuild it, numbered in order.
    await sql`create table transfers_next (
      seq integer primary key,
      id text not null unique,
      home text not null, org text not null, share text not null,
      created_at text not null, updated_at text not null,
      version integer not null check (version > 0),
      batch_id text not null, mode text not null,
      from_account text not null, to_account text not null, item_id text not null,
      quantity bigint not null check (quantity > 0),
      reason text not null, ref text, pending_id text, timeout_at text,
      actor text not null, at text not null,
      from_prev bigint, to_prev bigint)`.execute(db)
    await sql
      .raw(
        `insert into transfers_next (seq, ${envelopeColumns}, ${bodyColumns})
        select row_number() over (order by at, id), ${envelopeColumns}, ${bodyColumns}
        from transfers`,
      )
      .execute(db)
    await sql`drop table transfers`.execute(db)
    await sql`alter table transfers_next rename to transfers`.execute(db)
  } else {
    await sql`drop index transfers_item`.execute(db)
    await sql`alter table transfers add column seq bigint`.execute(db)
    await sql`update transfers set seq = n.seq from
      (select id, row_number() over (order by at, id) as seq from transfers) as n
      where n.id = transfers.id`.execute(db)
    await sql`alter table transfers alter column seq set not null`.execute(db)
    await sql`create unique index transfers_seq on transfers (seq)`.execute(db)
    await sql`alter table transfers add column from_prev bigint`.execute(db)
    await sql`alter table transfers add column to_prev bigint`.execute(db)
  }
  await sql`alter table accounts add column card_last bigint`.execute(db)
  await sql`alter table accounts add column card_lines bigint not null default 0`.execute(db)

  // Each account's lines in order, each with the one before it.
  await sql`create table card_links as
    select seq, account, lag(seq) over (partition by account order by seq) as prev from
      (select seq, from_account as account from transfers
       union all select seq, to_account as account from transfers) as lines`.execute(db)
  await sql`create index card_links_line on card_links (seq, account)`.execute(db)
  await sql`create index card_links_account on card_links (account, seq)`.execute(db)
  await sql`update transfers set
    from_prev = (select prev from card_links l where l.seq = transfers.seq and l.account = transfers.from_account),
    to_prev = (select prev from card_links l where l.seq = transfers.seq and l.account = transfers.to_account)`.execute(
    db,
  )
  await sql`update accounts set
    card_last = (select max(seq) from card_links l where l.account = accounts.id),
    card_lines = (select count(*) from card_links l where l.account = accounts.id)`.execute(db)
  await sql`drop table card_links`.execute(db)
}

export async function down(db: Db): Promise<void> {
  if (sqliteOf(db)) await db.transaction().execute(stepsBack)
  else await stepsBack(db)
}

async function stepsBack(db: Db): Promise<void> {
  await sql`alter table accounts drop column card_lines`.execute(db)
  await sql`alter table accounts drop column card_last`.execute(db)
  if (sqliteOf(db)) {
    await sql`create table transfers_before (
      id text primary key,
      home text not null, org text not null, share text not null,
      created_at text not null, updated_at text not null,
      version integer not null check (version > 0),
      batch_id text not null, mode text not null,
      from_account text not null, to_account text not null, item_id text not null,
      quantity bigint not null check (quantity > 0),
      reason text not null, ref text, pending_id text, timeout_at text,
      actor text not null, at text not null)`.execute(db)
    await sql
      .raw(
        `insert into transfers_before (${envelopeColumns}, ${bodyColumns})
        select ${envelopeColumns}, ${bodyColumns} from transfers order by seq`,
      )
      .execute(db)
    await sql`drop table transfers`.execute(db)
    await sql`alter table transfers_before rename to transfers`.execute(db)
  } else {
    await sql`drop index transfers_seq`.execute(db)
    await sql`alter table transfers drop column seq`.execute(db)
    await sql`alter table transfers drop column from_prev`.execute(db)
    await sql`alter table transfers drop column to_prev`.execute(db)
  }
  await sql`create index transfers_item on transfers (item_id, at)`.execute(db)
}
