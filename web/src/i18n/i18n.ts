/**
 * @module web/i18n
 * English and Japanese messages (en.json, ja.json: every user-visible string in both). The choice is kept
 * in localStorage and mirrored in <html lang>.
 */
import i18next from 'i18next'
import { initReactI18next, useTranslation } from 'react-i18next'
import en from './en.json'
import ja from './ja.json'

export const languages = ['en', 'ja'] as const
export type Language = (typeof languages)[number]

const storageKey = 'kizuna.language'

function savedLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(storageKey)
    if (saved === 'en' || saved === 'ja') return saved
  } catch {
    // storage may be disabled; fall back to the browser's language
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

export function currentLanguage(): Language {
  return i18next.resolvedLanguage === 'ja' ? 'ja' : 'en'
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(storageKey, language)
  } catch {
    // not remembered, but still switched
  }
  await i18next.changeLanguage(language)
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language
})

export const i18nReady = i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: savedLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...languages],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
})

export { i18next }

/** The chosen language, re-rendering the component when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation()
  return i18n.resolvedLanguage === 'ja' ? 'ja' : 'en'
}
