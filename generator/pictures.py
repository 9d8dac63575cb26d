"""Pictures as teachers have them: judged once, before anything is built (a damaged, truncated or
hostile file is a located problem), and given to the outputs upright, as one plain image, no
larger than it is shown (a phone photo turned by its EXIF orientation, the first frame of an HDR
phone photo's MPO, a 24-megapixel photo made 2,000 pixels across)."""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.scratch import scratch_file

if TYPE_CHECKING:
    from PIL import Image

MAX_PIXELS = 50_000_000
MAX_PNG_PIXELS = 16_000_000
"""A PNG cannot be decoded at a fraction of its size, as a JPEG can: decoded whole, at four bytes
a pixel, 16 megapixels take 64 MB (a 5K screen's screenshot is 14.7). 50 megapixels took a
build 1 GB."""
MAX_SIDE = 2_000
"""The longest side, in pixels, of a picture as the outputs embed it: a picture as wide as a
slide shown on a full-HD projector, or as wide as an A4 page's text printed at 280 dpi. A larger
one is made this size once, for every output: embedded whole, a 24-megapixel phone photo made
each output 17 MB larger and its build take 230 MB."""
MAX_PICTURE_BYTES = 15_000_000
"""The most the different pictures of a lesson may weigh, as the outputs embed them (made no
larger than MAX_SIDE). A deck holds its pictures until it is saved, and a PDF holds them, and
the file made of them, until it is written: about four times their weight on top of the rest of
the lesson, so 15 MB keeps a build within 150 MB (13 MB of photos on the sheets take 136 MB).
It is 20 to 40 photos from a phone. They also leave fewer slides and pages a lesson may have
(generator.build.most_slides, most_pages)."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
"""How every PNG file starts: a picture's limit is known before Pillow reads it (and refuses
one past its own, larger limit)."""
IMAGE_FORMATS = {"PNG", "JPEG", "MPO"}
"""MPO is what Pillow calls a JPEG that carries a second image (Android Ultra HDR, iPhone HDR
photos): its first frame is the photo."""
ORIENTATION = 0x0112
"""The EXIF tag saying how a phone held the camera: 1 is upright."""
JPEG_QUALITY = 85
"""A photo saved again (turned, made smaller) looks the same printed or projected at 85, in half
the bytes it takes at 95; every output embeds it, and each worksheet holds it until it is saved."""


def picture_problem(path: Path, shown: str) -> str | None:
    """Why the picture cannot be used, in plain words, or None. It is decoded at an eighth of its
    size (JPEG) or read chunk by chunk (PNG), so a truncated file is found without the memory a
    full decode takes; Pillow's limits on pixels and on the text and colour profile a PNG may
    unpack to are turned into words."""
    from PIL import Image, UnidentifiedImageError

    with path.open("rb") as file:
        most = MAX_PNG_PIXELS if file.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE else MAX_PIXELS
    too_large = f"{shown} has too many pixels; use an image under {most // 1_000_000} megapixels"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return f"{shown} is a {image.format} file; use a PNG or JPEG image"
                if image.width * image.height > most:
                    return too_large
                if image.format == "PNG":
                    image.verify()
                else:
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return too_large
    except UnidentifiedImageError:
        return f"{shown} is not a PNG or JPEG image"
    except ValueError:
        return (
            f"{shown} carries text or a colour profile too large to unpack, as a hostile file does: "
            "save the picture again (export it as a new PNG or JPEG)"
        )
    except (OSError, SyntaxError, EOFError):
        return f"{shown} is cut short or damaged: save or download the picture again"
    return None


@lru_cache(maxsize=64)
def _prepared(path: Path, changed: int) -> str | None:
    """The picture saved again upright, as one plain image, at most MAX_SIDE pixels on its
    longest side, in a file of its own; or None when the file already is all of these. A JPEG is
    decoded at the smallest fraction of its size that still gives MAX_SIDE (Pillow's draft), so
    a large photo never takes the memory its whole pixels would. `changed` is the file's
    modification time, so that a picture saved again is prepared again.

    The copy is a file, not bytes in memory, because reportlab embeds a JPEG it is given by name
    as it is, where one given as bytes is decoded to every pixel (to name it in the PDF) and
    encoded again: 25 MB for each photo on a worksheet."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        turned = image.getexif().get(ORIENTATION, 1) not in (0, 1)
        if image.format != "MPO" and not turned and max(image.size) <= MAX_SIDE:
            return None
        kind = "PNG" if image.format == "PNG" else "JPEG"
        profile = image.info.get("icc_profile")
        image.seek(0)
        upright = ImageOps.exif_transpose(_no_larger_than_shown(image))
        copy = scratch_file(path, changed, ".png" if kind == "PNG" else ".jpg")
        options = {"quality": JPEG_QUALITY} if kind == "JPEG" else {}
        upright.save(copy, kind, icc_profile=profile, **options)
        return str(copy)


def _no_larger_than_shown(image: Image.Image) -> Image.Image:
    """The picture at most MAX_SIDE pixels on its longest side, decoded at the smallest fraction
    of its size that gives that (Pillow's draft, for a JPEG), so that a large photo never takes
    the memory its whole pixels would."""
    from PIL import Image

    scale = min(1.0, MAX_SIDE / max(image.size))
    image.draft(None, (round(image.width * scale), round(image.height * scale)))
    shown = image
    if image.mode in ("1", "P", "PA"):
        # A palette or one-bit picture is resized only by its nearest pixel: in full colour, smoothly.
        shown = image.convert("RGBA" if image.has_transparency_data else "RGB")
    shown.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return shown


def smaller_picture(data: bytes) -> bytes | None:
    """A template's picture made no larger than MAX_SIDE, in its own format; or None, to keep it
    as it is: when it is no larger already, or has more pixels than a lesson's picture may, or is
    turned by its EXIF orientation, or is anything Pillow cannot read (PowerPoint may still read
    it, as it read it before). A template's background photo of 40 MB made a build of the
    reference lesson on it take 383 MB, and each of its decks 38 MB."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG") or max(image.size) <= MAX_SIDE:
                return None
            most = MAX_PNG_PIXELS if image.format == "PNG" else MAX_PIXELS
            if image.width * image.height > most or image.getexif().get(ORIENTATION, 1) not in (0, 1):
                return None
            kind, profile = image.format, image.info.get("icc_profile")
            saved = io.BytesIO()
            options = {"quality": JPEG_QUALITY} if kind == "JPEG" else {}
            _no_larger_than_shown(image).save(saved, kind, icc_profile=profile, **options)
            return saved.getvalue()
    except Exception:
        return None


def picture_file(path: Path) -> str:
    """What the outputs embed, by name (as python-pptx and reportlab take it): the file itself,
    or its prepared copy."""
    return _prepared(path, path.stat().st_mtime_ns) or str(path)


def picture_size(path: Path) -> tuple[int, int]:
    """The picture's width and height as it is shown, upright."""
    from PIL import Image

    with Image.open(picture_file(path)) as image:
        return image.width, image.height


def embedded_bytes(path: Path) -> int:
    """How much the picture weighs as the outputs embed it."""
    return Path(picture_file(path)).stat().st_size
