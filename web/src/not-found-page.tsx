/** @module web/not-found-page — any path the app does not know. */
import { useTranslation } from 'react-i18next'
import { Link } from './router.js'

export function NotFoundPage({ path }: { path: string }) {
  const { t } = useTranslation()
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('errors.notFound')}
      </h1>
      <p>{t('errors.notFoundText', { path })}</p>
      <p>
        <Link href="/">{t('errors.backHome')}</Link>
      </p>
    </section>
  )
}
