import { BrowserWindow, shell, type WebContents, type WebPreferences } from 'electron';
import { firstRunQuery, parseFirstRunSubmission } from './first-run-choice.js';
import { classifyNavigation } from './hub-address.js';
import type { Connection } from './settings.js';

export const APP_TITLE = '统采';

function securePreferences(preload?: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    ...(preload ? { preload } : {}),
  };
}

/**
 * Keeps a window's contents on the hub origin: same-origin navigation and popups (print views) stay in
 * the app with the same locked-down preferences; https links elsewhere go to the user's browser; every
 * other scheme is refused.
 */
function lockToOrigin(contents: WebContents, hubOrigin: string, preload: string): void {
  contents.on('will-navigate', (event) => {
    const decision = classifyNavigation(event.url, hubOrigin);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-externally') void shell.openExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (event.isMainFrame && classifyNavigation(event.url, hubOrigin) !== 'allow') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = classifyNavigation(url, hubOrigin);
    if (decision === 'allow') {
      return {
        action: 'allow',
        overrideBrowserWindowOptions: { title: APP_TITLE, autoHideMenuBar: true, webPreferences: securePreferences(preload) },
      };
    }
    if (decision === 'open-externally') void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('did-create-window', (child) => lockToOrigin(child.webContents, hubOrigin, preload));
}

/** A window locked to `hubOrigin`, opened on `url` (the hub's root by default; it must be on the hub's origin). */
export function createHubWindow(hubOrigin: string, preload: string, url = `${hubOrigin}/`): BrowserWindow {
  const window = new BrowserWindow({
    title: APP_TITLE,
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: securePreferences(preload),
  });
  lockToOrigin(window.webContents, hubOrigin, preload);
  // Every title starts with 统采, whatever page is showing, so the taskbar always says which app it is.
  window.on('page-title-updated', (event, title) => {
    event.preventDefault();
    const page = title.trim();
    window.setTitle(page && page !== APP_TITLE ? `${APP_TITLE} — ${page}` : APP_TITLE);
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(new URL(url).origin === hubOrigin ? url : `${hubOrigin}/`);
  return window;
}

/**
 * Shows the first-run page and resolves with the user's choice, or null if they closed the window.
 * The page has no preload and no IPC: its form submits to itself, and the navigation is cancelled here.
 */
export function chooseConnection(pagePath: string, current: Connection | null, parent?: BrowserWindow): Promise<Connection | null> {
  const window = new BrowserWindow({
    title: `${APP_TITLE} — 选择运行方式`,
    width: 640,
    height: 600,
    resizable: false,
    minimizable: false,
    show: false,
    autoHideMenuBar: true,
    ...(parent ? { parent, modal: true } : {}),
    webPreferences: securePreferences(),
  });
  window.setMenu(null);
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  const initial = current?.mode === 'connect' ? { mode: current.mode, hubUrl: current.hubOrigin } : current ? { mode: current.mode } : {};
  void window.loadFile(pagePath, { query: firstRunQuery(initial) });

  return new Promise((resolve) => {
    let settled = false;
    window.webContents.on('will-navigate', (event) => {
      event.preventDefault();
      const submission = parseFirstRunSubmission(event.url);
      if (submission.kind === 'chosen') {
        settled = true;
        resolve(submission.connection);
        window.close();
      } else if (submission.kind === 'invalid') {
        void window.loadFile(pagePath, {
          query: firstRunQuery({ error: submission.message, hubUrl: submission.hubUrl, mode: 'connect' }),
        });
      }
    });
    window.once('closed', () => {
      if (!settled) resolve(null);
    });
  });
}
