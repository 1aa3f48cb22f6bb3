/** Small, valid domain values for tests; override what a test is about. */
import type { ItemDraft } from '../../src/app/items.js'
import type { PlaceDraft } from '../../src/app/places.js'

export function itemDraft(overrides: Partial<ItemDraft> = {}): ItemDraft {
  return {
    code: 'KZ-TEST-001',
    nameEn: 'Drinking water, 2 L bottle',
    nameJa: '保存水 2L',
    category: 'wash',
    group: null,
    unit: 'bottle',
    unitWeightG: 2100,
    unitVolumeMl: 2200,
    shelfLifeDays: 1825,
    ifrcCode: null,
    components: [],
    share: 'all',
    ...overrides,
  }
}

export function placeDraft(overrides: Partial<PlaceDraft> = {}): PlaceDraft {
  return {
    code: 'HUB:TEST',
    type: 'hub',
    nameEn: 'Test hub',
    nameJa: 'テスト拠点',
    lat: 36.5,
    lon: 136.6,
    country: 'JP',
    adminCode: '172014',
    municipality: '金沢市',
    address: null,
    capacity: null,
    attributes: {},
    share: 'all',
    ...overrides,
  }
}
