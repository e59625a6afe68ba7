import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

/** A real second process running one of the scripts in tests/crash/, as the crash tests do. */
export function spawnScript(
  script: string,
  args: string[],
): { child: ChildProcessWithoutNullStreams; line: (pattern: RegExp) => Promise<string>; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/crash', script), ...args], { cwd: ROOT })
  const lines: string[] = []
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = []
  let buffer = ''
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.on('data', (chunk) => {
    buffer += chunk
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    for (const line of parts) {
      lines.push(line)
      for (const w of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  const line = (pattern: RegExp) =>
    new Promise<string>((resolveLine, reject) => {
      const seen = lines.find((l) => pattern.test(l))
      if (seen) return resolveLine(seen)
      waiting.push({ pattern, resolve: resolveLine })
      void exited.then(() => reject(new Error(`${script} ended without printing ${pattern}: ${stderr}`)))
    })
  return { child, line, exited }
}
