import { z } from 'zod';
import { defineOperation } from './operation.js';
import { empty, id, insuranceCode, isoTime, localCode, ok, optionalText, phone, requiredText, uscc } from './common.js';

export const UNIT_KINDS = ['county_hospital', 'township_hospital', 'community_center', 'village_clinic'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_LEVELS = ['county', 'township', 'village'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** The level a kind of unit sits at: county hospitals 县, township and community centres 乡, clinics 村. */
export const LEVEL_OF_KIND: Record<UnitKind, UnitLevel> = {
  county_hospital: 'county',
  township_hospital: 'township',
  community_center: 'township',
  village_clinic: 'village',
};

const unitKind = z.enum(UNIT_KINDS, { error: '请选择单位类型' });

export const unitFields = z
  .object({
    code: localCode('单位编码'),
    name: requiredText('单位名称', 60),
    kind: unitKind,
    parentId: id.nullable().default(null),
    uscc: uscc.default(''),
    /** 医保定点机构编码, e.g. H51010500123 */
    insuranceCode: insuranceCode.default(''),
    address: optionalText('地址', 200),
    contactName: optionalText('联系人', 30),
    contactPhone: phone.default(''),
  })
  .superRefine((u, ctx) => {
    if (u.kind === 'village_clinic' && u.parentId === null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: '村卫生室须隶属于一个乡镇卫生院或社区卫生服务中心' });
    }
  });
export type UnitFields = z.input<typeof unitFields>;

export const store = z.object({
  id,
  unitId: id,
  code: z.string(),
  name: z.string(),
  isCentral: z.boolean(),
  active: z.boolean(),
});
export type Store = z.infer<typeof store>;

export const unit = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: unitKind,
  level: z.enum(UNIT_LEVELS),
  parentId: id.nullable(),
  parentName: z.string().nullable(),
  uscc: z.string(),
  insuranceCode: z.string(),
  address: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  isLead: z.boolean(),
  active: z.boolean(),
  storeCount: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Unit = z.infer<typeof unit>;

export const unitList = defineOperation({
  name: 'unit.list',
  title: '查询成员单位',
  access: { permission: 'unit.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'units', unit: 'id' }] } },
  input: z
    .object({
      includeInactive: z.boolean().default(false),
      level: z.enum(UNIT_LEVELS).optional(),
    })
    .default({ includeInactive: false }),
  output: z.object({ units: z.array(unit) }),
});

export const unitGet = defineOperation({
  name: 'unit.get',
  title: '查看成员单位',
  access: { permission: 'unit.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'id', record: 'unit' }], output: [{ rows: 'unit', unit: 'id' }, { rows: 'stores', unit: 'unitId' }] } },
  input: z.object({ id }),
  output: z.object({ unit, stores: z.array(store) }),
});

export const unitCreate = defineOperation({
  name: 'unit.create',
  title: '新增成员单位',
  access: { permission: 'unit.manage' },
  mutates: true,
  scope: 'centre',
  input: unitFields,
  output: z.object({ unit }),
});

export const unitUpdate = defineOperation({
  name: 'unit.update',
  title: '修改成员单位',
  access: { permission: 'unit.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, fields: unitFields }),
  output: z.object({ unit }),
});

export const unitSetActive = defineOperation({
  name: 'unit.setActive',
  title: '停用或启用成员单位',
  access: { permission: 'unit.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({ id, active: z.boolean() }),
  output: z.object({ unit }),
});

export const storeFields = z.object({
  unitId: id,
  code: localCode('库房编码'),
  name: requiredText('库房名称', 60),
});

export const storeList = defineOperation({
  name: 'store.list',
  title: '查询库房',
  access: { permission: 'unit.read' },
  mutates: false,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'stores', unit: 'unitId' }] } },
  input: z.object({ unitId: id.optional(), includeInactive: z.boolean().default(false) }).default({ includeInactive: false }),
  output: z.object({ stores: z.array(store.extend({ unitName: z.string() })) }),
});

export const storeCreate = defineOperation({
  name: 'store.create',
  title: '新增库房',
  access: { permission: 'store.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'unitId', record: 'unit' }], output: [{ rows: 'store', unit: 'unitId' }] } },
  input: storeFields,
  output: z.object({ store }),
});

export const storeUpdate = defineOperation({
  name: 'store.update',
  title: '修改库房',
  access: { permission: 'store.manage' },
  mutates: true,
  scope: { units: { input: [{ path: 'id', record: 'store' }], output: [{ rows: 'store', unit: 'unitId' }] } },
  input: z.object({ id, name: requiredText('库房名称', 60), active: z.boolean() }),
  output: z.object({ store }),
});

export const unitOperations = [unitList, unitGet, unitCreate, unitUpdate, unitSetActive, storeList, storeCreate, storeUpdate] as const;
export { empty, ok };
