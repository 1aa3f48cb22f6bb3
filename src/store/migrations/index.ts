/**
 * @module store/migrations
 * Versioned migrations, applied in name order at every start (Kysely's Migrator keeps the record).
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as foundation from './0001-foundation.js'
import * as access from './0002-access.js'
import * as ledger from './0003-ledger.js'
import * as requests from './0004-requests.js'
import * as pledges from './0005-pledges.js'
import * as transport from './0006-transport.js'
import * as consignments from './0007-consignments.js'
import * as consignmentTracking from './0008-consignment-tracking.js'
import * as federation from './0009-federation.js'
import * as plans from './0010-plans.js'
import * as replicas from './0011-replicas.js'
import * as stockSums from './0012-stock-sums.js'
import * as proposals from './0013-proposals.js'
import * as pledgeColumns from './0014-pledge-columns.js'
import * as transfersByItem from './0015-transfers-by-item.js'
import * as proposalProgress from './0016-proposal-progress.js'
import * as transfersWithoutAt from './0017-transfers-without-at.js'
import * as stockCardChain from './0018-stock-card-chain.js'
import * as transferBatches from './0019-transfer-batches.js'

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-access': access,
  '0003-ledger': ledger,
  '0004-requests': requests,
  '0005-pledges': pledges,
  '0006-transport': transport,
  '0007-consignments': consignments,
  '0008-consignment-tracking': consignmentTracking,
  '0009-federation': federation,
  '0010-plans': plans,
  '0011-replicas': replicas,
  '0012-stock-sums': stockSums,
  '0013-proposals': proposals,
  '0014-pledge-columns': pledgeColumns,
  '0015-transfers-by-item': transfersByItem,
  '0016-proposal-progress': proposalProgress,
  '0017-transfers-without-at': transfersWithoutAt,
  '0018-stock-card-chain': stockCardChain,
  '0019-transfer-batches': transferBatches,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
