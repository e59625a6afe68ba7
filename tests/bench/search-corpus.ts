/**
 * A deterministic corpus for the search benchmark: the same seed gives the same stories, in
 * English, Danish and Swedish, 120–400 words each, tagged to the ten values.
 */
import type { SearchSource } from '../../electron/core/search/search-document'
import type { StoryLanguage, StoryStatus } from '../../electron/core/stories/story'

const VOCABULARY: Record<StoryLanguage, string[]> = {
  en: `customer order parcel shoes boots refund return delivery courier wedding funeral birthday size sold out
    warehouse carrier phone call waited hours team colleague voucher flowers apology mistake charged card wrong item
    damaged box jacket sneakers sandals next day overnight smile thank letter note helped listened replaced shipped
    late early gift present daughter son mother father store competitor found pair left right heel sole zipper
    laces colour store policy exception manager approved surprised happy loyal returned again friends told story
    the a and of to in was we she he they it that with for on at by from as but not this had have`.split(/\s+/),
  da: `kunde kunden kunderne ordre pakke sko støvler refusion retur levering bud bryllup begravelse fødselsdag størrelse
    udsolgt lager fragtfirma telefon ventede timer kollega gavekort blomster undskyldning fejl kort forkert vare
    beskadiget kasse jakke sandaler næste dag hurtigt smil tak brev hjalp lyttede erstattede sendte sent tidligt gave
    datter søn mor far butik konkurrent fandt par hæl sål lynlås farve politik undtagelse glad loyal igen venner
    og i på at det en den til er som med for af har de ikke var men`.split(/\s+/),
  sv: `kund kunden kunderna beställning paket skor stövlar återbetalning retur leverans leveransen bud bröllop begravning
    födelsedag storlek slutsåld lager fraktbolag telefon väntade timmar kollega presentkort blommor ursäkt fel kort
    skadad kartong jacka sandaler nästa dag snabbt leende tack brev hjälpte lyssnade ersatte skickade sent tidigt
    present dotter son mamma pappa butik konkurrent hittade par klack sula blixtlås färg policy undantag glad lojal
    och i att det som en på är av för med till den har inte om var men`.split(/\s+/),
}
const NAMES = ['Astrid Lund', 'Bo Berg', 'Maja Holm', 'Noor Al-Sayed', 'Linnea Berg', 'Jonas Bech', 'Chiara Rossi', 'Anders Vestergaard']
const TEAMS = ['Customer Loyalty', 'Warehouse', 'Returns', 'Merchandising', 'Finance', 'IT']
const STATUSES: StoryStatus[] = ['draft', 'submitted', 'approved', 'approved', 'archived']

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function makeCorpus(count: number, values: { id: string; name: string }[], seed = 42): SearchSource[] {
  const random = seededRandom(seed)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  const out: SearchSource[] = []
  for (let i = 0; i < count; i++) {
    const language = random() < 0.6 ? 'en' : random() < 0.5 ? 'da' : 'sv'
    const words = VOCABULARY[language]
    const length = 120 + Math.floor(random() * 281)
    const body: string[] = []
    for (let w = 0; w < length; w++) {
      // A few rarer tokens make the dictionary realistically large.
      body.push(random() < 0.08 ? `${pick(words)}${Math.floor(random() * 500)}` : pick(words))
      if (random() < 0.07) body.push('.')
    }
    const tagged = [pick(values), pick(values)].filter((v, j, all) => all.indexOf(v) === j)
    const year = 2019 + Math.floor(random() * 8)
    out.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)}`,
      body: body.join(' '),
      customerContext: random() < 0.5 ? `${pick(words)} ${pick(words)}` : null,
      author: pick(NAMES),
      team: pick(TEAMS),
      language,
      status: pick(STATUSES),
      happenedOn: `${year}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      primaryValueId: tagged[0].id,
      valueIds: tagged.map((v) => v.id),
      valueNames: tagged.map((v) => v.name),
    })
  }
  return out
}

/** The mixed query load: plain words, prefixes, typos and field queries, in three languages. */
export const QUERIES = {
  plain: ['refund', 'kunderne', 'leveransen', 'wedding shoes', 'blommor', 'courier late', 'gavekort', 'damaged parcel'],
  prefix: ['refu', 'lever', 'bryl', 'compet', 'undsk', 'presen'],
  fuzzy: ['deliverry', 'weding', 'begravelsse', 'compettitor', 'apolgy', 'återbetalnig'],
  field: ['title:shoes', 'title:kunden', 'values:humble', 'author:berg'],
} as const
