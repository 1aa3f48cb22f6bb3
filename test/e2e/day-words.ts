/**
 * @module test/e2e/day-words
 * The words of the screens the day-in-the-life test goes through, in English and in Japanese, written
 * out here rather than read from web/src/i18n: the test finds the buttons and fields by what a person
 * reads, so a missing or wrong translation fails it. Numbers, dates and times are formatted by the
 * functions below the way the app formats them for that language.
 */

export type Language = 'en' | 'ja'

export interface DayWords {
  signIn: string
  nav: {
    main: string
    map: string
    dashboard: string
    stock: string
    requests: string
    plans: string
    consignments: string
  }
  stock: {
    title: string
    movements: string
    receive: string
    receiveTitle: string
    place: string
    item: string
    owner: string
    quantity: (unit: string) => string
    lot: string
    expiresOn: string
    source: string
    document: string
    submit: string
    recorded: string
    balance: (posted: string, available: string) => string
    back: string
    searchItems: string
    balancesAt: (place: string) => string
  }
  requests: {
    title: string
    new: string
    newTitle: string
    destination: string
    neededBy: string
    justification: string
    line1: string
    item: string
    quantity: string
    priority: string
    save: string
    actions: string
    submit: string
    validate: string
    status: Record<
      'draft' | 'submitted' | 'validated' | 'planned' | 'dispatched' | 'delivered',
      string
    >
    progress: (planned: string, dispatched: string, delivered: string, of: string) => string
    lifeSaving: string
  }
  plans: {
    title: string
    horizon: string
    make: string
    draft: string
    approved: string
    approve: string
    approveTitle: RegExp
    approveConfirm: string
    approvedOne: string
  }
  consignments: {
    title: string
    status: Record<'planned' | 'loading' | 'dispatched' | 'arrived' | 'received', string>
    filterStatus: string
    load: string
    dispatch: string
    arrive: string
    receive: string
    receiptTitle: (ref: string) => string
    received: string
    receivedBy: string
    signature: string
    save: string
    proofName: string
  }
  map: { consignments: string; requests: string; hubs: string }
  dashboard: {
    title: string
    stock: string
    pipeline: string
    food: string
    showTable: string
    /** The pipeline's stages, as its table heads them. */
    stages: string[]
  }
  unit: { pack: string }
  /** How a request's page writes a needed-by time given as a datetime-local value in Japan. */
  neededBy: (local: string) => string
  /** How the app writes a whole number in this language. */
  number: (n: number) => string
}

const en: DayWords = {
  signIn: 'Sign in',
  nav: {
    main: 'Main',
    map: 'Map',
    dashboard: 'Dashboard',
    stock: 'Stock',
    requests: 'Requests',
    plans: 'Plans',
    consignments: 'Consignments',
  },
  stock: {
    title: 'Stock',
    movements: 'Record a movement',
    receive: 'Receive',
    receiveTitle: 'Receive stock',
    place: 'Place',
    item: 'Item',
    owner: 'Owner',
    quantity: (unit) => `Quantity (${unit})`,
    lot: 'Lot (optional)',
    expiresOn: 'Expires on (optional)',
    source: 'Donor or supplier',
    document: 'Document number (optional)',
    submit: 'Record receipt',
    recorded: 'Recorded',
    balance: (posted, available) => `${posted} posted, ${available} available`,
    back: 'Back to the stock',
    searchItems: 'Search items',
    balancesAt: (place) => `Balances at ${place}`,
  },
  requests: {
    title: 'Requests',
    new: 'New request',
    newTitle: 'New request',
    destination: 'Destination',
    neededBy: 'Needed by',
    justification: 'Justification',
    line1: 'Line 1: item',
    item: 'Item',
    quantity: 'Quantity',
    priority: 'Priority',
    save: 'Save draft',
    actions: 'Actions on this request',
    submit: 'Submit',
    validate: 'Validate',
    status: {
      draft: 'Draft',
      submitted: 'Submitted',
      validated: 'Validated',
      planned: 'Planned',
      dispatched: 'Dispatched',
      delivered: 'Delivered',
    },
    progress: (planned, dispatched, delivered, of) =>
      `${planned} planned, ${dispatched} dispatched, ${delivered} delivered of ${of}`,
    lifeSaving: 'Life-saving',
  },
  plans: {
    title: 'Allocation plans',
    horizon: 'Horizon (hours)',
    make: 'Make the plan',
    draft: 'Draft',
    approved: 'Approved',
    approve: 'Approve',
    approveTitle: /^Approve plan [0-9A-F]{8}\?$/,
    approveConfirm: 'Approve and reserve',
    approvedOne: 'Approved: 1 consignment created, its stock reserved.',
  },
  consignments: {
    title: 'Consignments',
    status: {
      planned: 'Planned',
      loading: 'Loading',
      dispatched: 'Dispatched',
      arrived: 'Arrived',
      received: 'Received',
    },
    filterStatus: 'Status',
    load: 'Start loading',
    dispatch: 'Dispatch',
    arrive: 'Record arrival',
    receive: 'Receive',
    receiptTitle: (ref) => `Receive consignment ${ref}`,
    received: 'Received',
    receivedBy: 'Received by',
    signature: 'Signature',
    save: 'Record the receipt',
    proofName: 'Sato Hanako',
  },
  map: {
    consignments: 'Consignments on their way',
    requests: 'Requests',
    hubs: 'Hubs and stock points',
  },
  dashboard: {
    title: 'Dashboard',
    stock: 'Stock by hub and category',
    pipeline: 'Request pipeline',
    food: 'Food',
    showTable: 'Show table',
    stages: ['Requested', 'Validated', 'Planned', 'Dispatched', 'Delivered'],
  },
  unit: { pack: 'pack' },
  neededBy: (local) => {
    const [year, month, day] = local.slice(0, 10).split('-').map(Number)
    const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')
    return `${day} ${months[(month ?? 1) - 1]} ${year}, ${local.slice(11, 16)} JST`
  },
  number: (n) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(n),
}

const ja: DayWords = {
  signIn: 'サインイン',
  nav: {
    main: 'メイン',
    map: '地図',
    dashboard: 'ダッシュボード',
    stock: '在庫',
    requests: '要請',
    plans: '配分計画',
    consignments: '輸送便',
  },
  stock: {
    title: '在庫',
    movements: '入出庫の記録',
    receive: '受入',
    receiveTitle: '在庫の受入',
    place: '地点',
    item: '品目',
    owner: '所有者',
    quantity: (unit) => `数量（${unit}）`,
    lot: 'ロット （任意）',
    expiresOn: '使用期限 （任意）',
    source: '寄贈者・供給者',
    document: '伝票番号 （任意）',
    submit: '受入を記録',
    recorded: '記録しました',
    balance: (posted, available) => `計上済み ${posted}、利用可能 ${available}`,
    back: '在庫一覧へ戻る',
    searchItems: '品目を検索',
    balancesAt: (place) => `在庫残高： ${place}`,
  },
  requests: {
    title: '支援要請',
    new: '新しい要請',
    newTitle: '新しい要請',
    destination: '届け先',
    neededBy: '必要期限',
    justification: '理由',
    line1: '1行目：物資',
    item: '品目',
    quantity: '数量',
    priority: '優先度',
    save: '下書きを保存',
    actions: 'この要請の操作',
    submit: '提出',
    validate: '承認',
    status: {
      draft: '下書き',
      submitted: '提出済み',
      validated: '承認済み',
      planned: '計画済み',
      dispatched: '発送済み',
      delivered: '到着済み',
    },
    progress: (planned, dispatched, delivered, of) =>
      `${of}のうち 計画 ${planned}・発送 ${dispatched}・到着 ${delivered}`,
    lifeSaving: '救命',
  },
  plans: {
    title: '配分計画',
    horizon: '計画期間（時間）',
    make: '計画を作成',
    draft: '下書き',
    approved: '承認済み',
    approve: '承認',
    approveTitle: /^計画 [0-9A-F]{8} を承認しますか？$/,
    approveConfirm: '承認して引当て',
    approvedOne: '承認しました。輸送便 1 件を作成し、在庫を引当てました。',
  },
  consignments: {
    title: '輸送便',
    status: {
      planned: '計画',
      loading: '積込中',
      dispatched: '発送済み',
      arrived: '到着',
      received: '受領済み',
    },
    filterStatus: '状態',
    load: '積込を開始',
    dispatch: '発送',
    arrive: '到着を記録',
    receive: '受領',
    receiptTitle: (ref) => `輸送便 ${ref} を受領`,
    received: '受領数',
    receivedBy: '受領者',
    signature: '署名',
    save: '受領を記録',
    proofName: '佐藤 花子',
  },
  map: {
    consignments: '輸送中の輸送便',
    requests: '要請',
    hubs: '拠点・物資集積所',
  },
  dashboard: {
    title: 'ダッシュボード',
    stock: '拠点別・分類別の在庫',
    pipeline: '要請の進捗（パイプライン）',
    food: '食料',
    showTable: '表を表示',
    stages: ['要請', '承認', '計画', '発送', '配達'],
  },
  unit: { pack: 'パック' },
  neededBy: (local) => {
    const [year, month, day] = local.slice(0, 10).split('-').map(Number)
    return `${year}年${month}月${day}日 ${local.slice(11, 16)} JST`
  },
  number: (n) => new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 }).format(n),
}

export const dayWords: Record<Language, DayWords> = { en, ja }
