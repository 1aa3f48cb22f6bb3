/**
 * @module interop/waybill/labels
 * The waybill's words in English and Japanese, and how its numbers and times are written. Kept here
 * (not in the web app's dictionaries) because the server and the CLI print waybills without the web app.
 */
import type { AssetKind } from '../../domain/transport/asset.js'
import type { ConsignmentStatus } from '../../domain/transport/consignment.js'
import type { LegMode } from '../../domain/transport/leg.js'
import type { WaybillLanguage } from '../../domain/transport/waybill.js'

export interface WaybillLabels {
  readonly title: string
  readonly consignment: string
  readonly status: string
  readonly shipper: string
  readonly origin: string
  readonly destination: string
  readonly asset: string
  readonly route: string
  readonly direct: string
  readonly created: string
  readonly dispatched: string
  readonly issued: string
  readonly note: string
  readonly line: string
  readonly item: string
  readonly lot: string
  readonly expiry: string
  readonly owner: string
  readonly quantity: string
  readonly unit: string
  readonly weight: string
  readonly volume: string
  readonly totals: string
  readonly lines: string
  readonly unmeasured: string
  readonly payload: string
  readonly scan: string
  readonly signatures: string
  readonly releasedBy: string
  readonly carriedBy: string
  readonly receivedBy: string
  readonly nameDateSignature: string
  readonly page: string
  readonly statuses: Record<ConsignmentStatus, string>
  readonly kinds: Record<AssetKind, string>
  readonly modes: Record<LegMode, string>
}

const en: WaybillLabels = {
  title: 'Waybill',
  consignment: 'Consignment',
  status: 'Status',
  shipper: 'Shipper',
  origin: 'Origin',
  destination: 'Destination',
  asset: 'Carrier',
  route: 'Route',
  direct: 'direct',
  created: 'Planned',
  dispatched: 'Dispatched',
  issued: 'Printed',
  note: 'Note',
  line: 'No.',
  item: 'Item',
  lot: 'Lot',
  expiry: 'Expiry',
  owner: 'Owner',
  quantity: 'Quantity',
  unit: 'Unit',
  weight: 'Weight (kg)',
  volume: 'Volume (m³)',
  totals: 'Totals',
  lines: 'lines',
  unmeasured: 'Not in the totals (no weight or volume in the catalog)',
  payload: 'payload',
  scan: 'Scan at the destination to record the receipt',
  signatures: 'Signatures',
  releasedBy: 'Released by (origin)',
  carriedBy: 'Carried by (driver / crew)',
  receivedBy: 'Received by (destination)',
  nameDateSignature: 'Name, date and time, signature',
  page: 'Page',
  statuses: {
    planned: 'planned',
    loading: 'loading',
    dispatched: 'dispatched',
    arrived: 'arrived',
    received: 'received',
    cancelled: 'cancelled',
  },
  kinds: {
    'fixed-wing': 'fixed-wing aircraft',
    helicopter: 'helicopter',
    ship: 'ship',
    truck: 'truck',
  },
  modes: { air: 'air', sea: 'sea', road: 'road' },
}

const ja: WaybillLabels = {
  title: '輸送状',
  consignment: '輸送番号',
  status: '状態',
  shipper: '荷送人',
  origin: '発地',
  destination: '着地',
  asset: '輸送手段',
  route: '経路',
  direct: '直行',
  created: '計画日時',
  dispatched: '出発日時',
  issued: '印刷日時',
  note: '備考',
  line: '行',
  item: '品目',
  lot: 'ロット',
  expiry: '使用期限',
  owner: '所有者',
  quantity: '数量',
  unit: '単位',
  weight: '重量 (kg)',
  volume: '容積 (m³)',
  totals: '合計',
  lines: '行',
  unmeasured: '合計に含まれない品目（品目台帳に重量・容積なし）',
  payload: '最大積載量',
  scan: '着地でスキャンして受領を記録',
  signatures: '署名',
  releasedBy: '引渡者（発地）',
  carriedBy: '輸送者（運転手・乗員）',
  receivedBy: '受領者（着地）',
  nameDateSignature: '氏名・日時・署名',
  page: 'ページ',
  statuses: {
    planned: '計画',
    loading: '積込中',
    dispatched: '輸送中',
    arrived: '到着',
    received: '受領済',
    cancelled: '取消',
  },
  kinds: {
    'fixed-wing': '固定翼機',
    helicopter: 'ヘリコプター',
    ship: '船舶',
    truck: 'トラック',
  },
  modes: { air: '空路', sea: '海路', road: '陸路' },
}

export const waybillLabels: Record<WaybillLanguage, WaybillLabels> = { en, ja }

/** Numbers with thousands separators and at most `digits` decimals; "—" when unknown. */
export function formatNumber(value: number | null, digits = 3): string {
  if (value === null) return '—'
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value)
}

/**
 * A time in UTC, labelled so: a waybill travels between partners in different zones, and the server
 * printing it does not know the reader's. Written out by hand so it does not depend on Node's ICU data.
 */
export function formatTime(iso: string | null): string {
  if (!iso) return '—'
  const at = new Date(iso)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())} UTC`
}
