/**
 * Another client of browser mode, in a process of its own so that the bench's own work (building a
 * 43 MB upload, reading a 30 MB answer) never delays it: asks `library.info` every 100 ms and, when
 * told 'stop' over IPC, answers with the longest wait and exits. argv: origin, token.
 */
const [origin, token] = process.argv.slice(2)
let longest = 0
let stopping = false
process.on('message', () => {
  stopping = true
})
while (!stopping) {
  const start = performance.now()
  try {
    const response = await fetch(`${origin}/api/library.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-culture-token': token },
      body: '{}',
    })
    await response.json()
  } catch {
    // A reset connection is counted as the wait it caused.
  }
  longest = Math.max(longest, performance.now() - start)
  await new Promise((r) => setTimeout(r, 100))
}
process.send({ longest }, () => process.exit(0))
