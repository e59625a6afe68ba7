import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Whether the command palette shows: Ctrl/⌘K and the sidebar's shortcut badge open it from anywhere. */
export const usePaletteStore = defineStore('palette', () => {
  const open = ref(false)
  return {
    open,
    show: () => void (open.value = true),
    hide: () => void (open.value = false),
  }
})
