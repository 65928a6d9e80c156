import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageIgnore, runtimeDependencyDirs } from '../../electron/packaging.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tongcai-pack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pkg(dir: string, deps: Record<string, string> = {}, optional: Record<string, string> = {}) {
  mkdirSync(path.join(root, dir), { recursive: true });
  writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify({ dependencies: deps, optionalDependencies: optional }));
}

// A native module with a nested copy of a dependency, a scoped package with a per-platform optional binary
// (only one installed), and unrelated packages that must stay out.
pkg('node_modules/native-db', { bindings: '1', shared: '2' });
pkg('node_modules/native-db/node_modules/shared', {});
pkg('node_modules/shared', { unrelated: '1' });
pkg('node_modules/unrelated');
pkg('node_modules/bindings', { 'file-uri-to-path': '1' });
pkg('node_modules/file-uri-to-path');
pkg('node_modules/@scope/hash', {}, { '@scope/hash-win32-x64': '1', '@scope/hash-linux-x64': '1' });
pkg('node_modules/@scope/hash-linux-x64');
pkg('node_modules/fastify', { bindings: '1' });

describe('runtime dependency closure', () => {
  it('follows dependencies the way Node resolves them, and installed optional ones', () => {
    expect(runtimeDependencyDirs(['native-db', '@scope/hash'], root)).toEqual([
      'node_modules/@scope/hash',
      'node_modules/@scope/hash-linux-x64',
      'node_modules/bindings',
      'node_modules/file-uri-to-path',
      'node_modules/native-db',
      'node_modules/native-db/node_modules/shared',
    ]);
  });

  it('fails loudly when a required package is missing', () => {
    expect(() => runtimeDependencyDirs(['not-installed'], root)).toThrow(/not-installed/);
  });
});

describe('package ignore', () => {
  const ignore = packageIgnore(['node_modules/@scope/hash', 'node_modules/bindings']);

  it('keeps package.json, the Vite output and the kept modules with the folders leading to them', () => {
    for (const file of [
      '',
      '/package.json',
      '/.vite',
      '/.vite/build/hub.js',
      '/node_modules',
      '/node_modules/@scope',
      '/node_modules/@scope/hash/index.js',
      '/node_modules/bindings',
    ]) {
      expect(ignore(file), file).toBe(false);
    }
  });

  it('drops sources, tests and bundled dependencies', () => {
    for (const file of [
      '/core/registry.ts',
      '/electron/main.ts',
      '/test',
      '/node_modules/fastify/index.js',
      '/node_modules/@scope/hash-evil',
      '/node_modules/bindings-extra',
      '/.vitest',
      '/dist/renderer/index.html',
    ]) {
      expect(ignore(file), file).toBe(true);
    }
  });
});
