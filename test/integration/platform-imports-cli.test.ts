import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli.js';
import type { CliIo } from '../../server/cli/io.js';
import { AMOX_LIST_ID, SUPPLIER_CODE, platformCommunity, platformFile, sentOrder, written, type PlatformCommunity } from './platform-imports-support.js';

let env: PlatformCommunity;
beforeAll(async () => {
  env = await platformCommunity();
}, 60_000);
afterAll(() => env?.dispose());

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => void out.push(s), err: (s) => void err.push(s) };
  const code = await runCli(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** `platform import shipments FILE --profile NAME --data DIR [--dry-run]` on the test community's own database file. */
describe('cli platform import shipments', () => {
  it('dry-runs (nothing written), commits (receipt drafts), and refuses the same file again with exit 2 and the reasons', async () => {
    const order = await sentOrder(env, 'national', [{ itemId: env.amoxId, quantity: 240 }]);
    const row = {
      shpId: 'CLI-1',
      shpCode: 'PS-CLI',
      hospPurcDetlId: order.lines[0]!.hospitalLineId,
      hospListId: AMOX_LIST_ID.national,
      shpCnt: 3,
      shpPric: 12_500_000,
      manuLotnum: 'CLI26',
      expyEndtime: '2028-01-31',
      delventpCode: SUPPLIER_CODE.national,
    };
    const file = path.join(env.dir, '配送明细.xlsx');
    writeFileSync(file, Buffer.from((await platformFile('national', 'shipments_in', [row])).contentBase64, 'base64'));
    const args = ['platform', 'import', 'shipments', file, '--profile', 'national', '--data', env.dir];
    const before = written(env);
    const dry = await cli([...args, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ written: false, dryRun: true, summary: { rowCount: 1, changes: 1, counts: { receipts: 1, lines: 1 } } });
    expect(written(env)).toEqual(before);

    const run = await cli(args);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { written: boolean; documents: { id: number; number: string; kind: string }[] };
    expect(summary.written).toBe(true);
    expect(summary.documents).toHaveLength(1);
    const line = env.db.$client.prepare('SELECT accepted_quantity AS q, batch_no AS b FROM receipt_lines WHERE document_id = ?').get(summary.documents[0]!.id);
    expect(line).toEqual({ q: 72, b: 'CLI26' });

    const after = written(env);
    const again = await cli(args);
    expect(again.code).toBe(2);
    const refused = JSON.parse(again.stderr) as { written: boolean; reasons: { row: number; column: string; message: string }[] };
    expect(refused.written).toBe(false);
    expect(refused.reasons.map((r) => [r.row, r.column])).toEqual([[2, 'shpId']]);
    expect(written(env)).toEqual(after);
  });

  it('exits 2 on a wrong kind, a missing profile or an unknown profile', async () => {
    expect((await cli(['platform', 'import', 'nothing', 'x.xlsx', '--profile', 'national', '--data', env.dir])).code).toBe(2);
    expect((await cli(['platform', 'import', 'shipments', 'x.xlsx', '--data', env.dir])).stderr).toContain('缺少 --profile');
    const file = path.join(env.dir, 'empty.csv');
    writeFileSync(file, Buffer.from((await platformFile('national', 'shipments_in', [], 'csv')).contentBase64, 'base64'));
    const unknown = await cli(['platform', 'import', 'shipments', file, '--profile', 'nowhere', '--data', env.dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('平台配置「nowhere」不存在');
  });
});
