import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstRunQuery, parseFirstRunSubmission } from '../../electron/first-run-choice.js';

const page = 'file:///opt/tongcai/resources/app.asar/.vite/build/first-run/index.html';

describe('first-run form submission', () => {
  it('reads the standalone choice', () => {
    expect(parseFirstRunSubmission(`${page}?submit=1&mode=standalone&hubUrl=`)).toEqual({
      kind: 'chosen',
      connection: { mode: 'standalone' },
    });
  });

  it('normalises a hub address typed by the user', () => {
    const url = `${page}?submit=1&mode=connect&hubUrl=${encodeURIComponent(' tongcai.xyy.local:8443 ')}`;
    expect(parseFirstRunSubmission(url)).toEqual({
      kind: 'chosen',
      connection: { mode: 'connect', hubOrigin: 'https://tongcai.xyy.local:8443' },
    });
  });

  it('returns the problem and what was typed, so the page can show both', () => {
    const result = parseFirstRunSubmission(`${page}?submit=1&mode=connect&hubUrl=http%3A%2F%2F10.0.0.2`);
    expect(result).toMatchObject({ kind: 'invalid', hubUrl: 'http://10.0.0.2' });
    expect(parseFirstRunSubmission(`${page}?submit=1&mode=connect&hubUrl=`)).toMatchObject({ kind: 'invalid' });
    expect(parseFirstRunSubmission(`${page}?submit=1&mode=cloud`)).toMatchObject({ kind: 'invalid' });
  });

  it('ignores navigations that are not a submission (the query the shell itself passes)', () => {
    expect(parseFirstRunSubmission(`${page}?mode=connect&hubUrl=https%3A%2F%2Fhub`)).toEqual({ kind: 'none' });
    expect(parseFirstRunSubmission('not a url')).toEqual({ kind: 'none' });
  });

  it('builds the query that pre-fills the page', () => {
    expect(firstRunQuery({ error: '地址有误', hubUrl: 'x', mode: 'connect' })).toEqual({ error: '地址有误', hubUrl: 'x', mode: 'connect' });
    expect(firstRunQuery({})).toEqual({});
  });
});

describe('first-run page', () => {
  const html = readFileSync(new URL('../../electron/first-run/index.html', import.meta.url), 'utf8');
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

  it('allows exactly its own inline style and script by hash, and nothing remote', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${hash(styles[0]!)}`);
    expect(csp).toContain(`script-src ${hash(scripts[0]!)}`);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('submits the fields the shell parses', () => {
    expect(html).toContain('name="submit" value="1"');
    expect(html).toContain('name="mode" value="standalone"');
    expect(html).toContain('name="mode" value="connect"');
    expect(html).toContain('name="hubUrl"');
    expect(html).toContain('lang="zh-CN"');
  });
});
