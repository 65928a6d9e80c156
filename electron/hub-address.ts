/**
 * Where the window may go. Pure (no 'electron' import) so the rules are unit-tested under plain Node.
 */

export type HubUrlResult = { ok: true; origin: string } | { ok: false; message: string };

/** 127.0.0.0/8, ::1 and localhost: the only hosts a hub may be reached over plain http. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Turns what a user typed into a hub origin. A bare host gets https:// — a LAN hub always speaks https,
 * and plain http is refused except on this computer, where nothing crosses the network.
 */
export function normalizeHubUrl(input: string): HubUrlResult {
  const text = input.trim();
  if (!text) return { ok: false, message: '请输入医共体中心服务器的地址' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `无法识别的地址：${text}` };
  }
  if (url.username || url.password) return { ok: false, message: '地址中不能包含用户名或密码' };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return { ok: false, message: '连接局域网中的服务器必须使用 https:// 地址（http 仅限本机）' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: '地址必须以 https:// 开头' };
  }
  return { ok: true, origin: url.origin };
}

export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    // Opaque origins (file:, data:, about:) serialise as "null" and must never equal anything.
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

/**
 * The hub origin is the whole application; anything else is either a web page the user may open in
 * their own browser (https only) or refused outright (file:, javascript:, data:, custom schemes).
 */
export function classifyNavigation(target: string, hubOrigin: string): NavigationDecision {
  const origin = originOf(target);
  if (origin !== null && origin === hubOrigin) return 'allow';
  try {
    const url = new URL(target);
    // user:pass@ in a link is a classic disguise (https://hub.example@evil.cn/): never pass one on.
    return url.protocol === 'https:' && !url.username && !url.password ? 'open-externally' : 'deny';
  } catch {
    return 'deny';
  }
}

const STARTED_PREFIX = '统采中心服务已启动：';

/**
 * Reads one line of the standalone hub's stdout and returns the URL it listens on, if the line
 * announces it. Only a loopback http(s) URL is accepted: the embedded hub must never be reached
 * from, or point the window at, anywhere else.
 */
export function hubUrlFromLine(line: string): string | null {
  let text = line.trim();
  if (text.startsWith(STARTED_PREFIX)) text = text.slice(STARTED_PREFIX.length).trim();
  if (!/^https?:\/\/\S+$/.test(text)) return null;
  try {
    const url = new URL(text);
    if (!isLoopbackHostname(url.hostname) || !url.port) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Must match server/setup-code-line.ts (electron/ imports nothing from server/; a unit test checks they agree). */
export const SETUP_CODE_PREFIX = '统采中心服务初始化码：';

/**
 * Reads one line of the standalone hub's stdout and returns the one-time setup code it announces, if it does
 * (an uninitialised hub prints it before its address). Only letters, digits and a dash are accepted.
 */
export function setupCodeFromLine(line: string): string | null {
  const text = line.trim();
  if (!text.startsWith(SETUP_CODE_PREFIX)) return null;
  const code = text.slice(SETUP_CODE_PREFIX.length).trim();
  return /^[A-Za-z0-9-]{4,40}$/.test(code) ? code : null;
}

/**
 * Where the window first goes: the hub's root, with the setup code as a `#setup=` fragment when the standalone
 * hub printed one. A fragment never travels to a server; the wizard reads it and removes it from the address.
 */
export function initialHubUrl(origin: string, setupCode: string | null): string {
  return setupCode ? `${origin}/#setup=${encodeURIComponent(setupCode)}` : `${origin}/`;
}
