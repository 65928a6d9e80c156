// Draws the 统采 icon — a pharmacy-green rounded square with a white cross — and writes the PNG and ICO
// files the packagers use. No image library: a PNG is a zlib stream of RGBA rows plus three chunks, and an
// ICO may carry PNG images directly (Windows Vista and later). Run: node build/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const GREEN = [0x17, 0x78, 0x4f];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Coverage (0..1) of each shape at a point, in units of the icon's size. */
function insideRoundedSquare(x, y) {
  const margin = 0.04,
    radius = 0.2;
  const lo = margin + radius,
    hi = 1 - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi),
    dy = Math.max(lo - y, 0, y - hi);
  return x >= margin && x <= 1 - margin && y >= margin && y <= 1 - margin && dx * dx + dy * dy <= radius * radius;
}
function insideCross(x, y) {
  const arm = 0.13,
    reach = 0.3; // half-width of an arm, half-length of the cross
  const ax = Math.abs(x - 0.5),
    ay = Math.abs(y - 0.5);
  return (ax <= arm && ay <= reach) || (ay <= arm && ax <= reach);
}

function drawPng(size) {
  const samples = 4; // 4×4 supersampling for smooth edges
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let square = 0,
        cross = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size,
            y = (py + (sy + 0.5) / samples) / size;
          if (insideRoundedSquare(x, y)) {
            square++;
            if (insideCross(x, y)) cross++;
          }
        }
      }
      const n = samples * samples;
      const whiteShare = square ? cross / square : 0;
      const i = row + 1 + px * 4;
      for (let c = 0; c < 3; c++) raw[i + c] = Math.round(GREEN[c] * (1 - whiteShare) + WHITE[c] * whiteShare);
      raw[i + 3] = Math.round((255 * square) / n);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size; // 0 means 256
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

const dir = new URL('./', import.meta.url);
mkdirSync(new URL('icons/', dir), { recursive: true });
const pngs = Object.fromEntries([16, 32, 48, 64, 128, 256, 512].map((size) => [size, drawPng(size)]));
writeFileSync(new URL('icon.png', dir), pngs[512]);
for (const size of [256, 512]) writeFileSync(new URL(`icons/${size}x${size}.png`, dir), pngs[size]);
writeFileSync(new URL('icon.ico', dir), ico([16, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs[size] }))));
