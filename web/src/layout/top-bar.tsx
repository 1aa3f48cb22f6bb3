/**
 * @module web/layout/top-bar
 * The product name, the main navigation (and, for admins, the administration entries), the
 * English/日本語 switch (remembered; there on the sign-in screen too), this node's id from /api/health,
 * and who is signed in — name, organisation code and roles — with a way to sign out.
 */
import type { Health } from '@contract/common.js'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { useApiData } from '../common/use-api-data.js'
import { type Language, setLanguage, useLanguage } from '../i18n/i18n.js'
import { Link, useLocation } from '../router.js'
import { hasRole, signOut, useSession } from '../session/session.js'

const sections = [
  { href: '/', key: 'nav.map' },
  { href: '/dashboard', key: 'dashboard.nav' },
  { href: '/places', key: 'nav.places' },
  { href: '/stock', key: 'nav.stock' },
  { href: '/requests', key: 'nav.requests' },
  { href: '/operations', key: 'nav.operations' },
  { href: '/needs', key: 'nav.needs' },
  { href: '/pledges', key: 'nav.pledges' },
  { href: '/plans', key: 'plans.nav' },
  { href: '/proposals', key: 'proposals.nav' },
  { href: '/transport', key: 'nav.transport' },
  { href: '/consignments', key: 'consignments.nav' },
  { href: '/scan', key: 'scan.nav' },
  { href: '/items', key: 'nav.items' },
  { href: '/partners', key: 'nav.partners' },
] as const

const adminSections = [
  { href: '/admin/users', key: 'nav.users' },
  { href: '/admin/tokens', key: 'nav.tokens' },
  { href: '/admin/audit', key: 'nav.audit' },
  { href: '/admin/peers', key: 'peers.nav' },
] as const

const languageNames: Record<Language, string> = { en: 'English', ja: '日本語' }

export function TopBar() {
  const { t } = useTranslation()
  const language = useLanguage()
  const { pathname } = useLocation()
  const session = useSession()
  const health = useApiData<Health>('/api/health')
  const [signOutError, setSignOutError] = useState<ApiError>()
  const isCurrent = (href: string) =>
    href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`)
  const signedIn = session.status === 'signed-in' ? session.session : undefined
  const showNav = signedIn !== undefined && !signedIn.user.mustChangePassword

  const onSignOut = async () => {
    setSignOutError(undefined)
    try {
      await signOut()
    } catch (error) {
      setSignOutError(
        error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error)),
      )
    }
  }

  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Link href="/" className="brand">
        Kizuna <span lang="ja">絆</span>
      </Link>
      {showNav && (
        <nav aria-label={t('nav.label')} className="main-nav">
          <ul>
            {sections.map((section) => (
              <li key={section.href}>
                <Link
                  href={section.href}
                  aria-current={isCurrent(section.href) ? 'page' : undefined}
                >
                  {t(section.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {showNav && hasRole(signedIn, 'admin') && (
        <nav aria-label={t('nav.adminLabel')} className="main-nav admin-nav">
          <ul>
            {adminSections.map((section) => (
              <li key={section.href}>
                <Link
                  href={section.href}
                  aria-current={isCurrent(section.href) ? 'page' : undefined}
                >
                  {t(section.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
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
        {signedIn && (
          <div className="account">
            <p className="account-who">
              <span className="visually-hidden">{t('account.signedInAs')} </span>
              <span className="account-name">
                {signedIn.user.displayName ?? signedIn.user.username}
              </span>{' '}
              <abbr
                className="account-org"
                title={
                  language === 'ja' && signedIn.org.nameJa
                    ? signedIn.org.nameJa
                    : signedIn.org.nameEn
                }
              >
                {signedIn.org.code}
              </abbr>
              <span className="visually-hidden">{t('account.roles')} </span>
              <span className="account-roles">
                {signedIn.user.roles
                  .map((role) => t(`role.${role}`))
                  .join(t('account.roleSeparator'))}
              </span>
            </p>
            {showNav && (
              <Link
                href="/account/password"
                className="account-link"
                aria-current={isCurrent('/account/password') ? 'page' : undefined}
              >
                {t('account.changePassword')}
              </Link>
            )}
            <button type="button" className="sign-out" onClick={() => void onSignOut()}>
              {t('account.signOut')}
            </button>
          </div>
        )}
      </div>
      {signOutError && (
        <div className="top-bar-error">
          <ErrorMessage error={signOutError} title={t('account.signOutFailed')} />
        </div>
      )}
    </header>
  )
}
