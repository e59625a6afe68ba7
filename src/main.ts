import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { installHttpBridge } from './api/http-bridge'
import App from './App.vue'
import { router } from './router'
import './styles.css'

// The Electron preload has already installed `window.culture`; in browser mode we install it here.
if (!window.culture) installHttpBridge()

createApp(App).use(createPinia()).use(router).mount('#app')
