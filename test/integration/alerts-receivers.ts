import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What a local robot webhook got: the path with its query, and the JSON body. */
export interface WebhookHit {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the 企业微信 / 钉钉 robot endpoints on 127.0.0.1 (port 0): answers `{errcode: 0}` as the robots do,
 * `/refuse` with a robot refusal (errcode 310000) and `/broken` with HTTP 500.
 */
export async function webhookReceiver(): Promise<{ url: string; hits: WebhookHit[]; close(): Promise<void> }> {
  const hits: WebhookHit[] = [];
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = { unparsed: Buffer.concat(chunks).toString('utf8') };
      }
      hits.push({ path: url.pathname, query: url.searchParams, body });
      if (url.pathname === '/broken') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      }
      const answer = url.pathname === '/refuse' ? { errcode: 310000, errmsg: 'sign not match' } : { errcode: 0, errmsg: 'ok' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  auth: string | null;
  raw: string;
  subject: string;
  text: string;
}

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Headers (unfolded) and the decoded body of a single-part message. */
function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  return { subject: decodeWords(header('Subject')), text };
}

/**
 * Enough of an SMTP server (RFC 5321, no TLS) on 127.0.0.1 to accept messages: EHLO with AUTH PLAIN/LOGIN, MAIL,
 * RCPT, DATA, QUIT. Keeps every message it accepted, decoded.
 */
export async function smtpReceiver(): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server: TcpServer = createTcpServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let loginStep: 'user' | 'pass' | null = null;
    let mail: { from: string; to: string[]; auth: string | null } = { from: '', to: [], auth: null };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake-smtp ESMTP ready');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push({ ...mail, raw, ...parseMail(raw) });
          mail = { from: '', to: [], auth: mail.auth };
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(' ')[0]!.toUpperCase();
        if (loginStep === 'user') {
          mail.auth = Buffer.from(line, 'base64').toString('utf8');
          loginStep = 'pass';
          reply('334 UGFzc3dvcmQ6');
        } else if (loginStep === 'pass') {
          mail.auth = `${mail.auth}:${Buffer.from(line, 'base64').toString('utf8')}`;
          loginStep = null;
          reply('235 2.7.0 authenticated');
        } else if (verb === 'EHLO' || verb === 'HELO') {
          socket.write('250-fake-smtp\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        } else if (verb === 'AUTH') {
          const [, mech, initial] = line.split(' ');
          if (mech?.toUpperCase() === 'PLAIN' && initial) {
            const [, user, pass] = Buffer.from(initial, 'base64').toString('utf8').split('\u0000');
            mail.auth = `${user}:${pass}`;
            reply('235 2.7.0 authenticated');
          } else if (mech?.toUpperCase() === 'LOGIN') {
            loginStep = 'user';
            reply('334 VXNlcm5hbWU6');
          } else reply('504 unsupported');
        } else if (verb === 'MAIL') {
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET' || verb === 'NOOP') {
          reply('250 ok');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('502 command not implemented');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
