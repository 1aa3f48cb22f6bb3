/**
 * @module web/layout/top-bar
 * The product name, the main navigation, the English/日本語 switch (remembered), and this node's id from
 * /api/health, shown discreetly.
 */
import type { Health } from '@contract/common.js'
import { useTranslation } from 'react-i18next'
import { useApiData } from '../common/use-api-data.js'
import { type Language, setLanguage, useLanguage } from '../i18n/i18n.js'
import { Link, useLocation } from '../router.js'

const sections = [
  { href: '/', key: 'nav.map' },
  { href: '/places', key: 'nav.places' },
  { href: '/items', key: 'nav.items' },
] as const

const languageNames: Record<Language, string> = { en: 'English', ja: '日本語' }

export function TopBar() {
  const { t } = useTranslation()
  const language = useLanguage()
  const { pathname } = useLocation()
  const health = useApiData<Health>('/api/health')
  const isCurrent = (href: string) =>
    href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`)

  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Link href="/" className="brand">
        Kizuna <span lang="ja">絆</span>
      </Link>
      <nav aria-label={t('nav.label')} className="main-nav">
        <ul>
          {sections.map((section) => (
            <li key={section.href}>
              <Link href={section.href} aria-current={isCurrent(section.href) ? 'page' : undefined}>
                {t(section.key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="top-bar-end">
        {/* biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form fieldset */}
        <div className="language-switch" role="group" aria-label={t('language.label')}>
          {(['en', 'ja'] as const).map((each) => (
            <button
              key={each}
              type="button"
              lang={each}
              aria-pressed={language === each}
              onClick={() => void setLanguage(each)}
            >
              {languageNames[each]}
            </button>
          ))}
        </div>
        {health.data ? (
          <span className="node-id" title={t('app.nodeTitle')}>
            {t('app.node', { node: health.data.node })}
          </span>
        ) : health.error ? (
          <span className="node-id offline" role="status">
            {t('app.offline')}
          </span>
        ) : null}
      </div>
    </header>
  )
}
