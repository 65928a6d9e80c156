/**
 * 医保 numbers as exact decimal text: quantities (16,4) are whole base units, so `120.0000`; prices (16,6) per base
 * unit are micro-yuan, which is exactly 6 decimals of a yuan. A price quoted per pack of `factor` base units is
 * divided in integers, rounded half up to the micro-yuan (12.50 ¥ per box of 24 = 0.520833 ¥ per 粒). No floats.
 */
export function microToYuan6(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = BigInt(Math.abs(micro));
  return `${sign}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, '0')}`;
}

/** micro-yuan per pack of `factor` base units → the price of one base unit, 6 decimals. */
export function perBaseUnit(priceMicro: number, factor: number): string {
  const p = BigInt(priceMicro);
  const f = BigInt(factor);
  return microToYuan6(Number((2n * p + f) / (2n * f)));
}

export function quantity4(quantity: number): string {
  return `${quantity}.0000`;
}
