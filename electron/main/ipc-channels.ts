/** IPC channel names, shared by main and preload (the preload bundles this file; it imports nothing). */
export const CALL_CHANNEL = 'culture:call'
export const CHANGE_CHANNEL = 'culture:change'
export const OPEN_EXTERNAL_CHANNEL = 'culture:open-external'
export const OPEN_FILE_CHANNEL = 'culture:open-file'
export const CHOOSE_PATH_CHANNEL = 'culture:choose-path'
/** A team library's window: its page takes the pack File ▸ Upload This Library… prepared (pack-handover.ts), its one channel. */
export const TAKE_PACK_CHANNEL = 'culture:take-pack'
/** The Connect to Team Library dialog: the address typed, and Cancel (connect-window.ts). */
export const CONNECT_CHANNEL = 'culture:team-connect'
export const CONNECT_CANCEL_CHANNEL = 'culture:team-connect-cancel'
