/**
 * @module web/operations/operations-page
 * /operations: the operations this user may see (GET /api/operations), newest first, each with its dates
 * and how many of the standards it sets its own figure for; a name opens the operation to change it.
 */
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { useApiData } from '../common/use-api-data.js'
import { Link } from '../router.js'
import type { Operation } from './operations.js'

export function OperationsPage() {
  const { t } = useTranslation()
  const { data, error, loading, reload } = useApiData<{ operations: Operation[] }>(
    '/api/operations',
  )
  const operations = [...(data?.operations ?? [])].sort((a, b) =>
    b.startedOn.localeCompare(a.startedOn),
  )
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('operations.title')}
      </h1>
      <p className="subtle">{t('operations.intro')}</p>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {data && operations.length === 0 && <p className="empty">{t('operations.empty')}</p>}
      {operations.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" aria-busy={loading}>
            <caption className="visually-hidden">{t('operations.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operations.fields.name')}</th>
                <th scope="col">{t('operations.fields.startedOn')}</th>
                <th scope="col">{t('operations.fields.endedOn')}</th>
                <th scope="col" className="number">
                  {t('operations.columns.ownFigures')}
                </th>
              </tr>
            </thead>
            <tbody>
              {operations.map((operation) => (
                <tr key={operation.id}>
                  <th scope="row">
                    <Link href={`/operations/${operation.id}`}>{operation.name}</Link>
                  </th>
                  <td className="nowrap">{operation.startedOn}</td>
                  <td className="nowrap">{operation.endedOn ?? t('operations.ongoing')}</td>
                  <td className="number">{Object.keys(operation.standards).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
