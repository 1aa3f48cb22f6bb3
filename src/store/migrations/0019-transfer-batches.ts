/**
 * @module store/migrations/0019-transfer-batches
 * What a batch's transfers share — their batch id, home, organisation, share, times, version, actor
 * and time — is written once, in `transfer_batches`, instead of in each transfer: the transfers'
 * own columns go to `transfer_lines`, each naming its batch row. A SQLite submit of 1,000 transfers
 * inserted 22 values a row where it now inserts 14 (2.9 against 4.7 ms measured for the insert,
 * bench/RESULTS.md, issue 4). `transfers` becomes a view joining the two, with the columns and names
 * it had, so every read stays as it was.
 *
 * A batch row's id is the `seq` of its first line. Existing transfers get one batch row for each set
 * of shared values (min seq of the set), so nothing is lost even where a batch's transfers differ.
 */
import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../kysely/bulk.js'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
type Db = Kysely<any>

const sqliteOf = (db: Db) => dialectOf(db) === 'sqlite'

/** The columns a batch's transfers share, as `transfers` names them. */
const sharedColumns = 'batch_id, home, org, share, created_at, updated_at, version, actor, at'
/** The columns each transfer has on its own, after `seq` and `id`. */
const lineColumns =
  'mode, from_account, to_account, item_id, quantity, reason, ref, pending_id, timeout_at, from_prev, to_prev'

/** `transfers` as it read before: the columns in the order the table had them (migration 0018). */
const transfersView = `create view transfers as
  select l.seq, l.id, b.home, b.org, b.share, b.created_at, b.updated_at, b.version, b.batch_id,
    l.mode, l.from_account, l.to_account, l.item_id, l.quantity, l.reason, l.ref, l.pending_id,
    l.timeout_at, b.actor, b.at, l.from_prev, l.to_prev
  from transfer_lines l join transfer_batches b on b.id = l.batch_row`

export async function up(db: Db): Promise<void> {
  // As 0018: Kysely runs SQLite's migrations outside a transaction, and this one drops the table it
  // has copied. A crash after the transaction but before Kysely's record finds it done next time.
  if (!sqliteOf(db)) await steps(db)
  else if (!(await sqliteHasTable(db, 'transfer_lines'))) await db.transaction().execute(steps)
}

async function sqliteHasTable(db: Db, name: string): Promise<boolean> {
  const found = await sql<{
    name: string
  }>`select name from sqlite_master where type = 'table' and name = ${name}`.execute(db)
  return found.rows.length > 0
}

async function steps(db: Db): Promise<void> {
  // SQLite's INTEGER PRIMARY KEY is the rowid; PostgreSQL's key is a bigint with its index.
  const key = sqliteOf(db) ? 'integer primary key' : 'bigint primary key'
  await sql
    .raw(`create table transfer_batches (
      id ${key},
      batch_id text not null, home text not null, org text not null, share text not null,
      created_at text not null, updated_at text not null,
      version integer not null check (version > 0),
      actor text not null, at text not null)`)
    .execute(db)
  await sql
    .raw(`create table transfer_lines (
      seq ${key},
      id text not null unique,
      batch_row bigint not null references transfer_batches (id),
      mode text not null,
      from_account text not null, to_account text not null, item_id text not null,
      quantity bigint not null check (quantity > 0),
      reason text not null, ref text, pending_id text, timeout_at text,
      from_prev bigint, to_prev bigint)`)
    .execute(db)
  await sql
    .raw(
      `insert into transfer_batches (id, ${sharedColumns})
      select min(seq), ${sharedColumns} from transfers group by ${sharedColumns}`,
    )
    .execute(db)
  const same = sharedColumns
    .split(', ')
    .map((column) => `b.${column} = t.${column}`)
    .join(' and ')
  await sql
    .raw(
      `insert into transfer_lines (seq, id, batch_row, ${lineColumns})
      select t.seq, t.id, b.id, ${lineColumns.replace(/(\w+)/g, 't.$1')}
      from transfers t join transfer_batches b on ${same}`,
    )
    .execute(db)
  // Every shared column is NOT NULL, so each transfer joins exactly one batch row; should that ever
  // change, refuse here rather than drop a transfer with the old table.
  const counts = await sql<{ transfers: number | string; lines: number | string }>`
    select (select count(*) from transfers) as transfers, (select count(*) from transfer_lines) as lines`.execute(
    db,
  )
  const [count] = counts.rows
  if (!count || Number(count.transfers) !== Number(count.lines))
    throw new Error(
      `migration 0019: ${count?.lines} transfer lines copied of ${count?.transfers} transfers; nothing was changed`,
    )
  await sql`drop table transfers`.execute(db)
  await sql.raw(transfersView).execute(db)
  // PostgreSQL plans the view's join from the new tables' statistics: gather them now, not at autovacuum.
  if (!sqliteOf(db)) await sql`analyze transfer_lines, transfer_batches`.execute(db)
}

export async function down(db: Db): Promise<void> {
  if (sqliteOf(db)) await db.transaction().execute(stepsBack)
  else await stepsBack(db)
}

async function stepsBack(db: Db): Promise<void> {
  const sqlite = sqliteOf(db)
  // The table as 0018 left it.
  await sql
    .raw(`create table transfers_table (
      ${sqlite ? 'seq integer primary key, id text not null unique' : 'id text primary key, seq bigint not null'},
      home text not null, org text not null, share text not null,
      created_at text not null, updated_at text not null,
      version integer not null check (version > 0),
      batch_id text not null, mode text not null,
      from_account text not null, to_account text not null, item_id text not null,
      quantity bigint not null check (quantity > 0),
      reason text not null, ref text, pending_id text, timeout_at text,
      actor text not null, at text not null,
      from_prev bigint, to_prev bigint)`)
    .execute(db)
  await sql
    .raw(
      `insert into transfers_table (seq, id, ${sharedColumns}, ${lineColumns})
      select seq, id, ${sharedColumns}, ${lineColumns} from transfers`,
    )
    .execute(db)
  await sql`drop view transfers`.execute(db)
  await sql`drop table transfer_lines`.execute(db)
  await sql`drop table transfer_batches`.execute(db)
  await sql`alter table transfers_table rename to transfers`.execute(db)
  if (!sqlite) await sql`create unique index transfers_seq on transfers (seq)`.execute(db)
}
