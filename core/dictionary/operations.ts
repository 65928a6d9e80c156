import type { HandlerMap } from '../handler.js';
import { editionOf, planDictionary, readDictionary, writeDictionary, type Collected, type DictionaryPlan } from './import.js';
import type { SearchIndex } from '../search/index.js';
import { dictionaryIndexReady } from './search.js';
import { draftOf, entriesByCode, formularyIdsByInsuranceCode, getEntry, packTextOf } from './queries.js';

type DictionaryOps = 'dictionary.search' | 'dictionary.get' | 'dictionary.status' | 'dictionary.import';

export const dictionaryHandlers: HandlerMap<DictionaryOps> = {
  'dictionary.import': {
    // Seconds of work at 270,000 rows: the whole call runs in a worker thread with its own connection
    // (core/worker/), so the hub keeps answering. Reading the file and comparing it with the stored rows
    // happen before the transaction; the transaction only writes the plan.
    thread: 'worker',
    prepare: async (ctx) => {
      const collected = await readDictionary(ctx.attachment!.path, (progress) => ctx.progress(progress));
      return { collected, plan: planDictionary(ctx, collected) };
    },
    run: (ctx, { edition }, { collected, plan }: { collected: Collected; plan: DictionaryPlan }) => {
      const filename = ctx.attachment!.filename;
      ctx.progress({ stage: 'write', rows: collected.rows.length });
      const name = edition?.trim() || editionOf(collected.title, filename);
      return { ...writeDictionary(ctx, collected, name, filename, plan), rejected: collected.rejected, missingColumns: collected.missing };
    },
  },

  'dictionary.search': {
    // The 270,000-row index is built in slices the first time (and after an import): a search awaits it
    // instead of freezing the hub while it is built.
    prepare: (ctx) => dictionaryIndexReady(ctx.db),
    run: (ctx, { q, limit }, index: SearchIndex<string>) => {
      const matches = index.search(q, limit);
      const codes = matches.map((m) => m.key);
      const entries = entriesByCode(ctx.db, codes);
      const inFormulary = formularyIdsByInsuranceCode(ctx.db, codes);
      const hits = matches.flatMap(({ key, matched }) => {
        const e = entries.get(key);
        if (!e) return [];
        return [
          {
            code: e.code,
            registeredName: e.registeredName,
            tradeName: e.tradeName,
            dosageForm: e.dosageForm || e.registeredDosageForm,
            spec: e.spec || e.registeredSpec,
            packText: packTextOf(e),
            manufacturer: e.manufacturer,
            approvalNo: e.approvalNo,
            standardCode: e.standardCode,
            marketStatus: e.marketStatus,
            present: e.present,
            formularyItemId: inFormulary.get(e.code) ?? null,
            matched,
          },
        ];
      });
      return { hits };
    },
  },

  'dictionary.get': (ctx, { code }) => {
    const entry = getEntry(ctx.db, code);
    return { entry, draft: draftOf(entry) };
  },

  'dictionary.status': (ctx) => {
    const counts = ctx.db.$client
      .prepare('SELECT count(*) AS rows, coalesce(sum(present), 0) AS present FROM dictionary_entries')
      .get() as { rows: number; present: number };
    const last = ctx.db.$client
      .prepare('SELECT edition, imported_at AS importedAt FROM dictionary_imports ORDER BY id DESC LIMIT 1')
      .get() as { edition: string; importedAt: string } | undefined;
    return {
      rows: counts.rows,
      present: counts.present,
      gone: counts.rows - counts.present,
      edition: last?.edition ?? null,
      importedAt: last?.importedAt ?? null,
    };
  },
};
