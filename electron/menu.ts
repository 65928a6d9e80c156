import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  changeConnection(): void;
  forgetCertificate(): void;
  print(): void;
  about(): void;
  openDataFolder(): void;
  showSetupCode(): void;
}

export interface MenuState {
  mode: 'standalone' | 'connect' | null;
  /** The connected hub has a pinned certificate that could be forgotten. */
  hasPin: boolean;
  developer: boolean;
  /** A new standalone hub's one-time setup code, while it is not yet set up (to show again after a reload). */
  setupCode: string | null;
}

/** The application menu, in Chinese; role items get explicit labels because Electron's defaults are English. */
export function buildMenu(state: MenuState, actions: MenuActions): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件(&F)',
      submenu: [
        { label: '更改运行方式…', click: () => actions.changeConnection() },
        { label: '忘记服务器证书…', enabled: state.mode === 'connect' && state.hasPin, click: () => actions.forgetCertificate() },
        { type: 'separator' },
        { label: '打印…', accelerator: 'CmdOrCtrl+P', click: () => actions.print() },
        { type: 'separator' },
        { label: '退出', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '编辑(&E)',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图(&V)',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        ...(state.developer ? [{ label: '开发者工具', role: 'toggleDevTools' } as const] : []),
      ],
    },
    {
      label: '帮助(&H)',
      submenu: [
        { label: '打开数据文件夹', enabled: state.mode === 'standalone', click: () => actions.openDataFolder() },
        { label: '显示初始化码…', enabled: state.mode === 'standalone' && state.setupCode !== null, click: () => actions.showSetupCode() },
        { type: 'separator' },
        { label: '关于统采', click: () => actions.about() },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
