import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import { conflict, notFound } from '../../errors.js';
import { storeLocationId } from '../../stock/ledger.js';

/** The central store (中心药库, `stores.is_central = 1`) — the one place transfers leave from and returns go to. */
export interface CentralStore {
  storeId: number;
  unitId: number;
  locationId: number;
  name: string;
}

export function centralStore(db: Db): CentralStore {
  const row = prepared(db.$client, 'SELECT id AS storeId, unit_id AS unitId, name FROM stores WHERE is_central = 1 ORDER BY id LIMIT 1').get() as
    | { storeId: number; unitId: number; name: string }
    | undefined;
  if (!row) throw conflict('医共体尚未设置中心药库');
  return { ...row, locationId: storeLocationId(db, row.storeId) };
}

export interface StoreInfo {
  id: number;
  unitId: number;
  name: string;
  isCentral: boolean;
  active: boolean;
  level: 'county' | 'township' | 'village';
}

export function storeInfo(db: Db, storeId: number): StoreInfo {
  const row = prepared(
    db.$client,
    `SELECT s.id, s.unit_id AS unitId, s.name, s.is_central AS isCentral, s.active, u.level
     FROM stores s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`,
  ).get(storeId) as (Omit<StoreInfo, 'isCentral' | 'active'> & { isCentral: number; active: number }) | undefined;
  if (!row) throw notFound('库房');
  return { ...row, isCentral: row.isCentral === 1, active: row.active === 1 };
}

/** The level of a unit (县 / 乡 / 村): the minimum shelf life a batch sent there must keep depends on it. */
export function unitLevel(db: Db, unitId: number): 'county' | 'township' | 'village' {
  const row = prepared(db.$client, 'SELECT level FROM units WHERE id = ?').get(unitId) as { level: 'county' | 'township' | 'village' } | undefined;
  if (!row) throw notFound('单位');
  return row.level;
}
