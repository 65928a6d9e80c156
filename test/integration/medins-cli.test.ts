import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli.js';
import { medinsWorld } from './medins-support.js';

/** `medins report` as a scheduled job runs it: one JSON per report named by its number, the xlsx, a JSON summary; exit 2 and nothing written otherwise. */
let w: Awaited<ReturnType<typeof medinsWorld>>;
const outDirs: string[] = [];
beforeAll(async () => {
  w = await medinsWorld();
}, 60_000);
afterAll(() => {
  w?.env.dispose();
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['medins', 'report', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const outDir = () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'tongcai-medins-')), 'out');
  outDirs.push(path.dirname(dir));
  return dir;
};

describe('cli medins report', () => {
  it('the member unit: six JSON files and the xlsx, exit 0 with a summary', async () => {
    const out = outDir();
    const result = await cli(['--unit', 'WS01', '--month', w.month, '--data', w.env.dir, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { written: boolean; inventoryBasis: string; files: { report: string; file: string; records: number }[]; skipped: unknown[] };
    expect(summary).toMatchObject({ written: true, inventoryBasis: 'stocktake', skipped: [] });
    expect(summary.files.map((f) => [f.report, path.basename(f.file), f.records])).toEqual([
      ['3501', `3501-WS01-${w.month}.json`, 1],
      ['3502', `3502-WS01-${w.month}.json`, 6],
      ['3503', `3503-WS01-${w.month}.json`, 1],
      ['3504', `3504-WS01-${w.month}.json`, 1],
      ['3505', `3505-WS01-${w.month}.json`, 2],
      ['3506', `3506-WS01-${w.month}.json`, 1],
    ]);
    expect(readdirSync(out).sort()).toEqual([...summary.files.map((f) => path.basename(f.file)), `医保进销存-WS01-${w.month}.xlsx`].sort());
    const sales = JSON.parse(readFileSync(path.join(out, `3505-WS01-${w.month}.json`), 'utf8')) as { infno: string; input: { selinfo: Record<string, string> } }[];
    expect(sales.map((s) => [s.infno, s.input.selinfo.sel_retn_cnt])).toEqual([
      ['3505', '10.0000'],
      ['3505', '4.0000'],
    ]);
  });

  it('the lead hospital has an unreportable row: exit 2, the reason, nothing written; --skip-unreportable writes the rest', async () => {
    const out = outDir();
    const refused = await cli(['--unit', 'QY-XRMYY', '--month', w.month, '--data', w.env.dir, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/有 2 行不能上报，未写入任何文件/);
    expect(refused.stderr).toMatch(/3502 RK\d{4}-\d{6} 第2行：品种 \S+ 重组人胰岛素注射液 .*未维护医保代码/);
    expect(JSON.parse(refused.stdout)).toMatchObject({ written: false, unreportable: [{ report: '3502', line: 2, field: 'med_list_codg' }, { report: '3503', line: 2, field: 'med_list_codg' }] });
    expect(existsSync(out)).toBe(false);
    const written = await cli(['--unit', 'QY-XRMYY', '--month', w.month, '--data', w.env.dir, '--out', out, '--skip-unreportable', '--reports', '3502,3503']);
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ written: true, skipped: [{ report: '3502' }, { report: '3503' }] });
    expect(readdirSync(out).sort()).toEqual([`3502-QY-XRMYY-${w.month}.json`, `3503-QY-XRMYY-${w.month}.json`, `医保进销存-QY-XRMYY-${w.month}.xlsx`]);
  });

  it('an unknown unit, a unit that is not 定点, and wrong arguments: exit 2 with the reasons, nothing written', async () => {
    const out = outDir();
    const unknown = await cli(['--unit', 'NOPE', '--month', w.month, '--data', w.env.dir, '--out', out]);
    expect([unknown.code, unknown.stderr]).toEqual([2, '单位编码 NOPE 不存在']);
    const village = await cli(['--unit', 'CWS01', '--month', w.month, '--data', w.env.dir, '--out', out]);
    expect(village.code).toBe(2);
    expect(village.stderr).toMatch(/青石村卫生室 不是医保定点医药机构/);
    const args = await cli(['--unit', 'WS01', '--data', w.env.dir, '--reports', '3599']);
    expect(args.code).toBe(2);
    expect(args.stderr.split('\n')).toEqual(['缺少 --out 输出目录', '缺少 --month，或 --from 与 --to', '未知的报表：3599（可选 3501、3502、3503、3504、3505、3506）']);
    expect(existsSync(out)).toBe(false);
  });
});
