import type { Session } from 'electron'

/**
 * Culture Book needs no browser permission: no camera, microphone, notifications, clipboard
 * reading, location, devices or fullscreen requests from a page. Every session refuses them all,
 * whether a page asks (request) or only looks (check), so a page that slipped in gets nothing either.
 */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
}
