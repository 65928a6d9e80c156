import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader pieces (its dependencies), so the file is checked against its real schema.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const repo = new URL('../../', import.meta.url);
interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  beforePack: string;
  win: { target: { target: string }[]; icon: string };
  nsis: Record<string, unknown> & { include: string };
}
const config = yaml.load(readFileSync(new URL('electron-builder.yml', repo), 'utf8')) as BuilderConfig;

function pngSize(file: URL): [number, number] {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it("matches electron-builder's schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('makes an assisted Chinese NSIS installer with 统采 shortcuts', () => {
    expect(config.win.target[0]?.target).toBe('nsis');
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      installerLanguages: ['zh_CN'],
      createDesktopShortcut: 'always',
      createStartMenuShortcut: true,
      shortcutName: '统采',
      deleteAppDataOnUninstall: false,
    });
    expect(existsSync(new URL(config.nsis.include, repo))).toBe(true);
  });

  it('packages the Vite output, unpacks native binaries and sets the same fuses as Forge', () => {
    expect(config.files).toContain('.vite/**/*');
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(existsSync(new URL(config.beforePack, repo))).toBe(true);
  });

  it('has the icons it names, at the sizes the packagers need', () => {
    expect(pngSize(new URL('build/icon.png', repo))).toEqual([512, 512]);
    expect(pngSize(new URL('build/icons/256x256.png', repo))).toEqual([256, 256]);
    expect(pngSize(new URL('build/icons/512x512.png', repo))).toEqual([512, 512]);
    const ico = readFileSync(new URL(config.win.icon, repo));
    expect(ico.readUInt16LE(2)).toBe(1); // an icon resource
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(1);
    expect(ico[6]).toBe(16); // smallest first; the 256 px entry is stored as 0
  });
});
