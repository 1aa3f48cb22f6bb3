/** @module web/main — starts the app once the messages are loaded. */
import 'leaflet/dist/leaflet.css'
import './styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { i18next, i18nReady } from './i18n/i18n.js'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

void i18nReady.then(() => {
  document.documentElement.lang = i18next.resolvedLanguage ?? 'en'
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
})
