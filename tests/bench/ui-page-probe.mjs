/**
 * Put into every page by `npm run bench:ui` (addInitScript) before the app runs; the bench reads
 * window.__bench. Plain script, no imports: Playwright injects the file's text as it is.
 *
 * - longTasks: every long task's duration (PerformanceObserver 'longtask').
 * - listVisibleAt: ms from navigation start to the frame after the first story row is laid out on screen.
 * - armSearch(text): times the next keystroke (keydown, or beforeinput for characters no key types)
 *   until the frame after the page shows the answer to a search.query for exactly `text`: the
 *   response arrived, and the first story link on the page is its first result (none when it has none);
 *   `overwritten` if within a second after that the first link became another (an older answer shown late).
 */
/* global window, document, MutationObserver, requestAnimationFrame -- a page's, not Node's */
;(() => {
  const STORY_LINK = /#\/stories\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
  const bench = { longTasks: [], listVisibleAt: null, search: null, armSearch, firstStoryLink: () => firstStoryLink() }
  window.__bench = bench

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push(entry.duration)
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    // No long-task timing in this browser: the bench reports none.
  }

  const onScreen = (element) => {
    const box = element.getBoundingClientRect()
    return box.height > 0 && box.top < window.innerHeight && box.bottom > 0
  }

  // Story list: the first row with its title, on screen.
  const listWatch = new MutationObserver(() => {
    const row = document.querySelector('[data-testid="story-row"]')
    if (!row || !row.textContent.trim() || !onScreen(row)) return
    listWatch.disconnect()
    requestAnimationFrame(() => (bench.listVisibleAt = performance.now()))
  })
  listWatch.observe(document, { childList: true, subtree: true, characterData: true })

  const firstStoryLink = () => {
    for (const link of document.querySelectorAll('a[href*="#/stories/"]')) {
      const href = link.getAttribute('href')
      if (STORY_LINK.test(href)) return href.slice(-36)
    }
    return null
  }

  function armSearch(text) {
    const s = {
      text,
      keyAt: null,
      answerAt: null,
      firstId: null,
      total: null,
      shownAt: null,
      settled: false,
      viaFallback: false,
      overwritten: false,
    }
    bench.search = s
    let frameAfterAnswer = null
    const matches = () => firstStoryLink() === s.firstId
    // Once shown, anything else in its place within a second is an older answer overwriting it.
    const guard = () => {
      const watch = new MutationObserver(() => {
        if (bench.search === s && !matches()) s.overwritten = true
      })
      watch.observe(document, { childList: true, subtree: true, characterData: true })
      setTimeout(() => watch.disconnect(), 1000)
    }
    // The page changes after the answer came, and its first story link is the answer's first result.
    const domWatch = new MutationObserver(() => {
      if (s.answerAt === null || s.settled || !matches()) return
      s.settled = true
      domWatch.disconnect()
      guard()
      requestAnimationFrame(() => (s.shownAt = performance.now()))
    })
    domWatch.observe(document, { childList: true, subtree: true, characterData: true })
    s.answered = () => {
      s.answerAt = performance.now()
      requestAnimationFrame(() => (frameAfterAnswer = performance.now()))
      // An answer equal to what is on screen changes nothing: it shows in the frame after it came.
      setTimeout(() => {
        if (s.settled || !matches()) return
        s.settled = true
        s.viaFallback = true
        domWatch.disconnect()
        guard()
        s.shownAt = frameAfterAnswer
      }, 150)
    }
  }

  const stampKey = (event) => {
    const s = bench.search
    if (s && s.keyAt === null) s.keyAt = event.timeStamp
  }
  window.addEventListener('keydown', stampKey, true)
  window.addEventListener('beforeinput', stampKey, true)

  // The app's search calls pass through here: the answer is noted before the app sees it.
  const realFetch = window.fetch.bind(window)
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url
    if (!url.includes('/api/search.query')) return realFetch(input, init)
    let asked = null
    try {
      asked = JSON.parse(init.body)
    } catch {
      // Not JSON: not a call the bench times.
    }
    const response = await realFetch(input, init)
    const body = await response.text()
    const s = bench.search
    if (s && asked && asked.text === s.text && !asked.offset && s.answerAt === null) {
      try {
        const parsed = JSON.parse(body)
        if (parsed.ok) {
          s.firstId = parsed.value.results[0]?.id ?? null
          s.total = parsed.value.total
          s.answered()
        }
      } catch {
        // An unreadable answer: the app shows an error, the keystroke times out.
      }
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
  }
})()
