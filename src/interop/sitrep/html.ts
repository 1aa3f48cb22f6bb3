/**
 * @module interop/sitrep/html
 * The situation report as one self-contained, printable HTML page (A4, print CSS, no script): the map
 * is inline SVG and the only outside reference is the Japanese font, served by the node, as for the
 * waybill. Every table says what it counts; times are in the zone named in the head.
 */
import { escapeHtml as e } from '../waybill/html.js'
import { formatCount, formatInZone, zoneName } from './format.js'
import { categoryName, type SitrepLabels, sitrepLabels } from './labels.js'
import { mapColours, mapSvg } from './map.js'
import type { Sitrep } from './report.js'

export interface SitrepHtmlOptions {
  /** Where the page loads Noto Sans JP from (the node's /api/fonts route). */
  readonly fontUrl: string
}

const style = (fontUrl: string) => `
@font-face {
  font-family: 'Kizuna Noto Sans JP';
  src: local('Noto Sans JP'), local('NotoSansJP-Regular'), url('${e(fontUrl)}') format('truetype');
  font-weight: 400;
  font-display: swap;
}
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html { font-family: 'Kizuna Noto Sans JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif; font-size: 10pt; color: #000; }
body { margin: 0; }
.sheet { width: 186mm; margin: 0 auto; }
@media screen {
  html { background: #e5e5e5; }
  .sheet { background: #fff; margin: 8mm auto; padding: 12mm; width: 210mm; box-shadow: 0 0 4px #999; }
}
header { border-bottom: 0.6mm solid #000; padding-bottom: 3mm; }
h1 { font-size: 20pt; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
.operation { font-size: 14pt; font-weight: 700; }
dl.head { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 2mm 0 0; }
dt { font-weight: 700; }
dd { margin: 0; }
.note { font-size: 8.5pt; color: #333; margin: 1mm 0; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 0; padding: 0; list-style: none; }
.figures li { border: 0.3mm solid #000; padding: 2mm 3mm; break-inside: avoid; }
.figures b { display: block; font-size: 18pt; font-variant-numeric: tabular-nums; }
.figures span { display: block; font-size: 8pt; color: #333; }
figure { margin: 0; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 0.3mm solid #000; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 5mm; font-size: 8.5pt; margin-top: 1.5mm; padding: 0; list-style: none; }
.legend i { display: inline-block; width: 3.2mm; height: 3.2mm; margin-right: 1.2mm; vertical-align: -0.5mm; }
.legend .hub { background: ${mapColours.hub}; }
.legend .destination { background: ${mapColours.destination}; border-radius: 50%; }
.legend .flow { height: 0; border-top: 0.6mm solid ${mapColours.flow}; vertical-align: 0.6mm; }
.legend .late { height: 0; border-top: 0.6mm dashed ${mapColours.late}; vertical-align: 0.6mm; }
.legend .area { background: rgba(217, 72, 15, 0.12); border: 0.4mm dashed ${mapColours.area}; }
table { width: 100%; border-collapse: collapse; margin-top: 1mm; }
th, td { border: 0.25mm solid #000; padding: 0.8mm 1.5mm; vertical-align: top; }
th { background: #eee; text-align: left; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td, tfoot th { font-weight: 700; background: #f5f5f5; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
.empty { font-style: italic; }
.id { font-size: 7.5pt; word-break: break-all; }
`

const n = (value: number, digits = 0) => formatCount(value, digits)
const kg = (value: number) => formatCount(value, 1)

function table(
  head: string[],
  rows: string[][],
  options: { numeric?: number[]; foot?: string[] } = {},
): string {
  const numeric = new Set(options.numeric ?? [])
  const cell = (text: string, i: number, tag = 'td') =>
    `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${text}</${tag}>`
  const foot = options.foot
    ? `<tfoot><tr>${options.foot.map((text, i) => cell(text, i, i === 0 ? 'th' : 'td')).join('')}</tr></tfoot>`
    : ''
  return `<table><thead><tr>${head.map((h, i) => cell(h, i, 'th')).join('')}</tr></thead><tbody>
${rows.map((row) => `<tr>${row.map((text, i) => cell(text, i)).join('')}</tr>`).join('\n')}
</tbody>${foot}</table>`
}

function keyFigures(s: Sitrep, t: SitrepLabels): string {
  const tile = (label: string, value: string, note: string) =>
    `<li><span>${label}</span><b>${value}</b><span>${note}</span></li>`
  const people = s.people
    ? tile(t.peopleInShelters, n(s.people.people), e(t.peopleNote(s.people.places, s.people.asOf)))
    : ''
  return `<ul class="figures">
${tile(
  t.requests,
  n(s.requests.requests),
  s.requests.byStatus
    .filter((row) => row.requests > 0)
    .map((row) => `${t.statuses[row.status]} ${n(row.requests)}`)
    .join(' · '),
)}
${tile(t.quantityRequested, n(s.requests.quantityRequested), t.baseUnits)}
${tile(t.quantityDelivered, n(s.requests.quantityDelivered), t.baseUnits)}
${people}
${tile(t.stockAvailable, n(s.stock.totals.available), `${kg(s.stock.totals.weightKg)} kg · ${t.stockNote(s.stock.places)}`)}
${tile(t.inFlight, n(s.consignments.inFlight), t.inFlightNote(s.consignments.late, s.consignments.dueSoon, s.consignments.dueWithinHours))}
</ul>`
}

function map(s: Sitrep, t: SitrepLabels): string {
  if (!s.map) return `<p class="empty">${t.mapNone}</p>`
  const legend = [
    ['hub', t.legend.hub],
    ['destination', t.legend.destination],
    ['flow', t.legend.flow],
    ['late', t.legend.late],
    ...(s.operation.hasArea ? [['area', t.legend.area]] : []),
  ]
    .map(([kind, label]) => `<li><i class="${kind}"></i>${label}</li>`)
    .join('')
  return `<figure>${mapSvg(s.map, t.mapTitle(s.operation.name))}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>`
}

function unmet(s: Sitrep, t: SitrepLabels): string {
  const byPriority = table(
    [t.priority, t.open, t.weightKg, t.lines],
    s.unmet.byPriority.map((r) => [
      t.priorities[r.priority],
      n(r.openQuantity),
      kg(r.openWeightKg),
      n(r.lines),
    ]),
    { numeric: [1, 2, 3] },
  )
  const byPlace =
    s.unmet.rows.length === 0
      ? `<p class="empty">${t.unmetNone}</p>`
      : table(
          [t.place, t.priority, t.open, t.weightKg, t.lines],
          s.unmet.rows.map((r) => [
            e(r.place),
            t.priorities[r.priority],
            n(r.openQuantity),
            kg(r.openWeightKg),
            n(r.lines),
          ]),
          { numeric: [2, 3, 4] },
        )
  return `<h3>${t.byPriority}</h3>${byPriority}<h3>${t.byPlace}</h3>${byPlace}`
}

function pipeline(s: Sitrep, t: SitrepLabels): string {
  const stages = ['requested', 'validated', 'planned', 'dispatched', 'delivered'] as const
  return table(
    [t.day, ...stages.map((stage) => t.stages[stage])],
    s.pipeline.days.map((d) => [d.day, ...stages.map((stage) => n(d[stage]))]),
    {
      numeric: [1, 2, 3, 4, 5],
      foot: [t.total, ...stages.map((stage) => n(s.pipeline.totals[stage]))],
    },
  )
}

function byStatus(s: Sitrep, t: SitrepLabels): string {
  return table(
    [t.status, t.count],
    s.requests.byStatus
      .filter((r) => r.requests > 0)
      .map((r) => [t.statuses[r.status], n(r.requests)]),
    { numeric: [1], foot: [t.total, n(s.requests.requests)] },
  )
}

function stock(s: Sitrep, t: SitrepLabels): string {
  const { totals } = s.stock
  return table(
    [t.category, t.posted, t.pending, t.available, t.weightKg],
    s.stock.rows.map((r) => [
      e(categoryName(t, r.category)),
      n(r.posted),
      n(r.pending),
      n(r.available),
      kg(r.weightKg),
    ]),
    {
      numeric: [1, 2, 3, 4],
      foot: [
        t.total,
        n(totals.posted),
        n(totals.pending),
        n(totals.available),
        kg(totals.weightKg),
      ],
    },
  )
}

function consignments(s: Sitrep, t: SitrepLabels): string {
  const c = s.consignments
  const more = c.withoutEta > 0 ? `<p class="note">${e(t.withoutEta(c.withoutEta))}</p>` : ''
  if (c.rows.length === 0)
    return `<p class="empty">${e(t.consignmentsNone(c.dueWithinHours))}</p>${more}`
  return `${table(
    [t.consignment, t.route, t.eta, t.against, t.quantity],
    c.rows.map((r) => [
      `<span class="id">${e(r.id)}</span>`,
      `${e(r.origin)} → ${e(r.destination)}`,
      formatInZone(r.eta, s.zone),
      `${t.states[r.state]} ${e(t.minutes(r.state, r.minutes))}`,
      n(r.quantity),
    ]),
    { numeric: [4] },
  )}${more}`
}

function contributions(s: Sitrep, t: SitrepLabels): string {
  if (s.contributions.length === 0) return `<p class="empty">${t.contributionsNone}</p>`
  return table(
    [t.partner, t.received, t.receivedKg, t.pledgesConfirmed, t.pledgesReceived, t.delivered],
    s.contributions.map((p) => [
      e(p.partner),
      n(p.receivedQuantity),
      kg(p.receivedWeightKg),
      n(p.pledgesConfirmed),
      n(p.pledgesReceived),
      n(p.consignmentsDelivered),
    ]),
    { numeric: [1, 2, 3, 4, 5] },
  )
}

export function renderSitrepHtml(s: Sitrep, options: SitrepHtmlOptions): string {
  const t = sitrepLabels[s.lang]
  const period = `${s.operation.startedOn} – ${s.operation.endedOn ?? t.ongoing}`
  return `<!doctype html>
<html lang="${s.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${t.title} — ${e(s.operation.name)}</title>
<style>${style(options.fontUrl)}</style>
</head>
<body>
<main class="sheet">
<header>
<h1>${t.title}</h1>
<div class="operation">${e(s.operation.name)}</div>
<dl class="head">
<dt>${t.period}</dt><dd>${period}</dd>
<dt>${t.generated}</dt><dd>${formatInZone(s.generatedAt, s.zone)}</dd>
<dt>${t.zone}</dt><dd>${e(zoneName(s.generatedAt, s.zone))}</dd>
</dl>
<p class="note">${e(t.reader(s.reader))}</p>
</header>
<section aria-labelledby="key-figures"><h2 id="key-figures">${t.keyFigures}</h2>${keyFigures(s, t)}</section>
<section aria-labelledby="map"><h2 id="map">${t.map}</h2>${map(s, t)}</section>
<section aria-labelledby="unmet"><h2 id="unmet">${t.unmetTitle}</h2>${unmet(s, t)}</section>
<section aria-labelledby="pipeline"><h2 id="pipeline">${e(t.pipelineTitle(s.pipeline.days.length))}</h2>${pipeline(s, t)}</section>
<div class="columns">
<section aria-labelledby="by-status"><h2 id="by-status">${t.requestsByStatus}</h2>${byStatus(s, t)}</section>
<section aria-labelledby="stock"><h2 id="stock">${t.stockTitle}</h2>${stock(s, t)}</section>
</div>
<section aria-labelledby="consignments"><h2 id="consignments">${t.consignmentsTitle}</h2>${consignments(s, t)}</section>
<section aria-labelledby="contributions"><h2 id="contributions">${t.contributionsTitle}</h2>${contributions(s, t)}</section>
</main>
</body>
</html>
`
}
