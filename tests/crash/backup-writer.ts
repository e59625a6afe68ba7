/**
 * Child process for the backup crash test: takes manual backups of a library one after another,
 * forever, and says "backing-up" before the first. The parent kills it with SIGKILL mid-backup.
 *   node --import tsx tests/crash/backup-writer.ts <library>
 */
import { writeSync } from 'node:fs'
import { openCore } from '../../electron/core/culture-core'
import { takeBackup } from '../../electron/core/library/backups'

const core = openCore(process.argv[2])
writeSync(1, 'backing-up\n')
for (;;) await takeBackup(core.db, core.libraryPath, 'manual')
