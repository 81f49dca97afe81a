"""Image files for tests, made with Pillow on the fly (no binary fixtures)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def picture(width: int = 800, height: int = 600, fmt: str = "JPEG", seed: int = 0) -> bytes:
    """A picture with some structure (gradients and a block), different per `seed`."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    r, g, b = image.split()
    image = Image.merge("RGB", (r, g.rotate(90), b.point(lambda v: (v + seed * 37) % 256)))
    image.paste((seed * 53 % 256, 80, 160), (width // 4, height // 4, width // 2, height // 2))
    if fmt in ("PNG", "GIF") and seed % 2:
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    data = picture(1200, 900)
    return data[: len(data) // 2]


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb
    when that is huge): the IHDR chunk is rewritten with a correct CRC."""
    data = bytearray(picture(2, 2, "PNG"))
    start = 8  # after the signature: length(4) type(4) data(13) crc(4)
    ihdr = bytearray(data[start + 8 : start + 21])
    ihdr[0:8] = struct.pack(">II", width, height)
    data[start + 8 : start + 21] = ihdr
    data[start + 21 : start + 25] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    return bytes(data)
