/**
 * @module interop/waybill/html
 * The waybill as one self-contained, printable HTML page (A4, print CSS, no script): the QR code is
 * inline SVG and the only outside reference is the Japanese font, served by the node (the machine
 * printing may have none); a reader's own Noto Sans JP is used first when installed.
 */
import type { Waybill } from '../../domain/transport/waybill.js'
import { formatNumber, formatTime, type WaybillLabels, waybillLabels } from './labels.js'
import { qrMatrix, qrSvg } from './qr.js'

export interface WaybillHtmlOptions {
  /** Where the page loads Noto Sans JP from (the node's /api/fonts route). */
  readonly fontUrl: string
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c)
}
const e = escapeHtml

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
  .sheet { background: #fff; margin: 8mm auto; padding: 12mm; width: 210mm; min-height: 297mm; box-shadow: 0 0 4px #999; }
}
header { display: flex; justify-content: space-between; align-items: flex-start; gap: 8mm; border-bottom: 0.6mm solid #000; padding-bottom: 3mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
.id { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 11pt; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 3mm 0 0; }
dt { font-weight: 700; }
dd { margin: 0; }
figure { margin: 0; text-align: center; max-width: 60mm; }
figure svg { display: block; margin: 0 auto; }
figcaption { font-size: 8pt; }
.url { font-size: 7pt; word-break: break-all; color: #333; }
table { width: 100%; border-collapse: collapse; margin-top: 5mm; }
th, td { border: 0.25mm solid #000; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; text-align: left; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.code { display: block; font-size: 8pt; color: #333; }
tfoot td { font-weight: 700; background: #f5f5f5; }
.unmeasured { font-size: 8pt; margin-top: 2mm; }
.signatures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; margin-top: 8mm; break-inside: avoid; }
.signatures div { border: 0.25mm solid #000; height: 28mm; padding: 1.5mm; font-size: 8pt; }
.signatures b { display: block; font-size: 9pt; }
`

function facts(w: Waybill, t: WaybillLabels): string {
  const route =
    w.route.length === 0
      ? t.direct
      : w.route
          .map(
            (leg) =>
              `${e(leg.from)} → ${e(leg.to)} (${t.modes[leg.mode]}, ${formatNumber(leg.distanceKm, 0)} km)`,
          )
          .join('<br>')
  const asset = w.asset
    ? `${e(w.asset.name)} — ${t.kinds[w.asset.kind]}${w.asset.type ? ` ${e(w.asset.type)}` : ''} (${t.payload} ${formatNumber(w.asset.payloadKg, 0)} kg, ${formatNumber(w.asset.volumeM3, 1)} m³)`
    : '—'
  const rows: [string, string][] = [
    [t.status, t.statuses[w.status]],
    [t.shipper, e(w.shipper)],
    [t.origin, `${e(w.origin.name)} <span class="code">${e(w.origin.code)}</span>`],
    [t.destination, `${e(w.destination.name)} <span class="code">${e(w.destination.code)}</span>`],
    [t.asset, asset],
    [t.route, route],
    [t.created, formatTime(w.createdAt)],
    [t.dispatched, formatTime(w.dispatchedAt)],
    [t.issued, formatTime(w.issuedAt)],
  ]
  if (w.note) rows.push([t.note, e(w.note)])
  return `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`
}

function lines(w: Waybill, t: WaybillLabels): string {
  const head = [t.line, t.item, t.lot, t.expiry, t.owner, t.quantity, t.unit, t.weight, t.volume]
  const body = w.rows
    .map(
      (r) =>
        `<tr><td class="num">${r.line}</td><td>${e(r.itemName)}<span class="code">${e(r.itemCode)}</span></td><td>${e(r.lot ?? '—')}</td><td>${e(r.expiresOn ?? '—')}</td><td>${e(r.owner)}</td><td class="num">${formatNumber(r.quantity, 0)}</td><td>${e(r.unit)}</td><td class="num">${formatNumber(r.weightKg)}</td><td class="num">${formatNumber(r.volumeM3)}</td></tr>`,
    )
    .join('\n')
  const totals = `<tr><td colspan="7">${t.totals}: ${w.totals.lines} ${t.lines}</td><td class="num">${formatNumber(w.totals.weightKg)}</td><td class="num">${formatNumber(w.totals.volumeM3)}</td></tr>`
  const unmeasured =
    w.totals.unmeasured.length > 0
      ? `<p class="unmeasured">${t.unmeasured}: ${w.totals.unmeasured.map(e).join(', ')}</p>`
      : ''
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${body}
</tbody><tfoot>${totals}</tfoot></table>${unmeasured}`
}

export function renderWaybillHtml(w: Waybill, options: WaybillHtmlOptions): string {
  const t = waybillLabels[w.lang]
  const signatures = [t.releasedBy, t.carriedBy, t.receivedBy]
    .map((who) => `<div><b>${who}</b>${t.nameDateSignature}</div>`)
    .join('')
  return `<!doctype html>
<html lang="${w.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${t.title} ${e(w.id)}</title>
<style>${style(options.fontUrl)}</style>
</head>
<body>
<main class="sheet">
<header>
<div>
<h1>${t.title}</h1>
<div>${t.consignment}: <span class="id">${e(w.id)}</span></div>
${facts(w, t)}
</div>
<figure>
${qrSvg(qrMatrix(w.receiveUrl))}
<figcaption>${t.scan}<br><span class="url">${e(w.receiveUrl)}</span></figcaption>
</figure>
</header>
${lines(w, t)}
<section class="signatures" aria-label="${t.signatures}">${signatures}</section>
</main>
</body>
</html>
`
}
