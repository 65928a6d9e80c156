import type { Session } from 'electron';
import { withContentSecurityPolicy } from './csp.js';
import { checkPin, fingerprintOfPem } from './fingerprint.js';
import { originOf } from './hub-address.js';

/**
 * What the window's session allows: no permissions at all, a CSP on hub pages if the hub sent none,
 * and for an https hub only the certificate pinned for it.
 */
export interface SessionPolicyState {
  /** The origin the window is currently allowed to show, or null while none is open. */
  hubOrigin(): string | null;
  pinFor(origin: string): string | undefined;
  /** Chromium met a certificate that does not match the pin (it changed after the first check). */
  onPinRejected(origin: string, presented: string): void;
}

// Chromium's verifier results: accept, refuse, or keep Chromium's own verdict.
const ACCEPT = 0;
const REFUSE = -2;
const USE_CHROMIUM_RESULT = -3;

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

export function applySessionPolicy(session: Session, state: SessionPolicyState): void {
  // Camera, notifications, geolocation, clipboard-read…: a procurement screen needs none of them.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onHeadersReceived((details, callback) => {
    const hub = state.hubOrigin();
    if (hub !== null && originOf(details.url) === hub) {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
    } else {
      callback({});
    }
  });

  session.setCertificateVerifyProc((request, callback) => {
    const hub = state.hubOrigin();
    const hubUrl = hub === null ? null : new URL(hub);
    if (hub === null || hubUrl === null || hubUrl.protocol !== 'https:' || bare(hubUrl.hostname) !== bare(request.hostname)) {
      callback(USE_CHROMIUM_RESULT);
      return;
    }
    let presented: string;
    try {
      presented = fingerprintOfPem(request.certificate.data);
    } catch {
      callback(REFUSE);
      return;
    }
    if (checkPin(state.pinFor(hub), presented) === 'match') {
      callback(ACCEPT);
    } else {
      callback(REFUSE);
      state.onPinRejected(hub, presented);
    }
  });
}
