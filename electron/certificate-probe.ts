import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { fingerprintOfDer } from './fingerprint.js';

/**
 * Fetches the certificate a hub presents, before any window loads from it, so the trust-on-first-use
 * question is asked once, calmly, in a dialog — not from inside Chromium's verifier mid-page-load.
 * Chain validation is skipped on purpose: a LAN hub's certificate is usually self-signed, and trust
 * comes from the pinned fingerprint, not from a CA. Pure Node (no 'electron' import), unit-tested.
 */
export interface PresentedCertificate {
  fingerprint: string;
  subject: string;
  validTo: string;
}

export class HubUnreachableError extends Error {
  override name = 'HubUnreachableError';
}

export function probeCertificate(hubOrigin: string, timeoutMs = 10_000): Promise<PresentedCertificate> {
  const url = new URL(hubOrigin);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      // SNI must not carry an IP address (RFC 6066).
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const fail = (message: string) => {
      socket.destroy();
      reject(new HubUnreachableError(message));
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      socket.end();
      if (!cert?.raw) return fail(`服务器 ${url.host} 没有提供证书`);
      const cn = cert.subject?.CN;
      resolve({ fingerprint: fingerprintOfDer(cert.raw), subject: (Array.isArray(cn) ? cn[0] : cn) ?? '', validTo: cert.valid_to ?? '' });
    });
    socket.once('timeout', () => fail(`连接服务器 ${url.host} 超时，请检查地址和网络`));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      fail(`无法连接服务器 ${url.host}（${error.code ?? error.message}），请检查地址和网络，并确认服务器已启动`);
    });
  });
}
