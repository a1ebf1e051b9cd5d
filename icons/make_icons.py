"""Draw the terminal's icon set as RGBA PNGs, using only the standard library.

The icon is a blue rounded square with a white open ring (a "G" without the
bar) and a short white bar, so it reads at 32 px. Run from any folder:
    python3 icons/make_icons.py
"""

import math
import struct
import zlib
from pathlib import Path

SIZES = {"32x32.png": 32, "128x128.png": 128, "128x128@2x.png": 256, "icon.png": 512}
BLUE = (29, 78, 216)
WHITE = (255, 255, 255)


def coverage(x: float, y: float, size: int) -> tuple[float, float]:
    """Return the (square, ring) coverage of one sample point, each 0 or 1."""
    half = size / 2
    radius = size * 0.18
    # Rounded square: distance to the inner rectangle, compared to the corner radius.
    dx = max(abs(x - half) - (half - radius), 0.0)
    dy = max(abs(y - half) - (half - radius), 0.0)
    in_square = 1.0 if math.hypot(dx, dy) <= radius else 0.0
    distance = math.hypot(x - half, y - half)
    angle = math.degrees(math.atan2(half - y, x - half)) % 360
    on_ring = size * 0.22 <= distance <= size * 0.33 and not (330 <= angle or angle <= 20)
    on_bar = half <= x <= half + size * 0.33 and half - size * 0.02 <= y <= half + size * 0.08
    return in_square, 1.0 if (on_ring or on_bar) else 0.0


def draw(size: int) -> bytes:
    """Render one icon as raw RGBA rows, 4x4 supersampled for smooth edges."""
    rows = bytearray()
    samples = [(i + 0.5) / 4 for i in range(4)]
    for row in range(size):
        rows.append(0)  # PNG filter type: none
        for column in range(size):
            square = ring = 0.0
            for sy in samples:
                for sx in samples:
                    s, r = coverage(column + sx, row + sy, size)
                    square += s
                    ring += r * s
            square /= 16
            ring /= 16
            mix = ring / square if square else 0.0
            color = [round(b + (w - b) * mix) for b, w in zip(BLUE, WHITE)]
            rows.extend(bytes(color + [round(255 * square)]))
    return bytes(rows)


def png(size: int) -> bytes:
    """Wrap the pixels in a PNG file: 8-bit RGBA, colour type 6."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(draw(size), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    folder = Path(__file__).resolve().parent
    for name, size in SIZES.items():
        (folder / name).write_bytes(png(size))


if __name__ == "__main__":
    main()
