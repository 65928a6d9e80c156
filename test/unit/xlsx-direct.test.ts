import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTable, readXlsxWithExceljs } from '../../core/imports/table.js';
import { readXlsxDirect } from '../../core/imports/xlsx-direct.js';

/** Rows without the trailing blank ones (exceljs keeps a row that holds only an error or an empty formula). */
const trimmed = (rows: string[][]) => {
  let end = rows.length;
  while (end > 0 && rows[end - 1]!.length === 0) end--;
  return rows.slice(0, end);
};
const sheetsOf = (sheets: { name: string; rows: string[][] }[]) => sheets.map((s) => ({ name: s.name, rows: trimmed(s.rows) }));

type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: Date; format: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'rich'; parts: string[] }
  | { kind: 'formula'; result: number | string }
  | { kind: 'blank' };

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('阿莫西林胶囊', ' 0.25g*24粒 ', '１２３ＡＢ', 'a&b<c>"d\'', '8.6900483000019E+13', '12.000', '_x000D_', 'line\nbreak', '2027-09', '有效期至2027年09月'),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(
  text.map((value) => ({ kind: 'text' as const, value })),
  fc.oneof(fc.integer({ min: -1e9, max: 1e12 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(86900483000019)).map((value) => ({ kind: 'number' as const, value })),
  fc
    .record({
      day: fc.integer({ min: 0, max: 40_000 }),
      format: fc.constantFrom('yyyy-mm-dd', 'yyyy/m/d;@', 'yyyy"年"m"月"d"日"', '[$-F800]dddd, mmmm dd, yyyy', 'mm-dd-yy'),
    })
    .map(({ day, format }) => ({ kind: 'date' as const, value: new Date(Date.UTC(1990, 0, 1) + day * 86_400_000), format })),
  fc.boolean().map((value) => ({ kind: 'bool' as const, value })),
  fc.array(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }).map((parts) => ({ kind: 'rich' as const, parts })),
  // A cached result of 0 is one exceljs drops (it reads the formula without its result); this reader gives "0", as Excel shows.
  fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('合计', 'x&y')).map((result) => ({ kind: 'formula' as const, result })),
  fc.constant({ kind: 'blank' as const }),
);

async function workbookOf(sheets: { name: string; rows: Cell[][]; merge?: boolean }[], date1904: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.properties.date1904 = date1904;
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    s.rows.forEach((cells, r) =>
      cells.forEach((c, col) => {
        const target = sheet.getCell(r + 1, col + 1);
        switch (c.kind) {
          case 'text':
          case 'number':
          case 'bool':
            target.value = c.value;
            break;
          case 'date':
            target.value = c.value;
            target.numFmt = c.format;
            break;
          case 'rich':
            target.value = { richText: c.parts.map((t, i) => ({ text: t, font: { bold: i % 2 === 0 } })) };
            break;
          case 'formula':
            target.value = { formula: 'A1', result: c.result } as ExcelJS.CellFormulaValue;
            break;
          case 'blank':
            break;
        }
      }),
    );
    if (s.merge && s.rows.length > 1 && (s.rows[0]?.length ?? 0) > 1) sheet.mergeCells(1, 1, 2, 2);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('the direct xlsx reader', () => {
  it('reads what exceljs reads, cell for cell, on generated workbooks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.constantFrom('总表', 'Sheet1', '配送明细', 'a&b'),
            rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }),
            merge: fc.boolean(),
          }),
          { minLength: 1, maxLength: 2 },
        ).map((sheets) => sheets.map((s, i) => ({ ...s, name: `${s.name}${i}` }))),
        fc.boolean(),
        async (sheets, date1904) => {
          const file = await workbookOf(sheets, date1904);
          const direct = readXlsxDirect(file);
          expect(direct).not.toBeNull();
          expect(sheetsOf(direct!)).toEqual(sheetsOf(await readXlsxWithExceljs(file)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads inline strings, phonetic runs, the Chinese date formats, a cached formula result of 0 and a 1904 workbook that exceljs did not write', () => {
    const file = zipOf({
      'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns:r="r"><workbookPr date1904='1'/><sheets><sheet name="配送&amp;明细" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="/xl/worksheets/s.xml"/><Relationship Id="rId2" Type="http://x/sharedStrings" Target="strings.xml"/><Relationship Id="rId3" Type="http://x/styles" Target="styles.xml"/></Relationships>`,
      'xl/strings.xml': `<sst><si><r><t>阿莫</t></r><r><rPr><b/></rPr><t xml:space="preserve">西林 </t></r><rPh sb="0" eb="2"><t>アモ</t></rPh></si><si><t>A&#x26;B_x000A_C</t></si></sst>`,
      'xl/styles.xml': `<styleSheet><numFmts count="1"><numFmt numFmtId="176" formatCode="0.00_ "/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="176"/></cellXfs></styleSheet>`,
      'xl/worksheets/s.xml': `<worksheet><sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c><c r="D1" t="s"><v>1</v></c></row>
        <row r="3"><c r="A3" s="1"><v>45000</v></c><c r="B3" s="2"><v>12.5</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>x&amp;amp;y</v></c><c><f>B1</f><v>0</v></c></row>
        <row r="4" spans="1:2"/>
      </sheetData></worksheet>`,
    });
    const sheets = readXlsxDirect(file)!;
    expect(sheets).toEqual([
      {
        name: '配送&明细',
        rows: [['阿莫西林', '', '内联', 'A&B\nC'], [], ['2027-03-16', '12.5', 'TRUE', '', 'x&y', '0']],
      },
    ]);
  });

  it('leaves to exceljs what it does not read: namespace-prefixed sheets, stored parts it cannot find, a file that is no zip', async () => {
    const prefixed = zipOf({
      'xl/workbook.xml': `<x:workbook xmlns:x="x" xmlns:r="r"><x:sheets><x:sheet name="S" r:id="rId1"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/s.xml"/></Relationships>`,
      'xl/worksheets/s.xml': `<x:worksheet xmlns:x="x"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
    });
    expect(readXlsxDirect(prefixed)).toBeNull();
    expect(readXlsxDirect(zipOf({ 'xl/workbook.xml': '<workbook/>' }))).toBeNull();
    expect(readXlsxDirect(Buffer.from('PK\u0003\u0004 not really a zip'))).toBeNull();
    // readTable falls back to exceljs, which reports the broken file in Chinese.
    await expect(readTable(Buffer.from('PK\u0003\u0004 not really a zip'), 'x.xlsx')).rejects.toThrow('无法读取该 xlsx 文件');
  });
});

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A minimal zip of deflated parts, as a spreadsheet program other than exceljs might write one. */
function zipOf(parts: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const raw = Buffer.from(content, 'utf8');
    const data = deflateRawSync(raw);
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
