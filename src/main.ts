import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { installHttpBridge } from './api/http-bridge'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import './styles.css'

// The Electron preload has already installed `window.culture`; in browser mode we install it here.
if (!window.culture) installHttpBridge()

createApp(App).use(createPinia()).use(router).use(i18n).mount('#app')
