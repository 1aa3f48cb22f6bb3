/**
 * @module interop/sitrep/labels
 * The situation report's words in English and Japanese (the dashboard's words where it has them);
 * how its numbers and times are written is in format.ts.
 */
import type { ItemCategory } from '../../domain/catalog/item.js'
import type { Priority, RequestStatus } from '../../domain/requests/request.js'
import type { SitrepLanguage } from './report.js'

export interface SitrepLabels {
  readonly title: string
  readonly operation: string
  readonly period: string
  readonly ongoing: string
  readonly generated: string
  readonly zone: string
  readonly reader: (org: string) => string
  readonly keyFigures: string
  readonly requests: string
  readonly quantityRequested: string
  readonly quantityDelivered: string
  readonly baseUnits: string
  readonly peopleInShelters: string
  readonly peopleNote: (places: number, asOf: string | null) => string
  readonly peopleNone: string
  readonly stockAvailable: string
  readonly stockNote: (places: number) => string
  readonly inFlight: string
  readonly inFlightNote: (late: number, dueSoon: number, hours: number) => string
  readonly requestsByStatus: string
  readonly status: string
  readonly count: string
  readonly stockTitle: string
  readonly category: string
  readonly posted: string
  readonly pending: string
  readonly available: string
  readonly weightKg: string
  readonly total: string
  readonly map: string
  readonly mapTitle: (operation: string) => string
  readonly mapNone: string
  readonly legend: {
    readonly hub: string
    readonly destination: string
    readonly flow: string
    readonly late: string
    readonly area: string
  }
  readonly unmetTitle: string
  readonly byPriority: string
  readonly byPlace: string
  readonly place: string
  readonly priority: string
  readonly open: string
  readonly lines: string
  readonly unmetNone: string
  readonly pipelineTitle: (days: number) => string
  readonly day: string
  readonly stages: {
    readonly requested: string
    readonly validated: string
    readonly planned: string
    readonly dispatched: string
    readonly delivered: string
  }
  readonly consignmentsTitle: string
  readonly consignment: string
  readonly route: string
  readonly eta: string
  readonly against: string
  readonly quantity: string
  readonly states: { readonly late: string; readonly 'due-soon': string }
  readonly minutes: (state: 'late' | 'due-soon', minutes: number) => string
  readonly withoutEta: (n: number) => string
  readonly consignmentsNone: (hours: number) => string
  readonly contributionsTitle: string
  readonly partner: string
  readonly received: string
  readonly receivedKg: string
  readonly pledgesConfirmed: string
  readonly pledgesReceived: string
  readonly delivered: string
  readonly contributionsNone: string
  readonly page: string
  readonly statuses: Record<RequestStatus, string>
  readonly priorities: Record<Priority, string>
  readonly categories: Record<ItemCategory, string>
}

const duration = (minutes: number, h: string, m: string) =>
  `${Math.floor(minutes / 60)} ${h} ${minutes % 60} ${m}`

const en: SitrepLabels = {
  title: 'Situation report',
  operation: 'Operation',
  period: 'Period',
  ongoing: 'ongoing',
  generated: 'Made',
  zone: 'Times in',
  reader: (org) => `Counts only the records released to ${org}.`,
  keyFigures: 'Key figures',
  requests: 'Requests',
  quantityRequested: 'Quantity requested',
  quantityDelivered: 'Quantity delivered',
  baseUnits: 'in items’ base units; submitted requests not rejected or cancelled',
  peopleInShelters: 'People in shelters',
  peopleNote: (places, asOf) =>
    `${places} ${places === 1 ? 'place' : 'places'} in the affected area${asOf ? `, as of ${asOf}` : ''}`,
  peopleNone: 'no counts for the affected area',
  stockAvailable: 'Stock available',
  stockNote: (places) => `at ${places} ${places === 1 ? 'place' : 'places'}, all operations`,
  inFlight: 'Consignments in flight',
  inFlightNote: (late, dueSoon, hours) => `${late} late, ${dueSoon} due within ${hours} h`,
  requestsByStatus: 'Requests by status',
  status: 'Status',
  count: 'Requests',
  stockTitle: 'Stock by category (all operations)',
  category: 'Category',
  posted: 'On hand',
  pending: 'Reserved',
  available: 'Available',
  weightKg: 'Weight (kg)',
  total: 'Total',
  map: 'Map',
  mapTitle: (operation) => `Map of ${operation}: hubs, destinations and consignments in flight`,
  mapNone: 'Nothing you may see has a place to draw yet.',
  legend: {
    hub: 'place holding stock',
    destination: 'destination with unmet needs',
    flow: 'consignment in flight',
    late: 'late against its ETA',
    area: 'affected area',
  },
  unmetTitle: 'Unmet needs',
  byPriority: 'By priority',
  byPlace: 'By place',
  place: 'Place',
  priority: 'Priority',
  open: 'Open quantity',
  lines: 'Lines',
  unmetNone: 'No unmet needs.',
  pipelineTitle: (days) => `Pipeline, last ${days} days`,
  day: 'Day',
  stages: {
    requested: 'Requested',
    validated: 'Validated',
    planned: 'Planned',
    dispatched: 'Dispatched',
    delivered: 'Delivered',
  },
  consignmentsTitle: 'Consignments late or due soon',
  consignment: 'Consignment',
  route: 'From → to',
  eta: 'ETA',
  against: 'Against its ETA',
  quantity: 'Quantity',
  states: { late: 'Late', 'due-soon': 'Due soon' },
  minutes: (state, minutes) =>
    state === 'late'
      ? `by ${duration(minutes, 'h', 'min')}`
      : `in ${duration(minutes, 'h', 'min')}`,
  withoutEta: (n) => `${n} more ${n === 1 ? 'is' : 'are'} on the way without an ETA.`,
  consignmentsNone: (hours) => `No consignment on its way is late or due within ${hours} hours.`,
  contributionsTitle: 'Partners’ contributions',
  partner: 'Partner',
  received: 'Stock received',
  receivedKg: 'Received (kg)',
  pledgesConfirmed: 'Pledges confirmed',
  pledgesReceived: 'Pledges received',
  delivered: 'Consignments delivered',
  contributionsNone: 'No contributions recorded.',
  page: 'Page',
  statuses: {
    draft: 'Draft',
    submitted: 'Submitted',
    validated: 'Validated',
    rejected: 'Rejected',
    'partially-planned': 'Partially planned',
    planned: 'Planned',
    'partially-dispatched': 'Partially dispatched',
    dispatched: 'Dispatched',
    'partially-delivered': 'Partially delivered',
    delivered: 'Delivered',
    closed: 'Closed',
    cancelled: 'Cancelled',
  },
  priorities: {
    'life-saving': 'Life-saving',
    'life-sustaining': 'Life-sustaining',
    other: 'Other',
  },
  categories: {
    food: 'Food',
    wash: 'Water, sanitation and hygiene',
    shelter: 'Shelter',
    nfi: 'Non-food items',
    health: 'Health',
    logistics: 'Logistics',
    other: 'Other',
  },
}

const ja: SitrepLabels = {
  title: '状況報告',
  operation: 'オペレーション',
  period: '期間',
  ongoing: '継続中',
  generated: '作成日時',
  zone: '時刻の基準',
  reader: (org) => `${org} が閲覧できる記録のみを集計しています。`,
  keyFigures: '主要な数値',
  requests: '要請',
  quantityRequested: '要請数量',
  quantityDelivered: '配達数量',
  baseUnits: '品目ごとの基本単位。提出済みで、却下・取消しされていない要請',
  peopleInShelters: '避難所の避難者数',
  peopleNote: (places, asOf) => `被災地域内の ${places} か所${asOf ? `（${asOf} 時点）` : ''}`,
  peopleNone: '被災地域の集計値はありません',
  stockAvailable: '利用可能な在庫',
  stockNote: (places) => `${places} か所、全オペレーション分`,
  inFlight: '輸送中の輸送',
  inFlightNote: (late, dueSoon, hours) =>
    `遅延 ${late} 件、${hours} 時間以内に到着予定 ${dueSoon} 件`,
  requestsByStatus: '状態別の要請',
  status: '状態',
  count: '要請数',
  stockTitle: '分類別の在庫（全オペレーション分）',
  category: '分類',
  posted: '計上済み',
  pending: '引当済み',
  available: '利用可能',
  weightKg: '重量（kg）',
  total: '合計',
  map: '地図',
  mapTitle: (operation) => `${operation} の地図：拠点、届け先、輸送中の輸送`,
  mapNone: '地図に表示できる場所はまだありません。',
  legend: {
    hub: '在庫のある場所',
    destination: '未充足ニーズのある届け先',
    flow: '輸送中の輸送',
    late: 'ETA より遅延',
    area: '被災地域',
  },
  unmetTitle: '未充足のニーズ',
  byPriority: '優先度別',
  byPlace: '届け先別',
  place: '場所',
  priority: '優先度',
  open: '未充足数量',
  lines: '明細数',
  unmetNone: '未充足のニーズはありません。',
  pipelineTitle: (days) => `要請の進捗（直近 ${days} 日）`,
  day: '日付',
  stages: {
    requested: '要請',
    validated: '承認',
    planned: '計画',
    dispatched: '発送',
    delivered: '配達',
  },
  consignmentsTitle: '遅延・まもなく到着の輸送',
  consignment: '輸送',
  route: '発地 → 着地',
  eta: '到着予定（ETA）',
  against: 'ETA との比較',
  quantity: '数量',
  states: { late: '遅延', 'due-soon': 'まもなく到着' },
  minutes: (state, minutes) =>
    state === 'late'
      ? `${duration(minutes, '時間', '分')} 遅れ`
      : `あと ${duration(minutes, '時間', '分')}`,
  withoutEta: (n) => `このほか ${n} 件が ETA なしで輸送中です。`,
  consignmentsNone: (hours) =>
    `輸送中で遅延しているもの、${hours} 時間以内に到着予定のものはありません。`,
  contributionsTitle: 'パートナーの貢献',
  partner: 'パートナー',
  received: '受け入れた在庫',
  receivedKg: '受け入れ計（kg）',
  pledgesConfirmed: '確定した申し出',
  pledgesReceived: '受け入れた申し出',
  delivered: '配達済みの輸送',
  contributionsNone: '記録された貢献はありません。',
  page: 'ページ',
  statuses: {
    draft: '下書き',
    submitted: '提出済み',
    validated: '承認済み',
    rejected: '却下',
    'partially-planned': '一部計画済み',
    planned: '計画済み',
    'partially-dispatched': '一部発送済み',
    dispatched: '発送済み',
    'partially-delivered': '一部到着',
    delivered: '到着済み',
    closed: '完了',
    cancelled: '取消し',
  },
  priorities: { 'life-saving': '救命', 'life-sustaining': '生命維持', other: 'その他' },
  categories: {
    food: '食料',
    wash: '給水・衛生',
    shelter: 'シェルター',
    nfi: '生活用品',
    health: '保健・医療',
    logistics: '物流資材',
    other: 'その他',
  },
}

export const sitrepLabels: Record<SitrepLanguage, SitrepLabels> = { en, ja }

export function categoryName(t: SitrepLabels, category: string): string {
  return (t.categories as Record<string, string>)[category] ?? category
}
