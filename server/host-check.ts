/**
 * Host and Origin checks against DNS rebinding. A page on evil.example whose name is re-pointed at the hub's
 * address can reach the hub from a user's browser, but its requests still carry `Host: evil.example` and
 * `Origin: http://evil.example`: the hub answers only the names it was started for, and refuses any state-changing
 * request from a foreign origin.
 *
 * - loopback mode (plain http): 127.0.0.1, localhost and [::1] (and the listening address), with the hub's port;
 * - under TLS: the configured public names (`--public-name`, defaulting to `--host`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { errorBody } from './api-errors.js';

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'] as const;

/** A bare host name as compared: lower case, IPv6 without brackets, no trailing dot. */
export function normalizeHostName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** The names a hub answers to: loopback names in loopback mode, the public names (or the listening host) under TLS. */
export function hubHostNames(options: { host: string; tls: boolean; publicNames?: readonly string[] | undefined }): string[] {
  const names = options.tls ? (options.publicNames?.length ? options.publicNames : [options.host]) : [...LOOPBACK_NAMES, options.host];
  return [...new Set(names.map(normalizeHostName).filter((n) => n !== ''))];
}

/** Splits `name[:port]` / `[v6][:port]`; null when it is not a host at all. */
export function parseHostHeader(value: string): { name: string; port: number | null } | null {
  const text = value.trim();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/]+)(?::(\d{1,5}))?$/i.exec(text);
  if (!match) return null;
  return { name: normalizeHostName(match[1]!), port: match[2] === undefined ? null : Number(match[2]) };
}

export interface HostRules {
  names: readonly string[];
  secure: boolean;
  /** The port the hub listens on (known after listen). */
  port: () => number;
}

/** True when `host` (a Host header or an origin's host) names this hub: one of its names, on its port. */
export function hostAllowed(host: string, rules: HostRules): boolean {
  const parsed = parseHostHeader(host);
  if (!parsed || !rules.names.includes(parsed.name)) return false;
  const defaultPort = rules.secure ? 443 : 80;
  const port = parsed.port ?? defaultPort;
  return port === rules.port();
}

/** True when an Origin header is one of the hub's own origins. `null` and other schemes never are. */
export function originAllowed(origin: string, rules: HostRules): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== (rules.secure ? 'https:' : 'http:')) return false;
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) return false;
  return hostAllowed(url.host, rules);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Registers the checks as the app's first onRequest hook. */
export function registerHostCheck(app: FastifyInstance, names: readonly string[], secure: boolean): void {
  let listeningPort = 0;
  const rules: HostRules = {
    names,
    secure,
    // The port is fixed once the hub listens; asked once, not on every request.
    port: () => {
      if (listeningPort !== 0) return listeningPort;
      const address = app.server.address() as AddressInfo | string | null;
      listeningPort = typeof address === 'object' && address ? address.port : 0;
      return listeningPort;
    },
  };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = request.headers.host ?? '';
    if (!hostAllowed(host, rules)) {
      // 421 Misdirected Request: this server is not the one that name is for. The name itself is not echoed.
      return reply
        .code(421)
        .type('application/json; charset=utf-8')
        .send(errorBody('FORBIDDEN', '请求的主机名不是本中心服务的地址，已拒绝（请使用服务器的正式地址访问）'));
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !SAFE_METHODS.has(request.method) && !originAllowed(origin, rules)) {
      return reply.code(403).type('application/json; charset=utf-8').send(errorBody('FORBIDDEN', '请求来自其他网站，已拒绝'));
    }
  });
}
