const SIZE = 32;

type Rgba = readonly [number, number, number, number];

const BACKGROUND: Rgba = [0x10, 0x18, 0x28, 0xff];
const STATE: Rgba = [0x98, 0xa2, 0xb3, 0xff];
const ACTIVE: Rgba = [0x15, 0x70, 0xef, 0xff];
const TAKEN: Rgba = [0xe8, 0x59, 0x0c, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

function inRoundedSquare(x: number, y: number): boolean {
  const radius = 6;
  const cx = Math.min(Math.max(x + 0.5, radius), SIZE - radius);
  const cy = Math.min(Math.max(y + 0.5, radius), SIZE - radius);
  return (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius ** 2;
}

function inBox(x: number, y: number, left: number, top: number, width: number, height: number): boolean {
  return x >= left && x < left + width && y >= top && y < top + height;
}

/** The icon's pixel at (x, y), y down: two state boxes, the lit one blue, joined by an orange transition. */
function pixel(x: number, y: number): Rgba {
  if (!inRoundedSquare(x, y)) return CLEAR;
  if (inBox(x, y, 4, 5, 11, 9)) return inBox(x, y, 6, 7, 7, 5) ? BACKGROUND : STATE;
  if (inBox(x, y, 17, 18, 11, 9)) return ACTIVE;
  if (inBox(x, y, 9, 14, 2, 9) || inBox(x, y, 9, 21, 8, 2)) return TAKEN;
  return BACKGROUND;
}

/**
 * The visualizer's icon as a Windows icon file (one 32x32 image, 32-bit BMP with alpha), the format every
 * browser and tool asks `/favicon.ico` for. Drawn here rather than kept as a binary file in the repository.
 */
function buildIco(): Buffer {
  const pixels = SIZE * SIZE * 4;
  const mask = SIZE * (SIZE / 8);
  const image = 40 + pixels + mask;
  const ico = Buffer.alloc(6 + 16 + image);
  ico.writeUInt16LE(0, 0);
  ico.writeUInt16LE(1, 2); // an icon
  ico.writeUInt16LE(1, 4); // one image
  ico.writeUInt8(SIZE, 6);
  ico.writeUInt8(SIZE, 7);
  ico.writeUInt16LE(1, 10); // colour planes
  ico.writeUInt16LE(32, 12); // bits per pixel
  ico.writeUInt32LE(image, 14);
  ico.writeUInt32LE(22, 18);
  const header = 22;
  ico.writeUInt32LE(40, header); // BITMAPINFOHEADER
  ico.writeInt32LE(SIZE, header + 4);
  ico.writeInt32LE(SIZE * 2, header + 8); // colour rows and mask rows
  ico.writeUInt16LE(1, header + 12);
  ico.writeUInt16LE(32, header + 14);
  ico.writeUInt32LE(pixels + mask, header + 20);
  let offset = header + 40;
  // Rows bottom up, each pixel blue, green, red, alpha; the AND mask after them stays 0 (alpha decides).
  for (let y = SIZE - 1; y >= 0; y -= 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const [r, g, b, a] = pixel(x, y);
      ico.writeUInt8(b, offset);
      ico.writeUInt8(g, offset + 1);
      ico.writeUInt8(r, offset + 2);
      ico.writeUInt8(a, offset + 3);
      offset += 4;
    }
  }
  return ico;
}

let cached: Buffer | undefined;

/** The bytes of `/favicon.ico` (built once). */
export function faviconIco(): Buffer {
  cached ??= buildIco();
  return cached;
}
