// A product picture for the demo catalog, drawn as SVG and rendered to PNG by sharp: the
// product's first color as a backdrop, a simple drawing of what it is (by department), its name.
import sharp from 'sharp';
import { COLOR_HEX } from './catalog-words';
import type { DemoProduct } from './catalog';

export const PICTURE_SIZE = 600;

/** Line drawings on a 200 × 200 canvas, one per department. */
const GLYPHS: Record<string, string> = {
  Apparel:
    '<path d="M70 30 L40 45 L20 85 L45 95 L55 75 L55 170 L145 170 L145 75 L155 95 L180 85 L160 45 L130 30 Q100 55 70 30 Z"/>',
  Footwear:
    '<path d="M25 120 L30 70 Q55 75 75 90 L120 110 Q170 115 178 140 L178 150 L25 150 Z"/><path d="M25 150 L178 150 L178 160 L25 160 Z"/>',
  Electronics:
    '<path d="M45 110 Q45 40 100 40 Q155 40 155 110" fill="none" stroke-width="12"/><rect x="30" y="100" width="32" height="55" rx="12"/><rect x="138" y="100" width="32" height="55" rx="12"/>',
  Home: '<path d="M60 40 L140 40 L160 110 L40 110 Z"/><rect x="95" y="110" width="10" height="50"/><rect x="65" y="160" width="70" height="12" rx="6"/>',
  Kitchen:
    '<rect x="45" y="60" width="95" height="100" rx="14"/><path d="M140 80 Q175 80 175 110 Q175 140 140 140" fill="none" stroke-width="12"/><path d="M70 30 Q80 45 70 55 M95 25 Q105 40 95 50" fill="none" stroke-width="5"/>',
  Outdoors: '<path d="M100 35 L175 165 L25 165 Z"/><path d="M100 90 L125 165 L75 165 Z" opacity="0.45"/>',
  Sports:
    '<rect x="20" y="70" width="24" height="60" rx="6"/><rect x="44" y="80" width="16" height="40" rx="4"/><rect x="60" y="94" width="80" height="12"/><rect x="140" y="80" width="16" height="40" rx="4"/><rect x="156" y="70" width="24" height="60" rx="6"/>',
  Beauty:
    '<rect x="65" y="70" width="70" height="105" rx="16"/><rect x="85" y="40" width="30" height="30" rx="4"/><rect x="78" y="100" width="44" height="40" rx="4" opacity="0.45"/>',
};

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** Light or dark ink, whichever reads on the backdrop. */
function inkFor(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#23262b' : '#f7f4ee';
}

export function pictureSvg(product: Pick<DemoProduct, 'name' | 'department' | 'color'>): string {
  const backdrop = COLOR_HEX[product.color] ?? '#9bab8e';
  const ink = inkFor(backdrop);
  const glyph = GLYPHS[product.department] ?? GLYPHS.Home!;
  const size = PICTURE_SIZE;
  const fontSize = product.name.length > 28 ? 30 : 36;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <defs><radialGradient id="light" cx="35%" cy="30%" r="80%">
    <stop offset="0" stop-color="#ffffff" stop-opacity="0.35"/><stop offset="1" stop-color="#000000" stop-opacity="0.12"/>
  </radialGradient></defs>
  <rect width="${size}" height="${size}" fill="${backdrop}"/>
  <rect width="${size}" height="${size}" fill="url(#light)"/>
  <g transform="translate(150 90) scale(1.5)" fill="${ink}" stroke="${ink}" stroke-linejoin="round" fill-opacity="0.9">${glyph}</g>
  <text x="${size / 2}" y="${size - 70}" text-anchor="middle" font-family="DejaVu Sans, Helvetica, Arial, sans-serif"
    font-size="${fontSize}" font-weight="bold" fill="${ink}">${escapeXml(product.name)}</text>
</svg>`;
}

/** The picture as PNG, ready for the same upload pipeline the API uses. */
export async function productPicture(product: Pick<DemoProduct, 'name' | 'department' | 'color'>) {
  return sharp(Buffer.from(pictureSvg(product)))
    .png({ compressionLevel: 6 })
    .toBuffer();
}
