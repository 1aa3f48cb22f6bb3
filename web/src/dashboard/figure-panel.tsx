/**
 * @module web/dashboard/figure-panel
 * The frame every figure shares: its heading, a note on what it counts, the chart, its numbers as a
 * table (behind "Show table", or shown when the table is the figure) and a link to its CSV.
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export function FigurePanel({
  id,
  title,
  notes = [],
  chart,
  table,
  tableShown = false,
  csv,
  empty,
}: {
  id: string
  title: string
  notes?: readonly (string | false | null | undefined)[]
  chart?: ReactNode
  table: ReactNode
  /** The table is the figure itself (not behind a toggle). */
  tableShown?: boolean
  csv: string
  /** Said instead of the chart and table when there is nothing to show. */
  empty?: string | undefined
}) {
  const { t } = useTranslation()
  const titleId = `${id}-title`
  return (
    <section className="panel dashboard-figure" aria-labelledby={titleId} data-figure={id}>
      <h2 id={titleId}>{title}</h2>
      {notes.filter(Boolean).map((note) => (
        <p key={note as string} className="subtle">
          {note}
        </p>
      ))}
      {empty ? (
        <p className="empty">{empty}</p>
      ) : tableShown ? (
        <TableWrap label={title}>{table}</TableWrap>
      ) : (
        <>
          {chart}
          <details className="figure-table">
            <summary>
              {t('dashboard.showTable')}
              <span className="visually-hidden">: {title}</span>
            </summary>
            <TableWrap label={title}>{table}</TableWrap>
          </details>
        </>
      )}
      <p className="download">
        <a href={csv} download>
          {t('dashboard.download')}
          <span className="visually-hidden">: {title}</span>
        </a>
      </p>
    </section>
  )
}

/** A table that may scroll sideways in a half-width panel: a named region the keyboard can scroll. */
function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus to be scrolled by keyboard
    // biome-ignore lint/a11y/useSemanticElements: a group of tables, not a form fieldset
    <div className="table-wrap" role="group" tabIndex={0} aria-label={label}>
      {children}
    </div>
  )
}
