import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { warmSearchIndexes } from '../core/search-warmup.js';
import { migrate } from '../db/migrate.js';
import { openDatabase, type Db } from '../db/open.js';
import { buildApp } from './http.js';
import { hubHostNames } from './host-check.js';
import { ensureSetupCode } from '../core/setup/setup-code.js';
import { startAlertSchedule } from '../core/alerts/schedule.js';

export const DATABASE_FILE = 'tongcai.db';

export interface HubOptions {
  dataDir: string;
  port?: number;
  host?: string;
  staticDir?: string;
  log?: boolean;
  /** PEM certificate and key; without them the hub listens on loopback only. */
  tlsCert?: string | Buffer;
  tlsKey?: string | Buffer;
  /** Under TLS, the names clients use to reach the hub (Host header); defaults to `host`. */
  publicNames?: readonly string[];
  /** Minutes between alert scans (提醒); default the alert settings' interval (15), 0 off — and off under vitest unless given. */
  alertScanMinutes?: number;
}

export interface Hub {
  url: string;
  port: number;
  db: Db;
  app: FastifyInstance;
  /** The one-time setup code while the hub is uninitialised (print it on the console), else null. */
  setupCode: string | null;
  close(): Promise<void>;
}

export class HubStartError extends Error {
  override name = 'HubStartError';
}

/** 127.0.0.0/8, ::1 and localhost: the only places plain http may listen. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

/**
 * Starts a hub on one data directory: opens and migrates its database, then listens. A database from a
 * newer build or with diverged migrations stops startup with migrate()'s Chinese message.
 */
export async function startHub(options: HubOptions): Promise<Hub> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tlsCert !== undefined || options.tlsKey !== undefined;
  if (tls && (options.tlsCert === undefined || options.tlsKey === undefined)) {
    throw new HubStartError('启用 HTTPS 需要同时提供证书和私钥');
  }
  if (!tls && !isLoopbackHost(host)) {
    throw new HubStartError(
      `未提供证书时只能在本机地址（127.0.0.1）上以 HTTP 提供服务；要在 ${host} 上对局域网开放，请用 --cert 和 --key 提供 HTTPS 证书`,
    );
  }

  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(databasePath(options.dataDir));
  let app: FastifyInstance | undefined;
  let setupCode: string | null;
  try {
    migrate(db.$client);
    setupCode = ensureSetupCode(db);
    app = await buildApp(db, {
      hostNames: hubHostNames({ host, tls, publicNames: options.publicNames }),
      ...(options.staticDir !== undefined ? { staticDir: options.staticDir } : {}),
      ...(options.log !== undefined ? { log: options.log } : {}),
      ...(tls ? { https: { cert: options.tlsCert!, key: options.tlsKey! } } : {}),
    });
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    db.$client.close();
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${urlHost}:${port}`;
  let closed: Promise<void> | undefined;
  const server = app;
  // After start-up, not before: the hub answers at once and the indexes are ready moments later.
  const warm = setTimeout(() => {
    if (closed) return;
    try {
      warmSearchIndexes(db);
    } catch (error) {
      // A failed warm-up only means the first search builds the index itself.
      console.error('[tongcai] search warm-up failed:', error);
    }
  }, 1000);
  warm.unref();
  const alertScan = startAlertSchedule(db, { minutes: options.alertScanMinutes ?? (process.env['VITEST'] ? 0 : undefined) });
  return {
    url,
    port,
    db,
    app: server,
    setupCode,
    close() {
      clearTimeout(warm);
      alertScan.stop();
      closed ??= server.close().then(() => {
        db.$client.close();
      });
      return closed;
    },
  };
}
