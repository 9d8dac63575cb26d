"""Pictures as teachers have them: judged once, before anything is built (a damaged, truncated or
hostile file is a located problem), and given to the outputs upright and as one plain image
(a phone photo turned by its EXIF orientation, the first frame of an HDR phone photo's MPO)."""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path

MAX_PIXELS = 50_000_000
IMAGE_FORMATS = {"PNG", "JPEG", "MPO"}
"""MPO is what Pillow calls a JPEG that carries a second image (Android Ultra HDR, iPhone HDR
photos): its first frame is the photo."""
ORIENTATION = 0x0112
"""The EXIF tag saying how a phone held the camera: 1 is upright."""
JPEG_QUALITY = 95


def picture_problem(path: Path, shown: str) -> str | None:
    """Why the picture cannot be used, in plain words, or None. It is decoded at an eighth of its
    size (JPEG) or read chunk by chunk (PNG), so a truncated file is found without the memory a
    full decode takes; Pillow's limits on pixels and on the text and colour profile a PNG may
    unpack to are turned into words."""
    from PIL import Image, UnidentifiedImageError

    too_large = f"{shown} has too many pixels; use an image under {MAX_PIXELS // 1_000_000} megapixels"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return f"{shown} is a {image.format} file; use a PNG or JPEG image"
                if image.width * image.height > MAX_PIXELS:
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


@lru_cache(maxsize=8)
def _upright(path: Path, changed: int) -> bytes | None:
    """The picture re-saved upright as one plain image, or None when the file already is one."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        turned = image.getexif().get(ORIENTATION, 1) not in (0, 1)
        if image.format != "MPO" and not turned:
            return None
        kind = "PNG" if image.format == "PNG" else "JPEG"
        profile = image.info.get("icc_profile")
        image.seek(0)
        upright = ImageOps.exif_transpose(image)
        saved = io.BytesIO()
        options = {"quality": JPEG_QUALITY} if kind == "JPEG" else {}
        upright.save(saved, kind, icc_profile=profile, **options)
        return saved.getvalue()


def picture_file(path: Path) -> str | io.BytesIO:
    """What the outputs embed: the file itself (by name, as python-pptx and reportlab take it),
    or its upright single-image copy."""
    upright = _upright(path, path.stat().st_mtime_ns)
    return str(path) if upright is None else io.BytesIO(upright)


def picture_size(path: Path) -> tuple[int, int]:
    """The picture's width and height as it is shown, upright."""
    from PIL import Image

    with Image.open(picture_file(path)) as image:
        return image.width, image.height
