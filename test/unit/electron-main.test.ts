import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from 'vite';
import { selfSignedCertificate, skipWithoutOpenssl } from '../support/certificates.js';

/**
 * electron/main.ts driven through a fake Electron: real settings files, the real bundled hub in a child
 * process, a real TLS server for pinning. What is faked is only what needs the Electron binary — windows,
 * dialogs (answered by the test), the session's hooks (called by the test as Chromium would).
 */

interface FakeEvent {
  url: string;
  isMainFrame?: boolean;
  defaultPrevented: boolean;
  preventDefault(): void;
}
const navigation = (url: string): FakeEvent => ({
  url,
  isMainFrame: true,
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

class FakeWebContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  setWindowOpenHandler(handler: OpenHandler) {
    this.openHandler = handler;
  }
  print() {}
  reload() {}
}

interface Fake {
  userData: string;
  appPath: string;
  windows: FakeWindow[];
  dialogs: { message: string; detail?: string; buttons?: string[] }[];
  answers: number[];
  external: string[];
  quitRequests: number;
  quit: boolean;
  headersHook?: (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void,
  ) => void;
  verifyProc?: (request: { hostname: string; certificate: { data: string } }, cb: (result: number) => void) => void;
  permission?: (contents: unknown, permission: string, cb: (granted: boolean) => void) => void;
}

let fake: Fake;

class FakeWindow extends EventEmitter {
  webContents = new FakeWebContents();
  url: string | null = null;
  file: { path: string; query: Record<string, string> } | null = null;
  destroyed = false;
  constructor(readonly options: { webPreferences?: Record<string, unknown>; title?: string }) {
    super();
    fake.windows.push(this);
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  loadFile(file: string, options?: { query?: Record<string, string> }) {
    this.file = { path: file, query: options?.query ?? {} };
    return Promise.resolve();
  }
  show() {}
  setMenu() {}
  setTitle() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  static getAllWindows() {
    return fake.windows.filter((w) => !w.destroyed);
  }
}

/**
 * One fake Electron for the whole file: vitest builds the mocked module once, so its members read the
 * current scenario's state (`fake`) at call time, and the app's listeners are cleared between scenarios.
 */
const fakeApp = Object.assign(new EventEmitter(), {
  enableSandbox() {},
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: () => fake.userData,
  getAppPath: () => fake.appPath,
  getVersion: () => '0.1.0',
  isPackaged: false,
  quit() {
    fake.quitRequests++;
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    fakeApp.emit('before-quit', event);
    if (!event.defaultPrevented) fake.quit = true;
  },
});

const fakeElectron = {
  app: fakeApp,
  BrowserWindow: FakeWindow,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: () => {} },
  dialog: {
    showMessageBox: async (...args: unknown[]) => {
      const options = args.at(-1) as Fake['dialogs'][number];
      fake.dialogs.push(options);
      return { response: fake.answers.shift() ?? 0 };
    },
  },
  shell: {
    openExternal: async (url: string) => void fake.external.push(url),
    openPath: async () => '',
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: Fake['permission']) => (fake.permission = h),
      setPermissionCheckHandler: () => {},
      setDevicePermissionHandler: () => {},
      webRequest: { onHeadersReceived: (h: Fake['headersHook']) => (fake.headersHook = h) },
      setCertificateVerifyProc: (p: Fake['verifyProc']) => (fake.verifyProc = p),
    },
  },
  utilityProcess: {
    fork: (entry: string, args: string[], options: { env?: NodeJS.ProcessEnv }) =>
      fork(entry, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }),
  },
};

function newFake(userData: string, appPath: string): Fake {
  fakeApp.removeAllListeners();
  return { userData, appPath, windows: [], dialogs: [], answers: [], external: [], quitRequests: 0, quit: false };
}

vi.mock('electron', () => fakeElectron);

const repo = fileURLToPath(new URL('../..', import.meta.url));
mkdirSync(path.join(repo, '.tmp'), { recursive: true });
const work = mkdtempSync(path.join(repo, '.tmp', 'electron-main-'));
const appPath = path.join(work, 'app');


beforeAll(async () => {
  // The hub as the package carries it, at <app>/.vite/build/hub.js where main.ts looks for it.
  const { createJiti } = await import('jiti');
  const forgeConfig = (await createJiti(import.meta.url).import(path.join(repo, 'forge.config.ts'), { default: true })) as {
    plugins: { name: string; config?: unknown }[];
  };
  const generatorModule = await import('@electron-forge/plugin-vite/dist/ViteConfig.js');
  type Generator = typeof generatorModule.default;
  const Generator = ((generatorModule.default as unknown as { default?: Generator }).default ?? generatorModule.default) as Generator;
  const pluginConfig = forgeConfig.plugins.find((p) => p.name === 'vite')!.config as ConstructorParameters<Generator>[0];
  const hubOnly = { ...pluginConfig, build: pluginConfig.build.filter((b) => b.entry === 'server/main.ts') };
  for (const config of await new Generator(hubOnly, repo, true).getBuildConfigs()) {
    await build({
      ...config,
      configFile: false,
      logLevel: 'silent',
      build: { ...config.build, outDir: path.join(appPath, '.vite', 'build') },
    });
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function startShell(userData: string): Promise<void> {
  fake = newFake(userData, appPath);
  vi.resetModules();
  await import('../../electron/main.js');
}

const liveWindows = () => fake.windows.filter((w) => !w.destroyed);

describe('desktop shell, standalone mode', () => {
  it('asks on first run, starts the local hub, opens a locked-down window on it, and stops the hub on quit', async () => {
    const userData = path.join(work, 'user-standalone');
    await startShell(userData);

    // First run: the chooser page, with no preload.
    const chooser = await vi.waitFor(() => {
      const w = liveWindows().find((x) => x.file);
      if (!w) throw new Error('no chooser yet');
      return w;
    });
    expect(chooser.file!.path).toBe(path.join(appPath, '.vite', 'build', 'first-run', 'index.html'));
    expect(chooser.options.webPreferences?.preload).toBeUndefined();
    expect(chooser.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });

    const submit = navigation(`file://${chooser.file!.path}?submit=1&mode=standalone&hubUrl=`);
    chooser.webContents.emit('will-navigate', submit);
    expect(submit.defaultPrevented).toBe(true);

    const hubWindow = await vi.waitFor(
      () => {
        const w = liveWindows().find((x) => x.url);
        if (!w) throw new Error('no hub window yet');
        return w;
      },
      { timeout: 20_000, interval: 50 },
    );
    const origin = new URL(hubWindow.url!).origin;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // A new hub: the window gets the setup code the hub printed, as a fragment the wizard reads.
    expect(new URL(hubWindow.url!).hash).toMatch(/^#setup=[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(hubWindow.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(appPath, '.vite', 'build', 'preload.js'),
    });
    expect(JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8'))).toMatchObject({ connection: { mode: 'standalone' } });
    expect(existsSync(path.join(userData, 'data', 'tongcai.db'))).toBe(true);
    expect((await fetch(`${origin}/api/health`)).status).toBe(200);

    // Navigation and popups stay on the hub; https elsewhere goes to the browser; the rest is refused.
    const inside = navigation(`${origin}/stock`);
    hubWindow.webContents.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    const outside = navigation('https://www.nhsa.gov.cn/');
    hubWindow.webContents.emit('will-navigate', outside);
    expect(outside.defaultPrevented).toBe(true);
    expect(fake.external).toEqual(['https://www.nhsa.gov.cn/']);
    const file = navigation('file:///C:/Windows/win.ini');
    hubWindow.webContents.emit('will-navigate', file);
    expect(file.defaultPrevented).toBe(true);
    expect(fake.external).toHaveLength(1);
    expect(hubWindow.webContents.openHandler!({ url: `${origin}/print/receipt/1` }).action).toBe('allow');
    expect(hubWindow.webContents.openHandler!({ url: 'javascript:alert(1)' }).action).toBe('deny');

    // Session policy: no permissions, CSP added to hub responses only.
    const granted = await new Promise<boolean>((resolve) => fake.permission!(null, 'media', resolve));
    expect(granted).toBe(false);
    const headers = await new Promise<Record<string, unknown> | undefined>((resolve) =>
      fake.headersHook!({ url: `${origin}/`, responseHeaders: {} }, (r) => resolve(r.responseHeaders)),
    );
    expect(headers?.['Content-Security-Policy']).toBeDefined();
    const elsewhere = await new Promise<Record<string, unknown> | undefined>((resolve) =>
      fake.headersHook!({ url: 'https://example.org/', responseHeaders: {} }, (r) => resolve(r.responseHeaders)),
    );
    expect(elsewhere).toBeUndefined();

    // Quit waits for the hub to stop.
    fakeApp.quit();
    await vi.waitFor(() => expect(fake.quit).toBe(true), { timeout: 15_000, interval: 50 });
    await expect(fetch(`${origin}/api/health`)).rejects.toThrow();
  }, 60_000);

  it('opens straight on the saved choice on the next start', async () => {
    const userData = path.join(work, 'user-standalone');
    await startShell(userData);
    const hubWindow = await vi.waitFor(
      () => {
        const w = liveWindows().find((x) => x.url);
        if (!w) throw new Error('no hub window yet');
        return w;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(fake.windows.some((w) => w.file)).toBe(false);
    fakeApp.quit();
    await vi.waitFor(() => expect(fake.quit).toBe(true), { timeout: 15_000, interval: 50 });
    await expect(fetch(`${new URL(hubWindow.url!).origin}/api/health`)).rejects.toThrow();
  }, 60_000);
});

describe.skipIf(skipWithoutOpenssl())('desktop shell, connect mode with certificate pinning', () => {
  let first: { cert: string; key: string };
  let second: { cert: string; key: string };
  let server: Server;
  let origin: string;
  const userData = path.join(work, 'user-connect');

  beforeAll(async () => {
    first = selfSignedCertificate(work, 'hub-a');
    second = selfSignedCertificate(work, 'hub-b');
    server = createServer({ cert: first.cert, key: first.key }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mkdirSync(userData, { recursive: true });
    writeFileSync(
      path.join(userData, 'settings.json'),
      JSON.stringify({ version: 1, connection: { mode: 'connect', hubOrigin: origin }, pins: {} }),
    );
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('asks the user to check the fingerprint on first use, pins it, and lets Chromium accept only that certificate', async () => {
    await startShell(userData);
    fake.answers.push(0); // 信任并连接
    const hubWindow = await vi.waitFor(
      () => {
        const w = liveWindows().find((x) => x.url);
        if (!w) throw new Error('no hub window yet');
        return w;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(hubWindow.url).toBe(`${origin}/`);
    const { X509Certificate } = await import('node:crypto');
    const fingerprint = new X509Certificate(first.cert).fingerprint256;
    expect(fake.dialogs[0]!.message).toContain('首次连接');
    expect(fake.dialogs[0]!.detail).toContain(fingerprint.slice(0, 47));
    expect(JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8')).pins).toEqual({ [origin]: fingerprint });

    const verify = (hostname: string, pem: string) =>
      new Promise<number>((resolve) => fake.verifyProc!({ hostname, certificate: { data: pem } }, resolve));
    expect(await verify('127.0.0.1', first.cert)).toBe(0);
    expect(await verify('127.0.0.1', second.cert)).toBe(-2);
    await vi.waitFor(() => expect(fake.dialogs.some((d) => d.message.includes('证书已改变'))).toBe(true));
    expect(await verify('example.org', second.cert)).toBe(-3);
  }, 30_000);

  it('refuses a changed certificate on the next start, with a warning, and opens nothing', async () => {
    server.setSecureContext({ cert: second.cert, key: second.key });
    await startShell(userData);
    fake.answers.push(0); // 退出
    await vi.waitFor(() => expect(fake.quitRequests).toBeGreaterThan(0), { timeout: 10_000, interval: 50 });
    const warning = fake.dialogs.find((d) => d.message.includes('证书已改变'));
    expect(warning).toBeDefined();
    expect(warning!.detail).toContain('已记录的指纹');
    expect(fake.windows.some((w) => w.url)).toBe(false);
    // The pin is untouched.
    const { X509Certificate } = await import('node:crypto');
    expect(JSON.parse(readFileSync(path.join(userData, 'settings.json'), 'utf8')).pins).toEqual({
      [origin]: new X509Certificate(first.cert).fingerprint256,
    });
  }, 30_000);
});
