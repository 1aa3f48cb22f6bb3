/**
 * @module interop/exchange/admin-areas
 * Japan's first administrative level (prefectures) from a municipality's local government code: the
 * first two digits of the 6-digit code (JIS X 0401) name the prefecture. Exports give `#adm1+code` as
 * ISO 3166-2 (`JP-17`), the form place data already uses (`isoRegion`), and `#adm2+code` as the
 * municipality code itself.
 */

const PREFECTURES: readonly (readonly [string, string])[] = [
  ['Hokkaido', '北海道'],
  ['Aomori', '青森県'],
  ['Iwate', '岩手県'],
  ['Miyagi', '宮城県'],
  ['Akita', '秋田県'],
  ['Yamagata', '山形県'],
  ['Fukushima', '福島県'],
  ['Ibaraki', '茨城県'],
  ['Tochigi', '栃木県'],
  ['Gunma', '群馬県'],
  ['Saitama', '埼玉県'],
  ['Chiba', '千葉県'],
  ['Tokyo', '東京都'],
  ['Kanagawa', '神奈川県'],
  ['Niigata', '新潟県'],
  ['Toyama', '富山県'],
  ['Ishikawa', '石川県'],
  ['Fukui', '福井県'],
  ['Yamanashi', '山梨県'],
  ['Nagano', '長野県'],
  ['Gifu', '岐阜県'],
  ['Shizuoka', '静岡県'],
  ['Aichi', '愛知県'],
  ['Mie', '三重県'],
  ['Shiga', '滋賀県'],
  ['Kyoto', '京都府'],
  ['Osaka', '大阪府'],
  ['Hyogo', '兵庫県'],
  ['Nara', '奈良県'],
  ['Wakayama', '和歌山県'],
  ['Tottori', '鳥取県'],
  ['Shimane', '島根県'],
  ['Okayama', '岡山県'],
  ['Hiroshima', '広島県'],
  ['Yamaguchi', '山口県'],
  ['Tokushima', '徳島県'],
  ['Kagawa', '香川県'],
  ['Ehime', '愛媛県'],
  ['Kochi', '高知県'],
  ['Fukuoka', '福岡県'],
  ['Saga', '佐賀県'],
  ['Nagasaki', '長崎県'],
  ['Kumamoto', '熊本県'],
  ['Oita', '大分県'],
  ['Miyazaki', '宮崎県'],
  ['Kagoshima', '鹿児島県'],
  ['Okinawa', '沖縄県'],
]

export interface AdminArea {
  readonly code: string
  readonly nameEn: string
  readonly nameJa: string
}

/** The prefecture of a Japanese local government code such as `172031`, or null. */
export function prefectureOf(adminCode: string | null, country = 'JP'): AdminArea | null {
  if (country !== 'JP' || !adminCode || !/^\d{5,6}$/.test(adminCode)) return null
  const number = Number(adminCode.slice(0, 2))
  const names = PREFECTURES[number - 1]
  if (!names) return null
  return { code: `JP-${adminCode.slice(0, 2)}`, nameEn: names[0], nameJa: names[1] }
}
