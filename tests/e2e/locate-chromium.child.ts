// Run by bundled-chromium.test.ts in several processes at once: finds (and, first time, unpacks) the bundled Chromium.
import { locateChromium } from '../../electron/core/book/chromium-locator'

const located = await locateChromium({ env: { ...process.env, CULTURE_CHROMIUM: 'bundled' } })
process.stdout.write(JSON.stringify(located))
