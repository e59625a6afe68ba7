/// <reference types="vite/client" />
import type { CultureBridge } from '@core/api'

declare global {
  interface Window {
    culture: CultureBridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
