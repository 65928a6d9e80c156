/**
 * How the hub announces its setup code on stdout: `统采中心服务初始化码：ABCDE-FGHJK`. The desktop shell's
 * standalone mode reads this line (electron/hub-address.ts setupCodeFromLine keeps its own copy of the prefix:
 * electron/ imports nothing from server/; test/unit/electron-hub-address.test.ts checks they agree).
 */
export const SETUP_CODE_PREFIX = '统采中心服务初始化码：';
