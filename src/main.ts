import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { installHttpBridge } from './api/http-bridge'
import { installTeamBridge, isTeamServer, loadSession, teamSession } from './api/team-session'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { useSettingsStore } from './stores/settings'
import { applyRememberedTheme } from './theme'
// The app's own fonts (the ones the printed book uses), so screens look the same on every machine,
// one without fonts included.
import '@fontsource/source-sans-3/400.css'
import '@fontsource/source-sans-3/400-italic.css'
import '@fontsource/source-sans-3/600.css'
import '@fontsource/source-sans-3/700.css'
import '@fontsource/source-serif-4/400.css'
import '@fontsource/source-serif-4/400-italic.css'
import '@fontsource/source-serif-4/600.css'
import '@fontsource/source-serif-4/700.css'
import '@fontsource/noto-emoji/400.css'
import './styles.css'

// The theme of the last run at once (the page is still empty), the core's setting when it answers.
applyRememberedTheme()

// The Electron preload has already installed `window.culture`; in browser mode we install it here,
// and on a team server the session's (index.html says which).
if (!window.culture) {
  if (isTeamServer()) installTeamBridge(router)
  else installHttpBridge()
}

const pinia = createPinia()
const app = createApp(App).use(pinia).use(i18n)
// The chosen language before the first paint; a window that cannot reach its core yet speaks the
// system's, and App says why it cannot go on.
// On a team server, who is signed in first (the settings are theirs; signed out, the system's language).
void (teamSession.active ? loadSession() : Promise.resolve(null))
  .then(() => useSettingsStore(pinia).load())
  .catch(() => {})
  // The router starts its first navigation when installed: only now, so its sign-in guard knows who is signed in.
  .then(() => app.use(router).mount('#app'))
