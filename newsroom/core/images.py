"""Reading, checking and resizing image files with Pillow.

`inspect(data)` is the gate every image passes before it is stored: it refuses, with a
message an editor can act on, files that are not images, formats the web cannot show
(or we do not export), truncated or damaged files, decompression bombs (an image that
declares more pixels than Pillow's limit, or than ours, `MAX_PIXELS`), and files over
`MAX_BYTES`. Only headers are read for the size checks, so a bomb is refused before it
is decoded.

`renditions(data, widths)` makes the resized copies a site serves: the original turned
upright by its EXIF orientation, metadata dropped (a camera's GPS position is nobody's
business), never upscaled, in WebP and JPEG. The output is a pure function of the input
bytes and the Pillow version, so an export stays byte-identical.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsroom.core.errors import ValidationError

if TYPE_CHECKING:  # Pillow is loaded when an image is read, not by every command
    from PIL import Image

MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 60_000_000
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
"""What may be stored: what every browser shows and Pillow reads reliably."""
OUTPUTS = {"webp": "WEBP", "jpg": "JPEG"}  # file extension -> Pillow format
QUALITY = {"webp": 80, "jpg": 82}
RENDITION_VERSION = "1"
"""Changes whenever `renditions` would give other bytes for the same input (a new
quality or filter): cached renditions carry it in their names."""

_SWAPPED = {5, 6, 7, 8}  # EXIF orientations that turn the image a quarter


class ImageRefused(ValidationError):
    """The file cannot be stored as an image; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__("image", message)


@dataclass(frozen=True)
class ImageInfo:
    width: int  # as shown: after the EXIF orientation is applied
    height: int
    format: str  # one of FORMATS


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _open(data: bytes, name: str) -> Image.Image:
    """Open (headers only) with bombs refused: Pillow warns above its limit and raises
    at twice it; both are turned into ImageRefused here, not left to the caller's
    warning filters."""
    from PIL import Image, UnidentifiedImageError

    label = f"{name}: " if name else ""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRefused(
                f"{label}refused as a decompression bomb: it declares more pixels than "
                f"can safely be decoded ({exc})"
            ) from exc
        except UnidentifiedImageError as exc:
            raise ImageRefused(
                f"{label}this is not an image file (or not one Newsroom can read); "
                f"use JPEG, PNG, WebP or GIF"
            ) from exc


def inspect(data: bytes, name: str = "") -> ImageInfo:
    """Check `data` is a whole image we can store and show; its size and format.

    Raises ImageRefused (a ValidationError on field "image") otherwise. `name` (a file
    name) only makes the message clearer."""
    label = f"{name}: " if name else ""
    if not data:
        raise ImageRefused(f"{label}the file is empty")
    if len(data) > MAX_BYTES:
        raise ImageRefused(
            f"{label}the file is {_megabytes(len(data))}; images up to "
            f"{_megabytes(MAX_BYTES)} can be added (export a smaller copy first)"
        )
    image = _open(data, name)
    with image:
        fmt = image.format or ""
        if fmt not in FORMATS:
            raise ImageRefused(
                f"{label}{fmt or 'this'} images are not supported; use JPEG, PNG, WebP or GIF"
            )
        width, height = image.size
        if width < 1 or height < 1:
            raise ImageRefused(f"{label}the image has no pixels")
        if width * height > MAX_PIXELS:
            raise ImageRefused(
                f"{label}the image is {width:,} x {height:,} pixels "
                f"({width * height / 1e6:.0f} megapixels); up to {MAX_PIXELS // 1_000_000} "
                "megapixels can be added"
            )
        orientation = image.getexif().get(0x0112)
    _decode_whole(data, name)
    if orientation in _SWAPPED:
        width, height = height, width
    return ImageInfo(width, height, fmt)


def _decode_whole(data: bytes, name: str) -> None:
    """Decode every pixel once: the only sure way to find a file cut short (`verify`
    misses a JPEG that ends early)."""
    from PIL import ImageFile

    label = f"{name}: " if name else ""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with _open(data, name) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRefused(
            f"{label}the image is damaged or cut short (truncated) and cannot be read: {exc}"
        ) from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def output_widths(width: int, wanted: Iterable[int]) -> tuple[int, ...]:
    """The widths an image `width` pixels wide is served at: each wanted width it
    reaches, and its own width in place of the larger ones (never upscaled)."""
    return tuple(sorted({min(w, width) for w in wanted}))


def scaled_height(width: int, height: int, to_width: int) -> int:
    return max(1, round(height * to_width / width))


def renditions(data: bytes, widths: Iterable[int]) -> dict[tuple[int, str], bytes]:
    """The image resized to each of `widths` (as `output_widths` gives them) in each
    format of OUTPUTS: {(width, extension): bytes}. Decodes the original once."""
    from PIL import Image, ImageOps

    widths = sorted(set(widths))
    with Image.open(io.BytesIO(data)) as opened:
        opened.seek(0)  # an animated GIF: its first frame
        if opened.format == "JPEG" and widths:
            # Let the decoder scale down by 1/2, 1/4, 1/8 where that still leaves the
            # largest width wanted: several times faster on camera JPEGs.
            w, h = opened.size
            opened.draft("RGB", (widths[-1], scaled_height(w, h, widths[-1])))
        image = ImageOps.exif_transpose(opened)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info
        )
        image = image.convert("RGBA" if has_alpha else "RGB")
    out: dict[tuple[int, str], bytes] = {}
    source = image
    for width in reversed(widths):  # largest first: each smaller one from the last made
        size = (width, scaled_height(image.width, image.height, width))
        resized = source if size == source.size else source.resize(size, Image.Resampling.LANCZOS)
        source = resized
        for ext, fmt in OUTPUTS.items():
            frame = resized
            if fmt == "JPEG" and frame.mode == "RGBA":  # JPEG has no alpha: white behind
                backing = Image.new("RGB", frame.size, (255, 255, 255))
                backing.paste(frame, mask=frame.getchannel("A"))
                frame = backing
            buffer = io.BytesIO()
            if fmt == "JPEG":
                frame.save(buffer, fmt, quality=QUALITY[ext], optimize=True, progressive=True)
            else:
                # method 2: about half the time of the default 4 for a file ~5% larger
                frame.save(buffer, fmt, quality=QUALITY[ext], method=2)
            out[(width, ext)] = buffer.getvalue()
    return dict(sorted(out.items()))


def thumbnail(data: bytes, box: int = 160) -> bytes:
    """A small PNG of the image (for the library window and the editor)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        opened.seek(0)
        if opened.format == "JPEG":
            opened.draft("RGB", (box, box))
        image = ImageOps.exif_transpose(opened)
        image.thumbnail((box, box))
        buffer = io.BytesIO()
        image.convert("RGBA").save(buffer, "PNG")
    return buffer.getvalue()
