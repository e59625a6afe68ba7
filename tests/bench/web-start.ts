/**
 * `node --import tsx tests/bench/web-start.ts [runs] [-- extra web.js args]`
 * Times browser mode's start: from spawning `node out/main/web.js --demo` (build it first with
 * `npx electron-vite build`) until the URL it prints answers 200. Figures, not assertions.
 */
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

const runs = Number(process.argv[2] ?? 3) || 3

async function once(): Promise<{ printed: number; answered: number }> {
  const start = performance.now()
  const child = spawn(process.execPath, ['out/main/web.js', '--demo'], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    let output = ''
    let printed = 0
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const found = /https?:\/\/\S+/.exec(output)
        if (found) {
          printed = performance.now() - start
          resolve(found[0])
        }
      })
      child.on('exit', (code) => reject(new Error(`web.js exited with ${code} before printing a URL:\n${output}`)))
    })
    for (;;) {
      const status = await fetch(url).then(
        (r) => r.status,
        () => 0,
      )
      if (status === 200) return { printed, answered: performance.now() - start }
      if (performance.now() - start > 30_000) throw new Error(`${url} did not answer 200 within 30 s (last status ${status})`)
      await sleep(10)
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

const results = []
for (let i = 0; i < runs; i++) {
  const r = await once()
  results.push(r)
  console.log(`run ${i + 1}: URL printed after ${r.printed.toFixed(0)} ms, answered 200 after ${r.answered.toFixed(0)} ms`)
}
const answered = results.map((r) => r.answered).sort((a, b) => a - b)
console.log(`median until the URL answers: ${answered[Math.floor(answered.length / 2)].toFixed(0)} ms`)
