import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubUnreachableError, probeCertificate } from '../../electron/certificate-probe.js';
import { checkPin, fingerprintOfPem, normalizeFingerprint } from '../../electron/fingerprint.js';
import { selfSignedCertificate, skipWithoutOpenssl } from '../support/certificates.js';


describe('fingerprints', () => {
  it('normalises what people copy from openssl or Windows', () => {
    const hex = 'ab'.repeat(32);
    const canonical = Array(32).fill('AB').join(':');
    expect(normalizeFingerprint(hex)).toBe(canonical);
    expect(normalizeFingerprint(`SHA256 Fingerprint=${canonical}`)).toBe(canonical);
    expect(normalizeFingerprint(hex.toUpperCase().match(/.{4}/g)!.join(' '))).toBe(canonical);
    expect(normalizeFingerprint('ab'.repeat(31))).toBeNull();
    expect(normalizeFingerprint('zz'.repeat(32))).toBeNull();
  });

  it('pins like ssh: ask on first use, trust the same, refuse a different one', () => {
    const a = Array(32).fill('0A').join(':');
    const b = Array(32).fill('0B').join(':');
    expect(checkPin(undefined, a)).toBe('first-use');
    expect(checkPin(a, a.toLowerCase())).toBe('match');
    expect(checkPin(a, b)).toBe('mismatch');
    // A damaged stored pin never matches anything.
    expect(checkPin('garbage', a)).toBe('mismatch');
  });
});

describe.skipIf(skipWithoutOpenssl())('certificates of a real TLS server', () => {
  let dir: string;
  let first: { cert: string; key: string };
  let second: { cert: string; key: string };
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tongcai-cert-'));
    first = selfSignedCertificate(dir, 'hub-a');
    second = selfSignedCertificate(dir, 'hub-b');
    server = createServer({ cert: first.cert, key: first.key }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes the fingerprint openssl and Node report', () => {
    expect(fingerprintOfPem(first.cert)).toBe(new X509Certificate(first.cert).fingerprint256);
    const openssl = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: first.cert }).toString();
    expect(normalizeFingerprint(openssl.trim())).toBe(fingerprintOfPem(first.cert));
    expect(fingerprintOfPem(second.cert)).not.toBe(fingerprintOfPem(first.cert));
  });

  it('probes the self-signed certificate a hub presents, matching the PEM fingerprint Chromium hands over', async () => {
    const presented = await probeCertificate(origin);
    expect(presented.fingerprint).toBe(fingerprintOfPem(first.cert));
    expect(presented.subject).toBe('hub-a');
    expect(checkPin(fingerprintOfPem(first.cert), presented.fingerprint)).toBe('match');
    expect(checkPin(fingerprintOfPem(second.cert), presented.fingerprint)).toBe('mismatch');
  });

  it('reports an unreachable hub in Chinese', async () => {
    const closed = createServer({ cert: first.cert, key: first.key });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await probeCertificate(`https://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubUnreachableError);
    expect((error as Error).message).toContain('无法连接服务器');
  });
});
