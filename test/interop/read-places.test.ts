import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { FileProblems } from '../../src/interop/csv/read-table.js'
import { readPlacesCsv, readPlacesJson } from '../../src/interop/places/read-places.js'

const HEADER =
  'code,type,name_en,name_ja,lat,lon,country,admin_code,municipality,address,capacity,attributes'
const COL = { code: 1, type: 2, lat: 5, lon: 6, capacity: 11, attributes: 12 }
const AIRPORT =
  'ICAO:RJNK,airport,Komatsu Airport,小松空港,36.3946,136.407,JP,172031,小松市,,,"{""iata"":""KMQ"",""runwayLengthM"":2700}"'
const SHELTER =
  'GSI:E1720100005111,shelter,,緑小学校,36.570128,136.590705,JP,172014,金沢市,"石川県金沢市みどり1-166",450,'

const file = (lines: readonly string[], eol = '\n') =>
  Buffer.from(lines.map((l) => l + eol).join(''))

function refusal(read: () => unknown): FileProblems {
  let caught: unknown
  try {
    read()
  } catch (error) {
    caught = error
  }
  expect(caught, 'the input should have been refused').toBeInstanceOf(FileProblems)
  return caught as FileProblems
}

// Any finite number, -0 written as 0 (the CSV text cannot tell them apart).
const coordinate = fc
  .oneof(fc.double({ noNaN: true, min: -1000, max: 1000 }), fc.constantFrom(-180, -90, 90, 180))
  .map((x) => (x === 0 ? 0 : x))

describe('readPlacesCsv', () => {
  it('reads coordinates, whole numbers, empty cells as null and attributes as a JSON object', () => {
    const rows = readPlacesCsv('places.csv', file([HEADER, AIRPORT, SHELTER]))
    expect(rows).toEqual([
      {
        line: 2,
        code: 'ICAO:RJNK',
        type: 'airport',
        nameEn: 'Komatsu Airport',
        nameJa: '小松空港',
        lat: 36.3946,
        lon: 136.407,
        country: 'JP',
        adminCode: '172031',
        municipality: '小松市',
        address: null,
        capacity: null,
        attributes: { iata: 'KMQ', runwayLengthM: 2700 },
      },
      {
        line: 3,
        code: 'GSI:E1720100005111',
        type: 'shelter',
        nameEn: null,
        nameJa: '緑小学校',
        lat: 36.570128,
        lon: 136.590705,
        country: 'JP',
        adminCode: '172014',
        municipality: '金沢市',
        address: '石川県金沢市みどり1-166',
        capacity: 450,
        attributes: {},
      },
    ])
  })

  it('reads a file with only the required columns, in any order', () => {
    const rows = readPlacesCsv(
      'places.csv',
      file(['country,lon,lat,type,code,name_en', 'JP,-0.5,-33.25,hub,HUB:TEST,Test hub']),
    )
    expect(rows).toEqual([
      expect.objectContaining({
        code: 'HUB:TEST',
        type: 'hub',
        lat: -33.25,
        lon: -0.5,
        nameJa: null,
        capacity: null,
        attributes: {},
      }),
    ])
  })

  it('refuses a header without the country column, naming it and line 1', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file(['code,type,name_en,lat,lon', 'ICAO:RJNK,airport,K,36,136']),
      ),
    )
    expect(error.file).toBe('places.csv')
    expect(error.problems).toEqual([expect.objectContaining({ field: 'country', line: 1 })])
    expect(error.message).toContain('places.csv: line 1')
  })

  it('refuses a latitude of 95, naming the file, line and column', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file([HEADER, AIRPORT, 'HUB:KOMATSU,hub,Komatsu hub,,95,136.4,JP,,,,,']),
      ),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'lat', line: 3, column: COL.lat }),
    ])
    expect(error.message).toMatch(/^places\.csv: line 3, column 5 \(lat\): "95"/)
  })

  it('refuses a longitude that is not a number and a capacity that is not whole', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file([HEADER, 'HUB:KOMATSU,hub,Komatsu hub,,36.4,136E,JP,,,,12.5,']),
      ),
    )
    expect(error.problems.map((p) => [p.field, p.line, p.column])).toEqual([
      ['lon', 2, COL.lon],
      ['capacity', 2, COL.capacity],
    ])
  })

  it('refuses an unknown place type, naming the type column', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file([HEADER, AIRPORT, 'ICAO:RJBB,airfield,Kansai,,34.43,135.23,JP,,,,,']),
      ),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'type', line: 3, column: COL.type }),
    ])
    expect(error.message).toContain('unknown place type "airfield"')
  })

  it('refuses a place with no name in either language, once', () => {
    const error = refusal(() =>
      readPlacesCsv('places.csv', file([HEADER, 'HUB:X,hub,,,36,136,JP,,,,,'])),
    )
    expect(error.problems).toEqual([expect.objectContaining({ line: 2, column: 3 })])
    expect(error.message).toContain('a name in English or Japanese is required')
  })

  it('refuses a duplicate code, naming its line and column and the line where it first appeared', () => {
    const error = refusal(() =>
      readPlacesCsv('places.csv', file([HEADER, AIRPORT, SHELTER, AIRPORT])),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'code', line: 4, column: COL.code }),
    ])
    expect(error.message).toContain('duplicate code "ICAO:RJNK", first on line 2')
  })

  it('refuses a row with too few fields, naming the first missing column', () => {
    const error = refusal(() =>
      readPlacesCsv('places.csv', file([HEADER, AIRPORT, 'ICAO:RJBB,airport,Kansai,,34.43'])),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'row', line: 3, column: 6 })])
  })

  it('refuses attributes that are not a JSON object, naming the attributes column', () => {
    for (const attributes of ['"{iata:KMQ}"', '"[1,2]"', '"""KMQ"""']) {
      const error = refusal(() =>
        readPlacesCsv(
          'places.csv',
          file([HEADER, `ICAO:RJNK,airport,Komatsu,,36,136,JP,,,,,${attributes}`]),
        ),
      )
      expect(error.problems).toEqual([
        expect.objectContaining({ field: 'attributes', line: 2, column: COL.attributes }),
      ])
    }
  })

  it('refuses Shift_JIS bytes, naming the line that holds them', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${AIRPORT}\nGSI:E1,shelter,,`),
      Buffer.from([0x82, 0xa0]), // あ in Shift_JIS
      Buffer.from(',36.5,136.6,JP,,,,,\n'),
    ])
    const error = refusal(() => readPlacesCsv('shelters-sjis.csv', bytes))
    expect(error.problems).toEqual([expect.objectContaining({ field: 'encoding', line: 3 })])
    expect(error.message).toContain('shelters-sjis.csv: line 3')
  })

  it('refuses a quote that is never closed, naming the line where it opened', () => {
    const error = refusal(() =>
      readPlacesCsv('places.csv', file([HEADER, AIRPORT, 'HUB:X,hub,"Open,,36,136,JP,,,,,'])),
    )
    expect(error.problems[0]).toMatchObject({ field: 'csv', line: 3 })
  })

  it('counts the lines of a quoted address that spans two lines when naming a later bad row', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file([
          HEADER,
          'HUB:A,hub,Hub A,,36,136,JP,,,"1-1 Main Street',
          'Kanazawa",,',
          AIRPORT,
          'HUB:B,hub,Hub B,,95,136,JP,,,,,',
        ]),
      ),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'lat', line: 5 })])
  })

  it('counts blank lines when naming a bad row', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file([HEADER, '', AIRPORT, '', 'HUB:B,hub,Hub B,,95,136,JP,,,,,']),
      ),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'lat', line: 5 })])
  })

  it('counts the lines of a quoted address that spans two lines in a CRLF file', () => {
    const error = refusal(() =>
      readPlacesCsv(
        'places.csv',
        file(
          [
            HEADER,
            'HUB:A,hub,Hub A,,36,136,JP,,,"1-1 Main Street',
            'Kanazawa",,',
            AIRPORT,
            'HUB:B,hub,Hub B,,95,136,JP,,,,,',
          ],
          '\r\n',
        ),
      ),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'lat', line: 5 })])
  })

  fcTest.prop([coordinate, coordinate])(
    'accepts a coordinate exactly when it lies within -90..90 and -180..180',
    (lat, lon) => {
      const read = () =>
        readPlacesCsv('places.csv', file([HEADER, `HUB:X,hub,X,,${lat},${lon},JP,,,,,`]))
      if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
        expect(read()[0]).toMatchObject({ lat, lon })
      } else {
        const error = refusal(read)
        expect(
          error.problems.every(
            (p) => p.line === 2 && (p.column === COL.lat || p.column === COL.lon),
          ),
        ).toBe(true)
      }
    },
  )
})

describe('readPlacesJson (what `kizuna export places --format json` writes)', () => {
  const place = {
    code: 'ICAO:RJNK',
    type: 'airport',
    nameEn: 'Komatsu Airport',
    nameJa: null,
    lat: 36.3946,
    lon: 136.407,
    country: 'JP',
    adminCode: null,
    municipality: null,
    address: null,
    capacity: null,
    attributes: { iata: 'KMQ' },
    id: 'ignored',
    status: null,
  }

  it('reads an array of places, and the same array under "places"', () => {
    const expected = [
      {
        line: 1,
        code: 'ICAO:RJNK',
        type: 'airport',
        nameEn: 'Komatsu Airport',
        nameJa: null,
        lat: 36.3946,
        lon: 136.407,
        country: 'JP',
        adminCode: null,
        municipality: null,
        address: null,
        capacity: null,
        attributes: { iata: 'KMQ' },
      },
    ]
    expect(readPlacesJson('places.json', Buffer.from(JSON.stringify([place])))).toEqual(expected)
    expect(readPlacesJson('places.json', Buffer.from(JSON.stringify({ places: [place] })))).toEqual(
      expected,
    )
  })

  it('refuses a latitude given as text and a duplicate code, naming the records', () => {
    const error = refusal(() =>
      readPlacesJson(
        'places.json',
        Buffer.from(JSON.stringify([place, { ...place, code: 'HUB:X', lat: '36.4' }, place])),
      ),
    )
    expect(error.file).toBe('places.json')
    expect(error.problems.map((p) => [p.field, p.line])).toEqual([
      ['lat', 2],
      ['code', 3],
    ])
  })

  it('refuses a JSON value that is not a list of places', () => {
    const error = refusal(() => readPlacesJson('places.json', Buffer.from('{"code":"ICAO:RJNK"}')))
    expect(error.problems[0]).toMatchObject({ field: 'json', line: 1 })
  })
})
