import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests that need the openssl command should be skipped: only on a developer's machine without it.
 * Under CI=true they run and fail, so certificate pinning is never silently left untested (.ci/run installs it).
 */
export function skipWithoutOpenssl(): boolean {
  return !hasOpenssl() && process.env.CI !== 'true';
}

/** A fresh self-signed certificate (P-256), as a hub on the LAN would use; files written into `dir`. */
export function selfSignedCertificate(dir: string, name: string, subjectAltName?: string): { cert: string; key: string } {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`];
  if (subjectAltName) args.push('-addext', `subjectAltName=${subjectAltName}`);
  if (!hasOpenssl()) throw new Error('the openssl command is needed to make test certificates (apt-get install openssl)');
  execFileSync('openssl', [...args, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
