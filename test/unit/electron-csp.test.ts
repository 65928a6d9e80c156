import { describe, expect, it } from 'vitest';
import { HUB_CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from '../../electron/csp.js';

describe('hub CSP fallback', () => {
  it('adds the strict policy when the hub sent none', () => {
    const headers = withContentSecurityPolicy({ 'content-type': ['text/html'] });
    expect(headers['Content-Security-Policy']).toEqual([HUB_CONTENT_SECURITY_POLICY]);
    expect(headers['content-type']).toEqual(['text/html']);
    expect(HUB_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(HUB_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(HUB_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("keeps the hub's own policy, whatever the header's case", () => {
    const own = { 'content-security-policy': ["default-src 'self'"] };
    expect(withContentSecurityPolicy(own)).toEqual(own);
    expect(Object.keys(withContentSecurityPolicy({ 'Content-Security-Policy': ['x'] }))).toEqual(['Content-Security-Policy']);
  });

  it('handles a response without headers', () => {
    expect(withContentSecurityPolicy(undefined)['Content-Security-Policy']).toEqual([HUB_CONTENT_SECURITY_POLICY]);
  });
});
