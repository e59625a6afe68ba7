import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** The view shows before the library's values have loaded (it fills them in as they come), so its own data is asked for at once. */
    paintsBeforeValues?: boolean
  }
}

/** Exported so component tests can mount the app on a router of their own. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/stories' },
  { path: '/stories', name: 'stories', component: () => import('./views/stories/StoryList.vue'), meta: { paintsBeforeValues: true } },
  { path: '/stories/new', name: 'story-new', component: () => import('./views/stories/StoryEditor.vue') },
  {
    path: '/stories/:id',
    name: 'story',
    component: () => import('./views/stories/StoryReader.vue'),
    props: true,
  },
  {
    path: '/stories/:id/history',
    name: 'story-history',
    component: () => import('./views/stories/StoryHistory.vue'),
    props: true,
  },
  {
    path: '/stories/:id/edit',
    name: 'story-edit',
    component: () => import('./views/stories/StoryEditor.vue'),
    props: true,
  },
  { path: '/search', name: 'search', component: () => import('./views/search/SearchView.vue') },
  { path: '/review', name: 'review', component: () => import('./views/review/ReviewQueue.vue') },
  { path: '/training', name: 'training', component: () => import('./views/training/TrainingView.vue') },
  { path: '/insights', name: 'insights', component: () => import('./views/insights/InsightsView.vue') },
  { path: '/training/team', name: 'training-team', component: () => import('./views/training/TeamProgressView.vue') },
  { path: '/training/scenarios', name: 'scenarios', component: () => import('./views/training/ScenarioList.vue') },
  { path: '/training/scenarios/new', name: 'scenario-new', component: () => import('./views/training/ScenarioEditor.vue') },
  { path: '/training/scenarios/:id', name: 'scenario-edit', component: () => import('./views/training/ScenarioEditor.vue'), props: true },
  { path: '/book', name: 'book', component: () => import('./views/book/BookView.vue') },
  { path: '/library', name: 'library', component: () => import('./views/library/LibraryView.vue') },
  { path: '/values', name: 'values', component: () => import('./views/values/ValueManager.vue') },
  { path: '/trash', name: 'trash', component: () => import('./views/trash/TrashView.vue') },
  { path: '/settings', name: 'settings', component: () => import('./views/settings/SettingsView.vue') },
  // A team library's accounts, for its admins (the sidebar links it only for them; the server refuses everyone else).
  { path: '/people', name: 'people', component: () => import('./views/settings/PeopleView.vue') },
  // The team server's pages for a signed-out person (src/api/team-session.ts sends them here); nothing links to them elsewhere.
  { path: '/sign-in', name: 'sign-in', component: () => import('./views/auth/SignIn.vue'), meta: { paintsBeforeValues: true } },
  {
    path: '/invite/:token',
    name: 'invite',
    component: () => import('./views/auth/AcceptInvitation.vue'),
    props: true,
    meta: { paintsBeforeValues: true },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
]

// Hash history: the desktop app loads from file://, where path-based URLs cannot resolve.
// Back and Forward return to where the page was scrolled (the story list keeps its height while it reloads); a new page opens at its top.
export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved ?? (to.path === from.path ? false : { top: 0 }),
})
