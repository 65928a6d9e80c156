import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron';
import { HubUnreachableError, probeCertificate } from './certificate-probe.js';
import { checkPin } from './fingerprint.js';
import { buildMenu } from './menu.js';
import { applySessionPolicy } from './session-policy.js';
import { readSettings, withoutPin, withPin, writeSettings, type Connection, type ShellSettings } from './settings.js';
import { HubStartFailure, startStandaloneHub, type StandaloneHub } from './standalone-hub.js';
import { APP_TITLE, chooseConnection, createHubWindow } from './windows.js';
import { initialHubUrl } from './hub-address.js';

/**
 * The desktop shell: a window onto a hub. Standalone mode starts the bundled hub on 127.0.0.1; connect
 * mode opens a community hub over https with its certificate pinned on first use. No business logic here.
 */

const buildDir = () => path.join(app.getAppPath(), '.vite', 'build');
const userDir = () => app.getPath('userData');
const firstRunPage = () => path.join(buildDir(), 'first-run', 'index.html');
const preloadPath = () => path.join(buildDir(), 'preload.js');
const dataDir = () => path.join(userDir(), 'data');

let settings: ShellSettings;
/** The only origin the window may show; null while none is open. Read by the session policy. */
let hubOrigin: string | null = null;
let hub: StandaloneHub | null = null;
let mainWindow: BrowserWindow | null = null;
/** Non-zero while windows are being swapped, when "no window open" does not mean "quit". */
let busy = 0;
let stoppingHub = false;
let pinWarningShown = false;

class PinMismatchError extends Error {
  override name = 'PinMismatchError';
  constructor(
    readonly origin: string,
    readonly pinned: string,
    readonly presented: string,
  ) {
    super('服务器证书已改变');
  }
}

function save(next: ShellSettings): void {
  settings = next;
  writeSettings(userDir(), next);
  refreshMenu();
}

function refreshMenu(): void {
  const connection = settings.connection;
  Menu.setApplicationMenu(
    buildMenu(
      {
        mode: connection?.mode ?? null,
        hasPin: connection?.mode === 'connect' && settings.pins[connection.hubOrigin] !== undefined,
        developer: !app.isPackaged,
        setupCode: connection?.mode === 'standalone' ? (hub?.setupCode ?? null) : null,
      },
      {
        changeConnection: () => void changeConnection(),
        forgetCertificate: () => void forgetCertificate(),
        print: () => mainWindow?.webContents.print(),
        about: () => void showAbout(),
        openDataFolder: () => void shell.openPath(dataDir()),
        showSetupCode: () => void showSetupCode(),
      },
    ),
  );
}

/** 95 characters do not fit a dialog line; two rows of 16 bytes are easy to read aloud and compare. */
function displayFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 47)}\n${fingerprint.slice(48)}`;
}

function hostOf(origin: string): string {
  return new URL(origin).host;
}

/** Returns the origin to open, or null if the user declined to trust the certificate. */
async function verifyRemoteHub(origin: string): Promise<string | null> {
  // http is only ever accepted for this computer (normalizeHubUrl), where there is nothing to pin.
  if (new URL(origin).protocol === 'http:') return origin;
  const certificate = await probeCertificate(origin);
  const pinned = settings.pins[origin];
  const check = checkPin(pinned, certificate.fingerprint);
  if (check === 'match') return origin;
  if (check === 'mismatch') throw new PinMismatchError(origin, pinned!, certificate.fingerprint);
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: APP_TITLE,
    message: `首次连接服务器 ${hostOf(origin)}，请核对证书指纹`,
    detail:
      `服务器证书的 SHA-256 指纹：\n${displayFingerprint(certificate.fingerprint)}\n\n` +
      (certificate.subject ? `证书名称：${certificate.subject}\n` : '') +
      (certificate.validTo ? `有效期至：${certificate.validTo}\n\n` : '\n') +
      '请与信息科（服务器管理员）提供的指纹逐位核对，一致后再点“信任并连接”。\n' +
      '此后本电脑只信任这张证书；证书一旦变化，统采会拒绝连接并提示。',
    buttons: ['信任并连接', '取消'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return null;
  save(withPin(settings, origin, certificate.fingerprint));
  return origin;
}

async function startLocalHub(): Promise<string> {
  hub = await startStandaloneHub({
    entry: path.join(buildDir(), 'hub.js'),
    dataDir: dataDir(),
    onUnexpectedExit: (code, stderr) => void onHubDied(code, stderr),
  });
  return hub.origin;
}

async function onHubDied(code: number, stderr: string): Promise<void> {
  hub = null;
  hubOrigin = null;
  mainWindow?.destroy();
  mainWindow = null;
  busy++;
  try {
    await dialog.showMessageBox({
      type: 'error',
      title: APP_TITLE,
      message: '本机服务意外停止',
      detail: `退出码 ${code}。已保存的数据不会丢失（每笔操作要么完整保存，要么完全不保存）。${stderr}`,
      buttons: ['重新启动'],
      noLink: true,
    });
  } finally {
    busy--;
  }
  await runConnection(settings.connection);
}

type FailureChoice = 'retry' | 'choose' | 'quit';

async function askAfterFailure(error: unknown): Promise<FailureChoice> {
  if (error instanceof PinMismatchError) return askAfterPinMismatch(error);
  const known = error instanceof HubStartFailure || error instanceof HubUnreachableError;
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: APP_TITLE,
    message: settings.connection?.mode === 'standalone' ? '无法启动本机服务' : '无法连接医共体中心服务器',
    detail: known ? (error as Error).message : `发生了意外错误：${String(error)}`,
    buttons: ['重试', '更改运行方式', '退出'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  return (['retry', 'choose', 'quit'] as const)[response] ?? 'quit';
}

/**
 * A changed certificate is refused. Forgetting the old one is possible (servers do renew certificates) but
 * takes two deliberate steps and ends at the first-use dialog, where the new fingerprint must be checked.
 */
async function askAfterPinMismatch(error: PinMismatchError): Promise<FailureChoice> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: APP_TITLE,
    message: `警告：服务器 ${hostOf(error.origin)} 的证书已改变，已拒绝连接`,
    detail:
      '这可能是服务器更换了证书，也可能是有人冒充服务器，企图窃取账号和数据。\n\n' +
      `已记录的指纹：\n${displayFingerprint(error.pinned)}\n\n本次收到的指纹：\n${displayFingerprint(error.presented)}\n\n` +
      '请先联系信息科（服务器管理员）核实。未经核实，请不要继续。',
    buttons: ['退出', '更改运行方式', '忘记旧证书…'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (response === 1) return 'choose';
  if (response !== 2) return 'quit';
  const confirm = await dialog.showMessageBox({
    type: 'warning',
    title: APP_TITLE,
    message: '确定要忘记旧证书吗？',
    detail: '只有在信息科确认服务器已更换证书时才这样做。接下来会显示新证书的指纹，请逐位核对。',
    buttons: ['忘记旧证书', '取消'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (confirm.response !== 0) return 'quit';
  save(withoutPin(settings, error.origin));
  return 'retry';
}

/** Opens one connection, retrying or giving up as the user decides after a failure. */
async function open(connection: Connection): Promise<'opened' | 'choose' | 'quit'> {
  for (;;) {
    try {
      const origin = connection.mode === 'standalone' ? await startLocalHub() : await verifyRemoteHub(connection.hubOrigin);
      if (origin === null) return 'choose';
      // A new standalone hub printed its setup code: hand it to the wizard in this window (#setup=…).
      showHub(origin, connection.mode === 'standalone' ? (hub?.setupCode ?? null) : null);
      return 'opened';
    } catch (error) {
      const choice = await askAfterFailure(error);
      if (choice !== 'retry') return choice;
    }
  }
}

function showHub(origin: string, setupCode: string | null = null): void {
  hubOrigin = origin;
  pinWarningShown = false;
  const window = createHubWindow(origin, preloadPath(), initialHubUrl(origin, setupCode));
  mainWindow = window;
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    // -3 is ERR_ABORTED: a navigation replaced by another, not a failure.
    if (!isMainFrame || errorCode === -3) return;
    void dialog
      .showMessageBox(window, {
        type: 'error',
        title: APP_TITLE,
        message: '页面加载失败',
        detail: `${errorDescription}（${errorCode}）。请检查网络或服务器是否正常运行。`,
        buttons: ['重新加载', '关闭'],
        defaultId: 0,
        noLink: true,
      })
      .then(({ response }) => {
        if (response === 0 && !window.isDestroyed()) window.webContents.reload();
      });
  });
  refreshMenu();
}

/** Asks for a connection until a window is open or the user gives up (then the app quits). */
async function runConnection(initial: Connection | null): Promise<void> {
  busy++;
  try {
    let connection = initial;
    for (;;) {
      if (connection === null) {
        connection = await chooseConnection(firstRunPage(), settings.connection);
        if (connection === null) {
          app.quit();
          return;
        }
        save({ ...settings, connection });
      }
      const outcome = await open(connection);
      if (outcome === 'opened') return;
      if (outcome === 'quit') {
        app.quit();
        return;
      }
      connection = null;
    }
  } finally {
    busy--;
  }
}

async function closeCurrent(): Promise<void> {
  hubOrigin = null;
  mainWindow?.destroy();
  mainWindow = null;
  const running = hub;
  hub = null;
  if (running) {
    stoppingHub = true;
    try {
      await running.stop();
    } finally {
      stoppingHub = false;
    }
  }
}

function sameConnection(a: Connection | null, b: Connection): boolean {
  if (a === null || a.mode !== b.mode) return false;
  return a.mode === 'standalone' || (b.mode === 'connect' && a.hubOrigin === b.hubOrigin);
}

async function changeConnection(): Promise<void> {
  if (busy) return;
  busy++;
  try {
    const next = await chooseConnection(firstRunPage(), settings.connection, mainWindow ?? undefined);
    if (next === null || (mainWindow && sameConnection(settings.connection, next))) return;
    await closeCurrent();
    save({ ...settings, connection: next });
    await runConnection(next);
  } finally {
    busy--;
  }
}

async function forgetCertificate(): Promise<void> {
  const connection = settings.connection;
  if (busy || connection?.mode !== 'connect') return;
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: APP_TITLE,
    message: `忘记服务器 ${hostOf(connection.hubOrigin)} 的证书？`,
    detail: '下次连接时会重新显示证书指纹，需要再次与信息科核对。只有在信息科确认服务器更换了证书时才这样做。',
    buttons: ['忘记并重新连接', '取消'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return;
  busy++;
  try {
    await closeCurrent();
    save(withoutPin(settings, connection.hubOrigin));
    await runConnection(connection);
  } finally {
    busy--;
  }
}

/** The setup code again, for a wizard reloaded after the window first opened it (the #setup= fragment is used once). */
async function showSetupCode(): Promise<void> {
  const code = hub?.setupCode ?? null;
  if (!code) return;
  await dialog.showMessageBox({
    type: 'info',
    title: APP_TITLE,
    message: `初始化码：${code}`,
    detail: '在初始化向导的第一步输入此码。完成初始化后此码即失效。',
    buttons: ['确定'],
  });
}

async function showAbout(): Promise<void> {
  const connection = settings.connection;
  const lines = [`版本 ${app.getVersion()}`];
  if (connection?.mode === 'standalone') lines.push('运行方式：本机独立运行', `数据文件夹：${dataDir()}`);
  if (connection?.mode === 'connect') {
    lines.push('运行方式：连接医共体中心服务器', `服务器：${connection.hubOrigin}`);
    const pin = settings.pins[connection.hubOrigin];
    if (pin) lines.push(`证书指纹（SHA-256）：\n${displayFingerprint(pin)}`);
  }
  lines.push(`Electron ${process.versions.electron} · Chromium ${process.versions.chrome}`);
  await dialog.showMessageBox({
    type: 'info',
    title: APP_TITLE,
    message: '统采 — 县域医共体药品耗材统一采购',
    detail: lines.join('\n'),
    buttons: ['确定'],
    noLink: true,
  });
}

async function start(): Promise<void> {
  settings = readSettings(userDir());
  applySessionPolicy(session.defaultSession, {
    hubOrigin: () => hubOrigin,
    pinFor: (origin) => settings.pins[origin],
    onPinRejected: (origin, presented) => {
      // The certificate changed after our own check: refuse, and say why once instead of a blank window.
      if (pinWarningShown) return;
      pinWarningShown = true;
      void dialog.showMessageBox({
        type: 'warning',
        title: APP_TITLE,
        message: `警告：服务器 ${hostOf(origin)} 的证书已改变，已拒绝连接`,
        detail: `本次收到的指纹：\n${displayFingerprint(presented)}\n\n请联系信息科（服务器管理员）核实，然后重新启动统采。`,
        buttons: ['确定'],
        noLink: true,
      });
    },
  });
  refreshMenu();
  await runConnection(settings.connection);
}

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Two shells would start two hubs on one database, or ask the same first-run question twice.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = mainWindow ?? BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => {
    if (busy === 0) app.quit();
  });

  // Stop the embedded hub before exiting, so it closes the database itself rather than being killed mid-write.
  app.on('before-quit', (event) => {
    if (!hub || stoppingHub) return;
    event.preventDefault();
    const running = hub;
    hub = null;
    stoppingHub = true;
    void running.stop().finally(() => app.quit());
  });

  void app.whenReady().then(start);
}
