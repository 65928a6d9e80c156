import { describe, expect, it } from 'vitest';
import { classifyNavigation, hubUrlFromLine, initialHubUrl, normalizeHubUrl, SETUP_CODE_PREFIX, setupCodeFromLine } from '../../electron/hub-address.js';
import { SETUP_CODE_PREFIX as HUB_SETUP_CODE_PREFIX } from '../../server/setup-code-line.js';

describe('normalizeHubUrl', () => {
  it('adds https to a bare host and keeps only the origin', () => {
    expect(normalizeHubUrl(' tongcai.xyy.local:8443/login?x=1 ')).toEqual({ ok: true, origin: 'https://tongcai.xyy.local:8443' });
    expect(normalizeHubUrl('HTTPS://Hub.Example:443/')).toEqual({ ok: true, origin: 'https://hub.example' });
  });

  it('refuses plain http to another computer but allows it on this one', () => {
    const lan = normalizeHubUrl('http://192.168.1.20:8080');
    expect(lan.ok).toBe(false);
    if (!lan.ok) expect(lan.message).toContain('https');
    expect(normalizeHubUrl('http://127.0.0.1:5174')).toEqual({ ok: true, origin: 'http://127.0.0.1:5174' });
    expect(normalizeHubUrl('http://localhost:5174').ok).toBe(true);
  });

  it('refuses empty input, credentials and other schemes with a Chinese message', () => {
    for (const input of ['', '   ', 'https://admin:pw@hub.example', 'ftp://hub.example', 'file:///etc/passwd', 'https://']) {
      const result = normalizeHubUrl(input);
      expect(result.ok, input).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('classifyNavigation', () => {
  const hub = 'https://hub.example:8443';

  it('allows only the exact hub origin', () => {
    expect(classifyNavigation('https://hub.example:8443/purchasing/orders?id=3', hub)).toBe('allow');
    expect(classifyNavigation('https://hub.example/', hub)).toBe('open-externally'); // another port is another origin
    expect(classifyNavigation('https://hub.example.evil.cn:8443/', hub)).toBe('open-externally');
    // Looks like the hub to a prefix check, but the host is evil.cn — and credentials in a link are refused.
    expect(classifyNavigation('https://hub.example:8443@evil.cn/', hub)).toBe('deny');
  });

  it('sends other https pages to the browser and refuses every other scheme', () => {
    expect(classifyNavigation('https://www.nhsa.gov.cn/', hub)).toBe('open-externally');
    for (const url of [
      'http://hub.example:8443/',
      'file:///C:/Windows/win.ini',
      'javascript:alert(1)',
      'data:text/html,<p>x',
      'ms-msdt:/id',
      'not a url',
    ]) {
      expect(classifyNavigation(url, hub), url).toBe('deny');
    }
  });

  it('never treats an opaque origin as the hub', () => {
    expect(classifyNavigation('data:text/html,x', 'null')).toBe('deny');
  });
});

describe('hubUrlFromLine', () => {
  it('reads the bare URL line and the Chinese announcement', () => {
    expect(hubUrlFromLine('http://127.0.0.1:38745')).toBe('http://127.0.0.1:38745');
    expect(hubUrlFromLine('统采中心服务已启动：http://127.0.0.1:38745/\r')).toBe('http://127.0.0.1:38745');
  });

  it('ignores other output and any non-loopback address', () => {
    for (const line of ['', '正在迁移数据库…', 'http://127.0.0.1', 'http://192.168.1.5:8080', 'see http://127.0.0.1:80 for details']) {
      expect(hubUrlFromLine(line), line).toBeNull();
    }
  });
});

describe('the setup code handed to the standalone window', () => {
  it('reads the code only from the hub’s own announcement line', () => {
    expect(SETUP_CODE_PREFIX).toBe(HUB_SETUP_CODE_PREFIX);
    expect(setupCodeFromLine('统采中心服务初始化码：ABCDE-FGHJK')).toBe('ABCDE-FGHJK');
    expect(setupCodeFromLine('  统采中心服务初始化码：ABCDE-FGHJK  ')).toBe('ABCDE-FGHJK');
    for (const line of ['ABCDE-FGHJK', '初始化码：ABCDE-FGHJK', '统采中心服务初始化码：', '统采中心服务初始化码：AB<script>', '统采中心服务初始化码：ABC DE', '统采中心服务已启动：http://127.0.0.1:5000']) {
      expect(setupCodeFromLine(line), line).toBeNull();
    }
  });

  it('opens the window on the hub’s root, with the code as a fragment when there is one', () => {
    expect(initialHubUrl('http://127.0.0.1:5000', null)).toBe('http://127.0.0.1:5000/');
    const url = new URL(initialHubUrl('http://127.0.0.1:5000', 'ABCDE-FGHJK'));
    expect(url.origin).toBe('http://127.0.0.1:5000');
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(url.hash).toBe('#setup=ABCDE-FGHJK');
  });
});
