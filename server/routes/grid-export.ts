import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { executeOperation } from '../../core/registry.js';
import type { Db } from '../../db/open.js';
import { domainFailure, errorBody } from '../api-errors.js';
import { applySession, readSessionToken } from '../session-cookie.js';
import { attachmentDisposition, xlsxStream } from '../xlsx-export.js';

/**
 * `POST /api/grid-xlsx`: a grid as the user sees it — its visible columns, filtered and sorted rows, values as the
 * grid formats them — written as xlsx like every operation's export. For the grids whose rows are one part of an
 * operation's answer (a pick list's lines, a count sheet, a trace's codes): an operation has one `export` spec, for
 * its main list. It reads nothing from the database: it formats what the signed-in caller's page already holds.
 */
const cell = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
const body = z.object({
  filename: z.string().trim().min(1, '请填写文件名').max(80, '文件名最多 80 个字符').regex(/^[^\\/:*?"<>|]+$/, '文件名不能含 \\ / : * ? " < > |'),
  sheet: z.string().trim().min(1).max(31, '工作表名最多 31 个字符').regex(/^[^\\/:*?[\]]+$/, '工作表名不能含 \\ / : * ? [ ]'),
  columns: z.array(z.object({ key: z.string().min(1).max(100), header: z.string().max(100), width: z.number().int().min(4).max(80).optional() })).min(1).max(100),
  rows: z.array(z.record(z.string(), cell)).max(50_000, '一次最多导出 50,000 行'),
});

export async function registerGridExportRoute(app: FastifyInstance, db: Db, secure: boolean): Promise<void> {
  app.post('/api/grid-xlsx', { bodyLimit: 32 * 1024 * 1024 }, async (request, reply) => {
    // Signed-in callers only, as for any read; the session's last use is recorded as for any call.
    const me = await executeOperation(db, 'auth.me', {}, { sessionToken: readSessionToken(request), clientAddress: request.ip });
    applySession(reply, me.session, secure);
    if (!me.ok) {
      const failure = domainFailure(me.error);
      return reply.code(failure.status).send(failure.body);
    }
    const parsed = body.safeParse(request.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return reply.code(400).send(errorBody('VALIDATION', '导出内容无效', fields));
    }
    const { filename, sheet, columns, rows } = parsed.data;
    return reply
      .code(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachmentDisposition(filename, new Date()))
      .header('cache-control', 'no-store')
      .send(xlsxStream({ rows: 'rows', sheet, filename, columns }, rows));
  });
}
