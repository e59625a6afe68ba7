import type { ScenarioFields } from '@core/training/scenario'

/**
 * Where a problem the core names by path (`steps.0.choices.1.text`, or a step by its id: `steps.s2`)
 * is in the scenario editor's form.
 */
export function valueAtPath(form: ScenarioFields, path: string): unknown {
  let at: unknown = form
  for (const part of path.split('.')) {
    if (Array.isArray(at)) at = /^\d+$/.test(part) ? at[Number(part)] : at.find((item: { id?: string }) => item?.id === part)
    else at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined
  }
  return at
}

/** The paths the editor shows beside a field of their own; any other problem is listed above the form. */
const SHOWN = [
  /^(title|language|start|valueIds|storyId)$/,
  /^steps\.\d+\.(situation|customerSays)$/,
  /^steps\.\d+\.choices\.\d+\.(text|feedback|quality)$/,
]

export function isFieldPath(form: ScenarioFields, path: string): boolean {
  if (SHOWN.some((shown) => shown.test(path))) return true
  // A step's own problem (named by its id) stands by that step's situation.
  const step = /^steps\.([^.]+)$/.exec(path)?.[1]
  return !!step && !/^\d+$/.test(step) && form.steps.some((s) => s.id === step)
}
