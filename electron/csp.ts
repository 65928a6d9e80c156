/**
 * A Content-Security-Policy for hub pages, added by the shell only when the hub sent none, so an old or
 * misconfigured hub still cannot run injected script in a window that carries the preload bridge.
 * style-src needs 'unsafe-inline' because antd's CSS-in-JS writes <style> elements at run time.
 */
export const HUB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string[] | string>;

export function hasContentSecurityPolicy(headers: ResponseHeaders | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'content-security-policy');
}

/** Returns the headers unchanged if the hub set its own policy (the hub knows its pages best). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): ResponseHeaders {
  const result: ResponseHeaders = { ...(headers ?? {}) };
  if (!hasContentSecurityPolicy(result)) result['Content-Security-Policy'] = [HUB_CONTENT_SECURITY_POLICY];
  return result;
}
