import { LOCALES } from '@core/error-text'
import { THEME_CHOICES } from '@core/settings/app-settings'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { call } from '../../api/culture'
import { mayOpen, type Page } from '../../api/page-access'
import { useNoticesStore } from '../../stores/notices'
import { useSettingsStore } from '../../stores/settings'

export interface PaletteAction {
  /** The same in every language: the recents remember actions by it. */
  id: string
  label: string
  run: () => unknown
}

/** The main pages, by route name; each has a "Go to …" action. */
const PAGES = ['stories', 'search', 'training', 'insights', 'book', 'library', 'values', 'trash', 'settings'] as const

/** Everything the palette can do besides opening a story, in the window's language. */
export function usePaletteActions() {
  const { t, locale } = useI18n()
  const router = useRouter()
  const notices = useNoticesStore()
  const settings = useSettingsStore()

  const go = (to: Parameters<typeof router.push>[0]) => () => router.push(to)

  // On a team server, only what this person may do (page-access.ts).
  return computed((): PaletteAction[] => everything().filter((action) => mayOpen(action.page)))

  function everything(): (PaletteAction & { page: Page })[] {
    return [
      { id: 'new-story', page: 'story-new', label: t('palette.actions.newStory'), run: go({ name: 'story-new' }) },
      { id: 'review', page: 'review', label: t('palette.actions.review'), run: go({ name: 'review' }) },
      {
        id: 'export-book',
        page: 'export-book',
        label: t('palette.actions.exportBook'),
        // The book page opens on that year with its export button focused (BookView reads year and export).
        run: () => router.push({ name: 'book', query: { year: String(new Date().getFullYear()), export: '1' } }),
      },
      {
        id: 'backup',
        page: 'backup',
        label: t('palette.actions.backup'),
        run: () =>
          notices.attempt(
            () => call('library.backupNow', {}),
            (b) => t('library.backups.done', { name: b.name }),
          ),
      },
      // The languages not shown now.
      ...LOCALES.filter((l) => l !== locale.value).map((l) => ({
        id: `language-${l}`,
        page: 'settings' as const,
        label: t('palette.actions.language', { language: t(`common.nativeLanguage.${l}`) }),
        run: () => settings.chooseLanguage(l).catch(notices.error),
      })),
      ...PAGES.map((page) => ({ id: `go-${page}`, page, label: t(`palette.go.${page}`), run: go({ name: page }) })),
      // The themes not chosen now.
      ...THEME_CHOICES.filter((c) => c !== settings.theme).map((c) => ({
        id: `theme-${c}`,
        page: 'settings' as const,
        label: t(`palette.actions.themes.${c}`),
        run: () => settings.chooseTheme(c).catch(notices.error),
      })),
    ]
  }
}
