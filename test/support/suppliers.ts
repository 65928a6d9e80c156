import { usccCheckChar } from '../../core/api/codes.js';
import type { OpInput } from '../../core/api/index.js';

/** A valid 统一社会信用代码 (GB 32100 check character) made from a number: 91330100 + 9 digits + check. */
export function validUscc(seed: number): string {
  const first17 = `91330100${String(Math.abs(Math.trunc(seed)) % 1e9).padStart(9, '0')}`;
  return `${first17}${usccCheckChar(first17)!}`;
}

/** A distributor holding every licence a drug order needs, valid until 2030. */
export function supplierInput(seed: number, overrides: Partial<OpInput<'supplier.create'>> = {}): OpInput<'supplier.create'> {
  return {
    name: `清源医药有限公司${seed}`,
    uscc: validUscc(seed),
    kind: 'distributor',
    sme: true,
    bankName: '中国工商银行清源支行',
    bankAccountName: `清源医药有限公司${seed}`,
    bankAccountNo: '6222020200112233445',
    contactName: '李明',
    contactPhone: '0571-88886666',
    qualifications: [
      { kind: 'business_licence', number: `YYZZ${seed}`, expiresOn: null },
      { kind: 'drug_trade_licence', number: `浙AA571${seed}`, expiresOn: '2030-12-31' },
      { kind: 'device_trade_licence', number: `浙杭食药监械经营许${seed}`, expiresOn: '2030-12-31' },
    ],
    platformCodes: [{ profile: 'national-tps', code: `PS${seed}` }],
    ...overrides,
  };
}
