/** IPC channel names, shared by main and preload (the preload bundles this file; it imports nothing). */
export const CALL_CHANNEL = 'culture:call'
export const CHANGE_CHANNEL = 'culture:change'
export const OPEN_EXTERNAL_CHANNEL = 'culture:open-external'
export const OPEN_FILE_CHANNEL = 'culture:open-file'
export const CHOOSE_PATH_CHANNEL = 'culture:choose-path'
