/** @module web/session/forbidden-page — a screen the signed-in user's roles do not open. */
import { useTranslation } from 'react-i18next'
import { Link } from '../router.js'

export function ForbiddenPage() {
  const { t } = useTranslation()
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('forbidden.title')}
      </h1>
      <p className="error" role="alert">
        {t('forbidden.text')}
      </p>
      <p>
        <Link href="/">{t('errors.backHome')}</Link>
      </p>
    </section>
  )
}
