import { onBeforeUnmount, watch, type Ref } from 'vue'

/**
 * Keeps the notice tray (bottom right, see .notice-tray) above an editor's Save/Cancel bar, so a
 * notice never covers the buttons it is about: the bar's distance from the window's bottom edge is
 * published as --notice-clearance while the editor is open.
 */
export function useNoticeClearance(bar: Ref<HTMLElement | null>): void {
  const root = document.documentElement
  let frame = 0
  const measure = () => {
    frame = 0
    const top = bar.value?.getBoundingClientRect().top
    const clearance = top === undefined ? 0 : Math.max(0, Math.round(window.innerHeight - top))
    root.style.setProperty('--notice-clearance', `${clearance}px`)
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(measure)
  }
  const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null
  window.addEventListener('resize', schedule)
  window.addEventListener('scroll', schedule, true)
  // The bar appears once the form does (after a story loads).
  watch(
    bar,
    (el, old) => {
      if (old) resized?.unobserve(old)
      if (el) resized?.observe(el)
      schedule()
    },
    { flush: 'post', immediate: true },
  )
  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame)
    window.removeEventListener('resize', schedule)
    window.removeEventListener('scroll', schedule, true)
    resized?.disconnect()
    root.style.removeProperty('--notice-clearance')
  })
}
