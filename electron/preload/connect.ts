import { ipcRenderer } from 'electron'

import { CONNECT_CANCEL_CHANNEL, CONNECT_CHANNEL } from '../main/ipc-channels'
import { wireConnectForm, type FormDocument } from './connect-form'

/** The Connect to Team Library dialog's only door: the address typed, and Cancel. Nothing is exposed to its page. */
const page = globalThis as unknown as { document: FormDocument; addEventListener(type: string, listener: () => void): void }
page.addEventListener('DOMContentLoaded', () =>
  wireConnectForm(
    page.document,
    (typed) => ipcRenderer.invoke(CONNECT_CHANNEL, typed),
    () => ipcRenderer.send(CONNECT_CANCEL_CHANNEL),
  ),
)
