import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import seedValues from '../../../resources/core-values.json'
import { seedStarterScenarios } from '../training/starter-pack'
import { migrateTrainingLanguages } from '../training/language-migration'
import { legacyRevisionId } from '../stories/story-lineage'
import { writeLibraryLanguage } from '../values/library-language'
import { addSeedTranslations } from '../values/seed-translations'

export interface Migration {
  version: number
  description: string
  up(db: Database.Database): void
}

/** Append only: a released migration never changes, a new schema is a new entry. */
export const migrations: Migration[] = [
  {
    version: 1,
    description: 'core values, stories and their tags; seed the ten core values',
    up(db) {
      db.exec(`
        CREATE TABLE core_values (
          id          TEXT PRIMARY KEY,
          slug        TEXT NOT NULL UNIQUE,
          name        TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          color       TEXT NOT NULL,
          position    INTEGER NOT NULL
        );
        CREATE TABLE stories (
          id               TEXT PRIMARY KEY,
          title            TEXT NOT NULL,
          body             TEXT NOT NULL,
          author           TEXT NOT NULL,
          team             TEXT NOT NULL DEFAULT '',
          customer_context TEXT,
          happened_on      TEXT NOT NULL,
          primary_value_id TEXT NOT NULL REFERENCES core_values(id),
          status           TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','archived')),
          is_recovery      INTEGER NOT NULL DEFAULT 0,
          language         TEXT NOT NULL DEFAULT 'en',
          created_at       TEXT NOT NULL,
          updated_at       TEXT NOT NULL,
          deleted_at       TEXT
        );
        CREATE TABLE story_values (
          story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
          value_id TEXT NOT NULL REFERENCES core_values(id),
          PRIMARY KEY (story_id, value_id)
        );
        CREATE INDEX stories_happened_on ON stories(happened_on);
        CREATE INDEX stories_status ON stories(status);
        CREATE INDEX story_values_value ON story_values(value_id);
      `)
      const insert = db.prepare('INSERT INTO core_values (id, slug, name, description, color, position) VALUES (?, ?, ?, ?, ?, ?)')
      seedValues.forEach((v, i) => insert.run(randomUUID(), v.slug, v.name, v.description, v.color, i))
    },
  },
  {
    version: 2,
    description: 'saved search index: compiled shards and what they cover',
    up(db) {
      db.exec(`
        CREATE TABLE search_shards (
          shard INTEGER PRIMARY KEY,
          data  BLOB NOT NULL
        );
        CREATE TABLE search_state (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `)
    },
  },
  {
    version: 3,
    description: 'book editions: one per year, with its curation',
    up(db) {
      db.exec(`
        CREATE TABLE editions (
          id               TEXT PRIMARY KEY,
          year             INTEGER NOT NULL UNIQUE,
          title            TEXT NOT NULL,
          subtitle         TEXT NOT NULL DEFAULT '',
          company          TEXT NOT NULL DEFAULT '',
          foreword         TEXT NOT NULL DEFAULT '',
          closing          TEXT NOT NULL DEFAULT '',
          page_size        TEXT NOT NULL CHECK (page_size IN ('A4','Letter')),
          statuses         TEXT NOT NULL,
          chapter_order    TEXT NOT NULL,
          dropped_values   TEXT NOT NULL,
          excluded_stories TEXT NOT NULL,
          story_order      TEXT NOT NULL,
          created_at       TEXT NOT NULL,
          updated_at       TEXT NOT NULL
        );
      `)
    },
  },
  {
    version: 4,
    description: 'training scenarios, with the starter pack',
    up(db) {
      db.exec(`
        CREATE TABLE scenarios (
          id          TEXT PRIMARY KEY,
          slug        TEXT NOT NULL UNIQUE,
          title       TEXT NOT NULL,
          language    TEXT NOT NULL DEFAULT 'en',
          value_ids   TEXT NOT NULL,
          start_step  TEXT NOT NULL,
          steps       TEXT NOT NULL,
          story_id    TEXT REFERENCES stories(id) ON DELETE SET NULL,
          -- The starter pack names its real story by title; it is looked up once that story exists.
          story_hint  TEXT,
          position    INTEGER NOT NULL,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          deleted_at  TEXT
        );
      `)
      seedStarterScenarios(db)
    },
  },
  {
    version: 5,
    description: 'trainees',
    up(db) {
      db.exec(`
        CREATE TABLE trainees (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,
          team        TEXT NOT NULL DEFAULT '',
          start_date  TEXT NOT NULL,
          created_at  TEXT NOT NULL
        );
      `)
    },
  },
  {
    version: 6,
    description: 'training attempts (kept when a scenario is retired)',
    up(db) {
      db.exec(`
        CREATE TABLE attempts (
          id             TEXT PRIMARY KEY,
          trainee_id     TEXT NOT NULL REFERENCES trainees(id) ON DELETE CASCADE,
          scenario_id    TEXT NOT NULL REFERENCES scenarios(id),
          scenario_title TEXT NOT NULL,
          mode           TEXT NOT NULL,
          path           TEXT NOT NULL,
          outcome        TEXT NOT NULL,
          score          REAL NOT NULL,
          retried        INTEGER NOT NULL DEFAULT 0,
          value_marks    TEXT NOT NULL,
          finished_at    TEXT NOT NULL
        );
        CREATE INDEX attempts_trainee ON attempts(trainee_id, finished_at);
      `)
    },
  },
  {
    version: 7,
    description: 'spaced-repetition review state per trainee and scenario',
    up(db) {
      db.exec(`
        CREATE TABLE review_state (
          trainee_id  TEXT NOT NULL REFERENCES trainees(id) ON DELETE CASCADE,
          scenario_id TEXT NOT NULL REFERENCES scenarios(id),
          card        TEXT NOT NULL,
          due         TEXT NOT NULL,
          format      INTEGER NOT NULL,
          PRIMARY KEY (trainee_id, scenario_id)
        );
      `)
    },
  },
  {
    version: 8,
    description: 'story revisions: the version before every save, trash and restore',
    up(db) {
      // No foreign key: a revision outlives its story (emptied trash) until backups hold it.
      db.exec(`
        CREATE TABLE story_revisions (
          id        TEXT PRIMARY KEY,
          story_id  TEXT NOT NULL,
          reason    TEXT NOT NULL,
          snapshot  TEXT NOT NULL,
          saved_at  TEXT NOT NULL
        );
        CREATE INDEX story_revisions_story ON story_revisions(story_id, saved_at);
      `)
    },
  },
  {
    version: 9,
    description: 'exchange state: the version of each story two libraries last agreed on',
    up(db) {
      db.exec(`
        CREATE TABLE exchange_state (
          story_id          TEXT PRIMARY KEY,
          agreed_updated_at TEXT NOT NULL
        );
        CREATE TABLE exchange_meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `)
    },
  },
  {
    version: 10,
    description: "library identity: a random id that names this library's backups",
    up(db) {
      db.exec(`
        CREATE TABLE library_meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `)
      db.prepare("INSERT INTO library_meta (key, value) VALUES ('library_id', ?)").run(randomUUID())
    },
  },
  {
    version: 11,
    description: 'story lineage: a revision id per story version and every revision each story passed through',
    up(db) {
      db.exec(`
        ALTER TABLE stories ADD COLUMN revision_id TEXT;
        CREATE TABLE story_lineage (
          story_id    TEXT NOT NULL,
          revision_id TEXT NOT NULL,
          PRIMARY KEY (story_id, revision_id)
        );
      `)
      // Versions from before revision ids (the current one and those in the history) get the id
      // that both libraries of an earlier exchange derive alike.
      const past = db.prepare(
        "SELECT json_extract(snapshot, '$.updatedAt') AS at FROM story_revisions WHERE story_id = ? ORDER BY saved_at, rowid",
      )
      const record = db.prepare('INSERT OR IGNORE INTO story_lineage (story_id, revision_id) VALUES (?, ?)')
      const setCurrent = db.prepare('UPDATE stories SET revision_id = ? WHERE id = ?')
      for (const s of db.prepare('SELECT id, updated_at FROM stories').all() as { id: string; updated_at: string }[]) {
        for (const r of past.all(s.id) as { at: string | null }[]) if (r.at) record.run(s.id, legacyRevisionId(s.id, r.at))
        const current = legacyRevisionId(s.id, s.updated_at)
        record.run(s.id, current)
        setCurrent.run(current, s.id)
      }
    },
  },
  {
    version: 12,
    description: "a main language per library, and core values' names and descriptions in other languages",
    up(db) {
      // core_values keeps the name and description in the main language; this table holds the others.
      db.exec(`
        CREATE TABLE core_value_texts (
          value_id    TEXT NOT NULL REFERENCES core_values(id) ON DELETE CASCADE,
          language    TEXT NOT NULL CHECK (language IN ('en','da','sv')),
          name        TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (value_id, language)
        );
      `)
      writeLibraryLanguage(db, 'en')
      addSeedTranslations(db, 'en')
    },
  },
  {
    version: 13,
    description: "training in the trainee's language: a language per trainee, scenario translations, the starter pack in three languages",
    up(db) {
      migrateTrainingLanguages(db)
    },
  },
  {
    version: 14,
    description: "edition language: the language of the book's fixed texts, English for the editions printed so far",
    up(db) {
      db.exec("ALTER TABLE editions ADD COLUMN language TEXT NOT NULL DEFAULT 'en'")
    },
  },
  {
    version: 15,
    description: 'undo: what a value delete removed (to put it back), and starter scenarios hidden rather than deleted',
    up(db) {
      // No foreign key: the record outlives its value, which is the point.
      db.exec(`
        CREATE TABLE deleted_values (
          token      TEXT PRIMARY KEY,
          value_id   TEXT NOT NULL,
          snapshot   TEXT NOT NULL,
          deleted_at TEXT NOT NULL
        );
        ALTER TABLE scenarios ADD COLUMN hidden_at TEXT;
      `)
    },
  },
  {
    version: 16,
    description:
      "editors' drafts: what was typed since the last save, one per story or scenario (or new one), kept until saved or discarded",
    up(db) {
      // target_id is '' for a story or scenario not saved yet. Drafts are not stories: nothing lists, searches or packs them.
      db.exec(`
        CREATE TABLE drafts (
          kind            TEXT NOT NULL CHECK (kind IN ('story','scenario')),
          target_id       TEXT NOT NULL,
          content         TEXT NOT NULL,
          base_updated_at TEXT,
          saved_at        TEXT NOT NULL,
          PRIMARY KEY (kind, target_id)
        );
      `)
    },
  },
  {
    version: 17,
    description: 'photos in stories: stored once inside the library file, by the sha256 of their bytes',
    up(db) {
      db.exec(`
        CREATE TABLE photos (
          hash       TEXT PRIMARY KEY,
          mime       TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png')),
          width      INTEGER NOT NULL,
          height     INTEGER NOT NULL,
          bytes      BLOB NOT NULL,
          created_at TEXT NOT NULL
        );
      `)
    },
  },
  {
    version: 18,
    description: 'review notes: why a story was archived (or approved) and by whom, kept with the version before the change',
    up(db) {
      db.exec(`
        ALTER TABLE story_revisions ADD COLUMN note TEXT;
        ALTER TABLE story_revisions ADD COLUMN noted_by TEXT;
      `)
    },
  },
  {
    version: 19,
    description: 'editions for a print shop: book trim sizes, 3 mm bleed with crop marks, the paper for the spine, a back cover text',
    up(db) {
      // SQLite cannot change a CHECK: the table is made again with the new sizes and its rows copied.
      db.exec(`
        CREATE TABLE editions_new (
          id               TEXT PRIMARY KEY,
          year             INTEGER NOT NULL UNIQUE,
          title            TEXT NOT NULL,
          subtitle         TEXT NOT NULL DEFAULT '',
          company          TEXT NOT NULL DEFAULT '',
          foreword         TEXT NOT NULL DEFAULT '',
          closing          TEXT NOT NULL DEFAULT '',
          page_size        TEXT NOT NULL CHECK (page_size IN ('A4','A5','Letter','USTrade','Digest')),
          statuses         TEXT NOT NULL,
          chapter_order    TEXT NOT NULL,
          dropped_values   TEXT NOT NULL,
          excluded_stories TEXT NOT NULL,
          story_order      TEXT NOT NULL,
          created_at       TEXT NOT NULL,
          updated_at       TEXT NOT NULL,
          language         TEXT NOT NULL DEFAULT 'en',
          bleed            INTEGER NOT NULL DEFAULT 0 CHECK (bleed IN (0,1)),
          paper_thickness  REAL NOT NULL DEFAULT 0.1,
          back_cover       TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO editions_new (id, year, title, subtitle, company, foreword, closing, page_size, statuses, chapter_order,
            dropped_values, excluded_stories, story_order, created_at, updated_at, language)
          SELECT id, year, title, subtitle, company, foreword, closing, page_size, statuses, chapter_order,
            dropped_values, excluded_stories, story_order, created_at, updated_at, language FROM editions;
        DROP TABLE editions;
        ALTER TABLE editions_new RENAME TO editions;
      `)
    },
  },
  {
    version: 20,
    description: 'a team in one library: accounts with roles, sessions, invitations, an audit log; who wrote a story, whose training it is',
    up(db) {
      // A session's id and an invitation's token are SHA-256 hashes of the secret handed out once: a copy of the file opens no account.
      // Users are disabled, never deleted, so every audit entry and story keeps naming a person.
      db.exec(`
        CREATE TABLE users (
          id            TEXT PRIMARY KEY,
          email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
          display_name  TEXT NOT NULL,
          -- Null for an account that signs in only through single sign-on (or whose password an admin reset).
          password_hash TEXT,
          created_at    TEXT NOT NULL,
          disabled_at   TEXT,
          failed_logins INTEGER NOT NULL DEFAULT 0,
          locked_until  TEXT
        );
        CREATE TABLE user_roles (
          user_id TEXT NOT NULL REFERENCES users(id),
          role    TEXT NOT NULL CHECK (role IN ('contributor','curator','trainer','trainee','admin')),
          PRIMARY KEY (user_id, role)
        );
        CREATE INDEX user_roles_role ON user_roles(role);
        CREATE TABLE sessions (
          id           TEXT PRIMARY KEY,
          user_id      TEXT NOT NULL REFERENCES users(id),
          created_at   TEXT NOT NULL,
          last_seen_at TEXT NOT NULL,
          expires_at   TEXT NOT NULL,
          csrf_secret  TEXT NOT NULL
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        CREATE TABLE invitations (
          token_hash TEXT PRIMARY KEY,
          kind       TEXT NOT NULL CHECK (kind IN ('join','reset')),
          email      TEXT NOT NULL COLLATE NOCASE,
          roles      TEXT NOT NULL,
          -- A reset link's account; null for an invitation to join.
          user_id    TEXT REFERENCES users(id),
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          used_at    TEXT,
          created_by TEXT REFERENCES users(id)
        );
        CREATE TABLE audit_log (
          id      INTEGER PRIMARY KEY AUTOINCREMENT,
          at      TEXT NOT NULL,
          user_id TEXT REFERENCES users(id),
          action  TEXT NOT NULL,
          subject TEXT NOT NULL DEFAULT '',
          detail  TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        ALTER TABLE stories ADD COLUMN created_by TEXT REFERENCES users(id);
        CREATE INDEX stories_created_by ON stories(created_by);
        ALTER TABLE trainees ADD COLUMN user_id TEXT REFERENCES users(id);
        CREATE UNIQUE INDEX trainees_user ON trainees(user_id) WHERE user_id IS NOT NULL;
      `)
    },
  },
  {
    version: 21,
    description: "an edition's contents: its stories under each chapter up to 400 (auto), always, or the chapters only",
    up(db) {
      db.exec(`ALTER TABLE editions ADD COLUMN contents TEXT NOT NULL DEFAULT 'auto' CHECK (contents IN ('auto', 'stories', 'chapters'))`)
    },
  },
  {
    version: 22,
    description: "who made each change in a story's history: a team server's signed-in account (null in browser mode)",
    up(db) {
      db.exec(`ALTER TABLE story_revisions ADD COLUMN by_user TEXT REFERENCES users(id)`)
    },
  },
  {
    version: 23,
    description: "editors' drafts per person: on a team server each signed-in account keeps its own draft of a story or scenario",
    up(db) {
      // owner is the account's id on a team server, '' without accounts (browser mode, the desktop app): the drafts
      // kept so far are those, and stay theirs. A primary key column cannot usefully hold NULL, hence ''.
      db.exec(`
        CREATE TABLE drafts_new (
          owner           TEXT NOT NULL DEFAULT '',
          kind            TEXT NOT NULL CHECK (kind IN ('story','scenario')),
          target_id       TEXT NOT NULL,
          content         TEXT NOT NULL,
          base_updated_at TEXT,
          saved_at        TEXT NOT NULL,
          PRIMARY KEY (owner, kind, target_id)
        );
        INSERT INTO drafts_new (owner, kind, target_id, content, base_updated_at, saved_at)
          SELECT '', kind, target_id, content, base_updated_at, saved_at FROM drafts;
        DROP TABLE drafts;
        ALTER TABLE drafts_new RENAME TO drafts;
      `)
    },
  },
  {
    version: 24,
    description: "a team server's personal settings: each account's own language and theme",
    up(db) {
      // Without accounts the settings stay in settings.json beside the library (they follow the person, not the library).
      db.exec(`
        CREATE TABLE user_settings (
          user_id    TEXT PRIMARY KEY REFERENCES users(id),
          settings   TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `)
    },
  },
  {
    version: 25,
    description: 'the story list in its order without sorting: live stories by date, and by status then date',
    up(db) {
      // Partial (deleted_at IS NULL, as every list but the trash asks): a page and its count read the index
      // alone, rather than every matching row of a big library sorted for 100 of them (a team server's list).
      db.exec(`
        CREATE INDEX stories_live_by_date ON stories(happened_on, created_at) WHERE deleted_at IS NULL;
        CREATE INDEX stories_live_by_status ON stories(status, happened_on, created_at) WHERE deleted_at IS NULL;
      `)
    },
  },
]

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version
