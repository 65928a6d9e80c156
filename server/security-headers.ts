/**
 * Headers on every response. 'unsafe-inline' for styles only: antd's css-in-js injects <style> tags;
 * scripts stay strictly same-origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Under TLS only: browsers keep to https for this host for a year, so a later visit cannot be downgraded to plain
 * http on the LAN. No includeSubDomains: a hospital's other hosts are not ours to decide for.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** The headers of every response, with HSTS when the hub speaks https. */
export function securityHeaders(secure: boolean): Readonly<Record<string, string>> {
  return secure ? { ...SECURITY_HEADERS, 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : SECURITY_HEADERS;
}
