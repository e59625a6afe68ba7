import { readJsonFile, writeJsonFile } from './json-file'

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820, maximized: false }

export interface DisplayArea {
  x: number
  y: number
  width: number
  height: number
}

/** Remembered bounds, dropped when they would put the window off every screen (a monitor was unplugged). */
export function loadWindowBounds(file: string, displays: DisplayArea[]): WindowBounds {
  const saved = readJsonFile(file) as Partial<WindowBounds> | null
  if (!saved) return DEFAULT_BOUNDS
  const width = Number(saved.width)
  const height = Number(saved.height)
  if (!(width >= 400 && height >= 300)) return DEFAULT_BOUNDS
  const bounds: WindowBounds = { width, height, maximized: saved.maximized === true }
  if (Number.isFinite(saved.x) && Number.isFinite(saved.y)) {
    const x = saved.x as number
    const y = saved.y as number
    const visible = displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 50)
    if (visible) Object.assign(bounds, { x, y })
  }
  return bounds
}

export function saveWindowBounds(file: string, bounds: WindowBounds): void {
  writeJsonFile(file, bounds)
}
