#!/usr/bin/env node
/**
 * scripts/build-data.mjs — build the bundled place files from the public datasets and check the item catalog.
 *
 *   node scripts/build-data.mjs
 *
 * Reads   ../shared/data (relative to the repository root; override with KIZUNA_SHARED_DATA=/path)
 * Writes  data/places/{airports,seaports,shelters,evacuation-sites,municipalities}.csv
 * Checks  data/items.csv (hand-curated; this script only validates it against the IFRC catalogue)
 *
 * The output is deterministic: rows sorted by code, fixed column and attribute-key order, LF line endings.
 * Every row is validated (code pattern and uniqueness across all files, type, coordinates, country, admin
 * code, capacity, attributes JSON); any problem aborts with a non-zero exit code. See data/README.md.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const sharedRoot = process.env.KIZUNA_SHARED_DATA
  ? path.resolve(process.env.KIZUNA_SHARED_DATA)
  : path.resolve(repoRoot, '../shared/data')
const dataDir = path.join(repoRoot, 'data')
const placesDir = path.join(dataDir, 'places')

const PLACE_COLUMNS = [
  'code',
  'type',
  'name_en',
  'name_ja',
  'lat',
  'lon',
  'country',
  'admin_code',
  'municipality',
  'address',
  'capacity',
  'attributes',
  'source',
]
const ITEM_COLUMNS = [
  'code',
  'name_en',
  'name_ja',
  'category',
  'unit',
  'unit_weight_g',
  'unit_volume_ml',
  'shelf_life_days',
  'ifrc_code',
  'kit',
  'source',
]
const PLACE_TYPES = new Set([
  'hub',
  'warehouse',
  'airport',
  'heliport',
  'seaport',
  'staging-area',
  'distribution-point',
  'shelter',
  'evacuation-site',
  'municipality',
])
const PLACE_CODE = /^[A-Z][A-Z0-9_-]{0,19}:[A-Za-z0-9._-]{1,60}$/ // same as src/contract/places.ts
// Japan incl. outlying islands (Yonaguni 122.9 E, Minamitorishima 153.98 E, Okinotorishima 20.4 N).
const JAPAN_BBOX = { south: 20, north: 46, west: 122, east: 154 }

const warnings = []
const fail = (message) => {
  throw new Error(message)
}

// ---------------------------------------------------------------------------------------------- helpers

function readCsv(relative) {
  const file = path.join(sharedRoot, relative)
  if (!fs.existsSync(file))
    fail(`missing input ${file} (set KIZUNA_SHARED_DATA to the shared data folder)`)
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true })
}

function readJson(relative) {
  return JSON.parse(fs.readFileSync(path.join(sharedRoot, relative), 'utf8'))
}

/** Round to 6 decimals (≈ 0.1 m) and return a number. */
const round6 = (value) => Math.round(Number(value) * 1e6) / 1e6

/** Unicode NFKC (full-width → half-width), then drop all white space (incl. U+3000). */
const normName = (text) => text.normalize('NFKC').replace(/\s+/gu, '')

const isJapan = (lat, lon) =>
  Number.isFinite(lat) &&
  Number.isFinite(lon) &&
  lat >= JAPAN_BBOX.south &&
  lat <= JAPAN_BBOX.north &&
  lon >= JAPAN_BBOX.west &&
  lon <= JAPAN_BBOX.east

/** Great-circle distance in km. */
function distanceKm(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180
  const dLat = (lat2 - lat1) * rad
  const dLon = (lon2 - lon1) * rad
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2
  return 6371.0088 * 2 * Math.asin(Math.sqrt(a))
}

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

/** A place row with every column present; null/undefined become empty cells. */
function place(fields) {
  const row = {}
  for (const column of PLACE_COLUMNS) row[column] = fields[column] ?? null
  row.lat = round6(row.lat)
  row.lon = round6(row.lon)
  row.country = row.country ?? 'JP'
  row.attributes = JSON.stringify(dropEmpty(fields.attributes ?? {}))
  return row
}

/** Remove null/undefined/'' values and empty arrays from an attributes object (shallow). */
function dropEmpty(object) {
  const out = {}
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined || value === '') continue
    if (Array.isArray(value) && value.length === 0) continue
    out[key] = value
  }
  return out
}

function writeCsv(file, columns, rows) {
  const text = stringify(rows, {
    header: true,
    columns,
    record_delimiter: '\n',
    cast: { number: (n) => String(n) },
  })
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text, 'utf8')
}

// ---------------------------------------------------------------------------------------------- airports

const SURFACES = new Map([
  ['ASP', 'asphalt'],
  ['ASPH', 'asphalt'],
  ['ASPHALT', 'asphalt'],
  ['CON', 'concrete'],
  ['CONC', 'concrete'],
  ['CONCRETE', 'concrete'],
  ['ASPH-CONC', 'asphalt-concrete'],
  ['ASPHALT CONCRETE', 'asphalt-concrete'],
  ['UNK', 'unknown'],
  ['U', 'unknown'],
])

function buildAirports() {
  const airports = readCsv('airports/ourairports_airports_jp_ph_subset.csv').filter(
    (a) => a.iso_country === 'JP',
  )
  const runways = readCsv('airports/ourairports_runways_jp_ph.csv')
  const runwaysByAirport = new Map()
  for (const runway of runways) {
    if (!runwaysByAirport.has(runway.airport_ref)) runwaysByAirport.set(runway.airport_ref, [])
    runwaysByAirport.get(runway.airport_ref).push(runway)
  }
  const skipped = []
  const rows = []
  for (const a of airports) {
    if (a.type === 'closed') {
      skipped.push(`${a.ident} (closed)`)
      continue
    }
    const lat = Number(a.latitude_deg)
    const lon = Number(a.longitude_deg)
    if (!isJapan(lat, lon)) {
      skipped.push(`${a.ident} (coordinates ${a.latitude_deg},${a.longitude_deg} outside Japan)`)
      continue
    }
    const open = (runwaysByAirport.get(a.id) ?? [])
      .filter((r) => r.closed !== '1' && Number(r.length_ft) > 0)
      .sort((x, y) => Number(y.length_ft) - Number(x.length_ft) || Number(x.id) - Number(y.id))
    const longest = open[0]
    const icao = /^[A-Z]{4}$/.test(a.gps_code) ? a.gps_code : null
    const surfaceRaw = longest?.surface?.trim() ?? ''
    const surface =
      SURFACES.get(surfaceRaw.toUpperCase()) ?? (surfaceRaw ? surfaceRaw.toLowerCase() : null)
    rows.push(
      place({
        code: icao ? `ICAO:${icao}` : `OURAIRPORTS:${a.ident}`,
        type: a.type === 'heliport' ? 'heliport' : 'airport',
        name_en: a.name,
        name_ja: null,
        lat,
        lon,
        admin_code: null,
        municipality: null,
        address: null,
        capacity: null,
        attributes: {
          iata: a.iata_code,
          icao,
          runwayLengthM: longest ? Math.round(Number(longest.length_ft) * 0.3048) : null,
          runwaySurface: surface,
          runwayCount: open.length || null,
          isoRegion: a.iso_region,
          ourairportsType: a.type,
          ourairportsId: Number(a.id),
          ourairportsIdent: a.ident !== icao ? a.ident : null,
          municipalityEn: a.municipality,
          elevationFt: a.elevation_ft === '' ? null : Number(a.elevation_ft),
          scheduledService: a.scheduled_service === 'yes',
        },
        source: 'OurAirports',
      }),
    )
  }
  const noRunway = rows.filter((r) => !JSON.parse(r.attributes).runwayLengthM).map((r) => r.code)
  return {
    rows,
    notes: [
      `${airports.length} JP rows in subset`,
      `skipped: ${skipped.length ? skipped.join(', ') : 'none'}`,
      `without open runway data: ${noRunway.join(', ') || 'none'}`,
    ],
  }
}

// ---------------------------------------------------------------------------------------------- seaports

/**
 * Ports of the Noto scenario whose UN/LOCODE row has no official coordinate (geoapify geocoded the
 * town name, or nothing). Coordinates set by hand at the harbour; each is checked against the city
 * office coordinate (municipalities/localgovjp) — it must be a few km away, no more than 10 km.
 * Cross-checks with GSI evacuation sites beside each harbour are in data/README.md.
 */
const HAND_CHECKED_PORTS = [
  {
    unlocode: 'JPKNZ',
    lat: 36.61,
    lon: 136.6,
    nameJa: '金沢港',
    lgcode: '172014',
    note: 'Kanazawa port (Ōno / Kanaiwa), at the mouth of the Ōno river',
  },
  {
    unlocode: 'JPNNO',
    lat: 37.05,
    lon: 136.97,
    nameJa: '七尾港',
    lgcode: '172022',
    note: 'Nanao port (Yatashinmachi / Fuchū-machi quays)',
  },
  {
    unlocode: 'JPWJM',
    lat: 37.4,
    lon: 136.9,
    nameJa: '輪島港',
    lgcode: '172049',
    note: 'Wajima port (Marine Town / Wajimazaki)',
  },
  {
    unlocode: 'JPFSK',
    lat: 36.79,
    lon: 137.06,
    nameJa: '伏木港（伏木富山港）',
    lgcode: '162027',
    note: 'Fushiki section of Fushiki-Toyama port, Takaoka, at the mouth of the Oyabe river',
  },
]

function buildSeaports(offices) {
  const ports = readCsv('ports/unlocode_jp_ph_ports.csv').filter((p) => p.country === 'JP')
  const byLocode = new Map(ports.map((p) => [p.unlocode, p]))
  const hand = new Map(HAND_CHECKED_PORTS.map((h) => [h.unlocode, h]))
  const dropped = []
  const rows = []
  const base = (p) => ({
    unlocode: p.unlocode,
    function: p.function,
    status: p.status,
    iata: p.iata,
    isoRegion: p.subdivision ? `JP-${p.subdivision}` : null,
  })
  for (const p of ports) {
    if (p.coord_source !== 'UN/LOCODE' || hand.has(p.unlocode)) continue
    const lat = Number(p.lat)
    const lon = Number(p.lon)
    if (!isJapan(lat, lon)) {
      dropped.push(`${p.unlocode} ${p.name} (${p.lat}, ${p.lon}: outside Japan)`)
      continue
    }
    rows.push(
      place({
        code: `LOCODE:${p.unlocode}`,
        type: 'seaport',
        name_en: p.name,
        lat,
        lon,
        attributes: { ...base(p), coordSource: 'UN/LOCODE' },
        source: 'UN/LOCODE',
      }),
    )
  }
  const handNotes = []
  for (const h of HAND_CHECKED_PORTS) {
    const p =
      byLocode.get(h.unlocode) ??
      fail(`hand-checked port ${h.unlocode} is not in unlocode_jp_ph_ports.csv`)
    if (p.function[0] !== '1') fail(`${h.unlocode} is not a port (function ${p.function})`)
    const office = offices.get(h.lgcode) ?? fail(`no municipal office for ${h.lgcode}`)
    const km = distanceKm(h.lat, h.lon, Number(office.lat), Number(office.lng))
    if (km < 0.3 || km > 10)
      fail(`${h.unlocode}: hand coordinate is ${km.toFixed(1)} km from the ${office.city} office`)
    handNotes.push(
      `${h.unlocode} ${p.name}: ${km.toFixed(1)} km from ${office.city} office (source row: ${p.lat || '-'}, ${p.lon || '-'}, ${p.coord_source || 'no coordinates'})`,
    )
    rows.push(
      place({
        code: `LOCODE:${p.unlocode}`,
        type: 'seaport',
        name_en: p.name,
        name_ja: h.nameJa,
        lat: h.lat,
        lon: h.lon,
        admin_code: h.lgcode,
        municipality: office.city,
        attributes: {
          ...base(p),
          coordSource: 'checked by hand against city office',
          cityOfficeDistanceKm: Math.round(km * 10) / 10,
          replacedCoord: p.lat
            ? { lat: Number(p.lat), lon: Number(p.lon), coordSource: p.coord_source }
            : null,
          note: h.note,
        },
        source: 'UN/LOCODE; coordinates by hand',
      }),
    )
  }
  const official = ports.filter((p) => p.coord_source === 'UN/LOCODE').length
  return {
    rows,
    dropped,
    notes: [
      `${ports.length} JP port rows, ${official} with official UN/LOCODE coordinates`,
      `dropped: ${dropped.length ? dropped.join('; ') : 'none'}`,
      ...handNotes.map((n) => `hand-checked ${n}`),
    ],
  }
}

// ---------------------------------------------------------------------------------------------- shelters

const HAZARDS = [
  ['洪水', 'flood'],
  ['崖崩れ、土石流及び地滑り', 'landslide'],
  ['高潮', 'storm-surge'],
  ['地震', 'earthquake'],
  ['津波', 'tsunami'],
  ['大規模な火事', 'large-fire'],
  ['内水氾濫', 'inland-flooding'],
  ['火山現象', 'volcano'],
]
const NANAO = '172022'

function municipalityNames() {
  const json = readJson('shelters/municipality_codes_ishikawa_kumamoto.json')
  const names = new Map()
  for (const pref of Object.values(json))
    for (const city of Object.values(pref.cities)) names.set(city.code, city.cityName)
  return names
}

/** Nanao sites with capacity, keyed by normalised name. */
function nanaoIndex() {
  const index = new Map()
  for (const site of readCsv('shelters/nanao_designated_evacuation_sites_with_capacity.csv')) {
    const key = normName(site.名称)
    if (index.has(key)) fail(`ambiguous Nanao name ${site.名称}`)
    index.set(key, site)
  }
  return index
}

/** "屋内1,371人／屋外5,470人（面積の1/2）" → { indoor: 1371, outdoor: 5470 }; null when not stated. */
function parseCapacity(text) {
  const t = (text ?? '').normalize('NFKC')
  const indoor = t.match(/屋内\s*([\d,]+)\s*人/u)
  const outdoor = t.match(/屋外\s*([\d,]+)\s*人/u)
  const num = (m) => (m ? Number(m[1].replaceAll(',', '')) : null)
  return { indoor: num(indoor), outdoor: num(outdoor) }
}

function nanaoAttributes(row, index, stats) {
  if (row.municipality_code !== NANAO) return { capacity: null, attributes: {} }
  const site = index.get(normName(row['施設・場所名']))
  if (!site) {
    stats.unmatched.push(row['施設・場所名'])
    return { capacity: null, attributes: {} }
  }
  stats.matched += 1
  const { indoor, outdoor } = parseCapacity(site.想定収容人数)
  if (indoor !== null) stats.withCapacity += 1
  return {
    capacity: indoor,
    attributes: {
      nanaoSiteId: site.ID,
      capacityOutdoor: outdoor,
      capacityText: site.想定収容人数,
      nameRomaji: site.名称_英字,
    },
  }
}

const yes = (value) => value === '1' || value === '1.0'

function buildShelters(names, index) {
  const stats = { nanaoRows: 0, matched: 0, withCapacity: 0, unmatched: [] }
  const rows = []
  for (const r of readCsv('shelters/ishikawa_designated_shelters_shitei_hinanjo.csv')) {
    if (r.municipality_code === NANAO) stats.nanaoRows += 1
    const nanao = nanaoAttributes(r, index, stats)
    rows.push(
      place({
        code: `GSI:${r.共通ID}`,
        type: 'shelter',
        name_en: null,
        name_ja: r['施設・場所名'].trim(),
        lat: Number(r.lat),
        lon: Number(r.lon),
        admin_code: r.municipality_code,
        municipality:
          names.get(r.municipality_code) ??
          fail(`unknown municipality_code ${r.municipality_code}`),
        address: r.住所.trim(),
        capacity: nanao.capacity,
        attributes: {
          sameAddressAsEvacuationSite: yes(r.指定緊急避難場所との住所同一) || null,
          acceptedGroups: r.受入対象者.trim(),
          otherDesignationNotes: r.その他市町村長が必要と認める事項.trim(),
          remarks: r.備考.trim(),
          ...nanao.attributes,
        },
        source:
          nanao.capacity !== null || nanao.attributes.nanaoSiteId
            ? 'GSI; Nanao City (CC BY 4.0)'
            : 'GSI',
      }),
    )
  }
  return { rows, stats }
}

function buildEvacuationSites(names, index) {
  const stats = { nanaoRows: 0, matched: 0, withCapacity: 0, unmatched: [] }
  const rows = []
  let noHazard = 0
  for (const r of readCsv(
    'shelters/ishikawa_designated_emergency_evacuation_sites_shitei_kinkyu_hinan_basho.csv',
  )) {
    if (r.municipality_code === NANAO) stats.nanaoRows += 1
    const nanao = nanaoAttributes(r, index, stats)
    const hazards = HAZARDS.filter(([column]) => yes(r[column])).map(([, id]) => id)
    if (hazards.length === 0) noHazard += 1
    rows.push(
      place({
        code: `GSI:${r.共通ID}`,
        type: 'evacuation-site',
        name_en: null,
        name_ja: r['施設・場所名'].trim(),
        lat: Number(r.lat),
        lon: Number(r.lon),
        admin_code: r.municipality_code,
        municipality:
          names.get(r.municipality_code) ??
          fail(`unknown municipality_code ${r.municipality_code}`),
        address: r.住所.trim(),
        capacity: nanao.capacity,
        attributes: {
          hazards,
          sameAddressAsShelter: yes(r.指定避難所との住所同一) || null,
          remarks: r.備考.trim(),
          ...nanao.attributes,
        },
        source:
          nanao.capacity !== null || nanao.attributes.nanaoSiteId
            ? 'GSI; Nanao City (CC BY 4.0)'
            : 'GSI',
      }),
    )
  }
  if (noHazard) warnings.push(`${noHazard} evacuation sites have no hazard flag`)
  return { rows, stats }
}

// ---------------------------------------------------------------------------------------------- municipalities

// Modified Hepburn without macrons (long vowels written as the plain vowel: おお/おう → o, うう → u).
const KANA = Object.fromEntries(
  [
    'あa いi うu えe おo かka きki くku けke こko がga ぎgi ぐgu げge ごgo さsa しshi すsu せse そso ざza じji',
    'ずzu ぜze ぞzo たta ちchi つtsu てte とto だda ぢji づzu でde どdo なna にni ぬnu ねne のno はha ひhi',
    'ふfu へhe ほho ばba びbi ぶbu べbe ぼbo ぱpa ぴpi ぷpu ぺpe ぽpo まma みmi むmu めme もmo やya ゆyu よyo',
    'らra りri るru れre ろro わwa ゐi ゑe をo んn',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [pair[0], pair.slice(1)]),
)
const YOON = { ゃ: 'a', ゅ: 'u', ょ: 'o' }

function romanise(kana) {
  const chars = [...kana.normalize('NFC')]
  let out = ''
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    const next = chars[i + 1]
    if (c === 'っ') {
      const following = next && KANA[next] ? KANA[next] : ''
      out += following.startsWith('ch') ? 't' : (following[0] ?? '')
      continue
    }
    if (c === 'ー') continue
    let syllable = KANA[c]
    if (syllable === undefined) fail(`cannot romanise "${c}" in ${kana}`)
    if (next && YOON[next]) {
      const stem = syllable.slice(0, -1) // き → k, し → sh, ち → ch, じ → j
      syllable = /(sh|ch|j)$/.test(stem) ? stem + YOON[next] : `${stem}y${YOON[next]}`
      i++
    }
    if (c === 'ん' && next && /^[aiueoy]/.test(KANA[next] ?? '')) syllable = "n'"
    out += syllable
  }
  // long vowels without macrons
  return out.replace(/ou/g, 'o').replace(/oo/g, 'o').replace(/uu/g, 'u')
}

const SUFFIXES = { 市: ['し'], 町: ['まち', 'ちょう'], 村: ['むら', 'そん'] }
const KIND = { 市: 'city', 町: 'town', 村: 'village' }

function officesByLgcode() {
  const map = new Map()
  for (const o of readCsv('municipalities/localgovjp_hokuriku_kumamoto_offices.csv'))
    map.set(o.lgcode, o)
  return map
}

function notoFacts() {
  const facts = readCsv('disaster_impacts/noto2024_ishikawa_by_municipality_facts.csv')
  const byCode = new Map()
  for (const f of facts) {
    if (!byCode.has(f.lgcode)) byCode.set(f.lgcode, new Map())
    const metrics = byCode.get(f.lgcode)
    if (!metrics.has(f.metric)) metrics.set(f.metric, [])
    metrics.get(f.metric).push(f)
  }
  const result = new Map()
  for (const [lgcode, metrics] of byCode) {
    const out = {}
    for (const metric of [...metrics.keys()].sort()) {
      const series = metrics.get(metric).sort((a, b) => (a.as_of_jst < b.as_of_jst ? -1 : 1))
      const latest = series[series.length - 1]
      const peak = series.reduce((p, f) => (Number(f.value) > Number(p.value) ? f : p), series[0])
      out[metric] = dropEmpty({
        value: Number(latest.value),
        unit: latest.unit,
        asOf: latest.as_of_jst,
        source: latest.source_url,
        peak:
          Number(peak.value) > Number(latest.value)
            ? { value: Number(peak.value), asOf: peak.as_of_jst, source: peak.source_url }
            : null,
        earlier:
          series.length > 1
            ? series.slice(0, -1).map((f) => ({ value: Number(f.value), asOf: f.as_of_jst }))
            : null,
      })
    }
    result.set(lgcode, out)
  }
  return result
}

function buildMunicipalities(offices) {
  const noto = notoFacts()
  const hokuriku = [...offices.values()].filter((o) => ['16', '17', '18'].includes(o.pid))
  const entries = hokuriku.map((o) => {
    const kindChar = o.city.at(-1)
    const suffix = (SUFFIXES[kindChar] ?? fail(`unexpected municipality name ${o.city}`)).find(
      (s) => o.citykana.endsWith(s),
    )
    if (!suffix) fail(`kana ${o.citykana} of ${o.city} does not end with a ${kindChar} suffix`)
    const stem = romanise(o.citykana.slice(0, -suffix.length))
    return { o, kind: KIND[kindChar], name: stem.charAt(0).toUpperCase() + stem.slice(1) }
  })
  const counts = new Map()
  for (const e of entries) counts.set(e.name, (counts.get(e.name) ?? 0) + 1)
  const usedNoto = new Set()
  const rows = entries.map(({ o, kind, name }) => {
    const facts = noto.get(o.lgcode)
    if (facts) usedNoto.add(o.lgcode)
    return place({
      code: `LG:${o.lgcode}`,
      type: 'municipality',
      name_en: counts.get(name) > 1 ? `${name} (${kind})` : name,
      name_ja: o.city,
      lat: Number(o.lat),
      lon: Number(o.lng),
      admin_code: o.lgcode,
      municipality: o.city,
      attributes: {
        kana: o.citykana,
        kind,
        prefecture: o.pref,
        isoRegion: `JP-${o.pid.padStart(2, '0')}`,
        coordinates: 'municipal office',
        noto2024: facts ?? null,
      },
      source: facts ? 'localgovjp; NHK / Ishikawa Prefecture' : 'localgovjp',
    })
  })
  const unused = [...noto.keys()].filter((code) => !usedNoto.has(code))
  return {
    rows,
    notes: [
      `${hokuriku.length} municipalities (pref 16/17/18)`,
      `with Noto 2024 facts: ${usedNoto.size}`,
      `facts not attached to a municipality row: ${unused.join(', ') || 'none'} (prefecture totals)`,
    ],
  }
}

// ---------------------------------------------------------------------------------------------- validation

function validatePlaces(files) {
  const seen = new Map()
  for (const [file, rows] of Object.entries(files)) {
    for (const [i, r] of rows.entries()) {
      const where = `${file} row ${i + 2} (${r.code})`
      if (!PLACE_CODE.test(r.code)) fail(`${where}: bad code`)
      if (seen.has(r.code)) fail(`${where}: code already used in ${seen.get(r.code)}`)
      seen.set(r.code, file)
      if (!PLACE_TYPES.has(r.type)) fail(`${where}: bad type ${r.type}`)
      if (!(r.lat >= -90 && r.lat <= 90 && r.lon >= -180 && r.lon <= 180))
        fail(`${where}: lat/lon out of range`)
      if (!isJapan(r.lat, r.lon)) fail(`${where}: outside Japan's bounding box`)
      if (!/^[A-Z]{2}$/.test(r.country)) fail(`${where}: bad country`)
      if (r.admin_code !== null && !/^\d{6}$/.test(r.admin_code))
        fail(`${where}: bad admin_code ${r.admin_code}`)
      if (r.capacity !== null && !(Number.isInteger(r.capacity) && r.capacity >= 0))
        fail(`${where}: bad capacity ${r.capacity}`)
      if (!r.name_en && !r.name_ja) fail(`${where}: no name`)
      const attributes = JSON.parse(r.attributes)
      if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
        fail(`${where}: attributes is not an object`)
      if (!r.source) fail(`${where}: no source`)
      for (const column of PLACE_COLUMNS)
        if (typeof r[column] === 'string' && /[\r\n]/.test(r[column]) && column !== 'attributes')
          fail(`${where}: newline in ${column}`)
    }
    for (let i = 1; i < rows.length; i++)
      if (!(rows[i - 1].code < rows[i].code)) fail(`${file}: not sorted at ${rows[i].code}`)
  }
  return seen.size
}

const ITEM_PREFIX = {
  FOOD: 'food',
  WASH: 'wash',
  SHEL: 'shelter',
  NFI: 'nfi',
  HLTH: 'health',
  LOGI: 'logistics',
}
const ITEM_CATEGORIES = new Set(Object.values(ITEM_PREFIX))

function validateItems() {
  const file = path.join(dataDir, 'items.csv')
  const text = fs.readFileSync(file, 'utf8')
  const header = text.slice(0, text.indexOf('\n')).replace(/\r$/, '')
  if (header !== ITEM_COLUMNS.join(',')) fail(`items.csv: header is "${header}"`)
  const items = parse(text, { columns: true, skip_empty_lines: true })
  const eic = new Map(readCsv('catalog/ifrc_supply_item_eic.csv').map((r) => [r['item code'], r]))
  const byItemCode = new Map()
  const positiveInt = (v) => /^[1-9]\d*$/.test(v)
  for (const [i, it] of items.entries()) {
    const where = `items.csv row ${i + 2} (${it.code})`
    const m = /^KZ-(FOOD|WASH|SHEL|NFI|HLTH|LOGI|KIT)-\d{3}$/.exec(it.code)
    if (!m) fail(`${where}: bad code`)
    if (byItemCode.has(it.code)) fail(`${where}: duplicate code`)
    byItemCode.set(it.code, it)
    if (!ITEM_CATEGORIES.has(it.category)) fail(`${where}: bad category`)
    if (m[1] !== 'KIT' && ITEM_PREFIX[m[1]] !== it.category)
      fail(`${where}: code prefix does not match category ${it.category}`)
    if (!it.name_en.trim() || !it.name_ja.trim() || !it.unit.trim())
      fail(`${where}: empty name or unit`)
    if (!positiveInt(it.unit_weight_g) || !positiveInt(it.unit_volume_ml))
      fail(`${where}: weight/volume must be positive integers`)
    if (it.shelf_life_days !== '' && !positiveInt(it.shelf_life_days))
      fail(`${where}: bad shelf_life_days`)
    if (it.ifrc_code) {
      const row =
        eic.get(it.ifrc_code) ?? fail(`${where}: IFRC code ${it.ifrc_code} is not in the EIC file`)
      const w = Math.round(Number(row['weight kg']) * 1000)
      const v = Math.round(Number(row['volume litre']) * 1000)
      if (!(Number(row['weight kg']) > 0) || !(Number(row['volume litre']) > 0))
        fail(`${where}: EIC row ${it.ifrc_code} has no weight/volume`)
      if (Math.abs(Number(it.unit_weight_g) - w) > 1 || Math.abs(Number(it.unit_volume_ml) - v) > 1)
        fail(
          `${where}: weight/volume differ from EIC ${it.ifrc_code} (${row['weight kg']} kg, ${row['volume litre']} L)`,
        )
      if (it.source !== `IFRC EIC ${it.ifrc_code}`)
        fail(`${where}: source should be "IFRC EIC ${it.ifrc_code}"`)
    } else if (!/^(physical|kit): /.test(it.source)) {
      fail(`${where}: source must start with "physical: " or "kit: " when there is no IFRC code`)
    }
    if (m[1] === 'KIT' && !it.kit) fail(`${where}: kit code without components`)
  }
  let kits = 0
  for (const it of items) {
    if (!it.kit) continue
    kits++
    let weight = 0
    let volume = 0
    for (const part of it.kit.split(';')) {
      const pm =
        /^(KZ-[A-Z]+-\d{3})\*([1-9]\d*)$/.exec(part) ??
        fail(`${it.code}: bad kit component "${part}"`)
      const component = byItemCode.get(pm[1]) ?? fail(`${it.code}: unknown component ${pm[1]}`)
      if (component.code === it.code) fail(`${it.code}: kit contains itself`)
      weight += Number(component.unit_weight_g) * Number(pm[2])
      volume += Number(component.unit_volume_ml) * Number(pm[2])
    }
    const w = Number(it.unit_weight_g)
    const v = Number(it.unit_volume_ml)
    if (w < weight || w > weight * 1.3 + 500)
      fail(`${it.code}: kit weight ${w} g is not about the sum of its components (${weight} g)`)
    if (v < volume * 0.9 || v > volume * 1.5)
      fail(`${it.code}: kit volume ${v} mL is not about the sum of its components (${volume} mL)`)
  }
  if (items.length < 160) fail(`items.csv: only ${items.length} items`)
  if (kits < 5) fail(`items.csv: only ${kits} kits`)
  const perCategory = {}
  for (const it of items) perCategory[it.category] = (perCategory[it.category] ?? 0) + 1
  return { count: items.length, kits, ifrc: items.filter((it) => it.ifrc_code).length, perCategory }
}

// ---------------------------------------------------------------------------------------------- main

function main() {
  const offices = officesByLgcode()
  const names = municipalityNames()
  const index = nanaoIndex()

  const airports = buildAirports()
  const seaports = buildSeaports(offices)
  const shelters = buildShelters(names, index)
  const sites = buildEvacuationSites(names, index)
  const municipalities = buildMunicipalities(offices)

  const files = {
    'airports.csv': airports.rows.sort(byCode),
    'seaports.csv': seaports.rows.sort(byCode),
    'shelters.csv': shelters.rows.sort(byCode),
    'evacuation-sites.csv': sites.rows.sort(byCode),
    'municipalities.csv': municipalities.rows.sort(byCode),
  }
  const total = validatePlaces(files)
  const items = validateItems()

  for (const [file, rows] of Object.entries(files))
    writeCsv(path.join(placesDir, file), PLACE_COLUMNS, rows)

  const log = (line) => process.stdout.write(`${line}\n`)
  log(`shared data: ${sharedRoot}`)
  for (const [file, rows] of Object.entries(files)) {
    const types = {}
    for (const r of rows) types[r.type] = (types[r.type] ?? 0) + 1
    log(`data/places/${file}: ${rows.length} rows ${JSON.stringify(types)}`)
  }
  log(`places total: ${total} unique codes`)
  for (const n of airports.notes) log(`  airports: ${n}`)
  for (const n of seaports.notes) log(`  seaports: ${n}`)
  for (const [label, s] of [
    ['shelters', shelters.stats],
    ['evacuation-sites', sites.stats],
  ]) {
    log(
      `  ${label}: Nanao rows ${s.nanaoRows}, matched by name ${s.matched}, with indoor capacity ${s.withCapacity}, unmatched ${s.unmatched.length}`,
    )
  }
  for (const n of municipalities.notes) log(`  municipalities: ${n}`)
  log(
    `data/items.csv: ${items.count} items (${items.kits} kits, ${items.ifrc} grounded in IFRC EIC rows) ${JSON.stringify(items.perCategory)} — valid`,
  )
  for (const w of warnings) log(`warning: ${w}`)
}

try {
  main()
} catch (error) {
  process.stderr.write(`build-data: ${error.message}\n`)
  process.exit(1)
}
