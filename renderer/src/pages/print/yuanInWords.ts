const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿', '万亿'];

/** A four-digit group (0–9999) in capital numerals, with the zeros a cheque writer would put. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) zero = out !== '';
    else {
      if (zero) out += '零';
      out += DIGITS[d]! + SMALL[i]!;
      zero = false;
    }
  }
  return out;
}

/** An amount as printed on a Chinese invoice or order: 壹仟贰佰叁拾肆元伍角陆分, 整 when there are no fen. */
export function yuanInWords(micro: number): string {
  const fen = Math.round(micro / 10_000);
  if (fen === 0) return '零元整';
  const sign = fen < 0 ? '负' : '';
  const abs = Math.abs(fen);
  let yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const cents = abs % 10;
  let text = '';
  if (yuan > 0) {
    const groups: number[] = [];
    while (yuan > 0) {
      groups.push(yuan % 10_000);
      yuan = Math.floor(yuan / 10_000);
    }
    let needZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      if (g === 0) {
        needZero = text !== '';
        continue;
      }
      if ((needZero || (text !== '' && g < 1000)) && text !== '') text += '零';
      text += group(g) + BIG[i]!;
      needZero = false;
    }
    text += '元';
  }
  if (jiao === 0 && cents === 0) return `${sign}${text}整`;
  if (jiao > 0) text += DIGITS[jiao]! + '角';
  else if (text !== '') text += '零';
  text += cents > 0 ? DIGITS[cents]! + '分' : '整';
  return sign + text;
}
