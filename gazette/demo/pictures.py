"""Pictures for the demo newsroom, painted with Pillow.

The demo ships no third-party photos: every image is drawn here from a seed,
so a fresh install produces the same pictures every time.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    sky_top: Colour
    sky_bottom: Colour
    land: Colour
    water: Colour
    buildings: tuple[Colour, ...]


DAWN = Palette(
    (58, 74, 120),
    (236, 170, 132),
    (62, 70, 64),
    (70, 96, 120),
    ((92, 84, 96), (120, 106, 110), (70, 66, 80)),
)
DAY = Palette(
    (96, 150, 210),
    (200, 224, 240),
    (96, 128, 84),
    (52, 110, 150),
    ((196, 180, 150), (170, 120, 96), (220, 210, 190)),
)
STORM = Palette(
    (54, 60, 70),
    (130, 140, 150),
    (60, 66, 60),
    (84, 96, 100),
    ((110, 104, 98), (90, 88, 92), (130, 120, 110)),
)
NIGHT = Palette(
    (14, 20, 44),
    (48, 60, 100),
    (30, 34, 40),
    (24, 34, 60),
    ((44, 46, 60), (60, 58, 72), (34, 36, 50)),
)
PALETTES = {"dawn": DAWN, "day": DAY, "storm": STORM, "night": NIGHT}


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    top: Colour,
    bottom: Colour,
) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line(
            [(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0))
        )


def _skyline(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    palette: Palette,
    width: int,
    base: int,
    lit: bool,
) -> None:
    x = -rng.randint(0, 40)
    while x < width:
        w = rng.randint(width // 16, width // 7)
        h = rng.randint(base // 5, base // 2)
        colour = rng.choice(palette.buildings)
        draw.rectangle([x, base - h, x + w, base], fill=colour)
        if rng.random() < 0.4:
            draw.polygon(
                [(x, base - h), (x + w // 2, base - h - w // 3), (x + w, base - h)],
                fill=_mix(colour, (0, 0, 0), 0.25),
            )
        window = _mix(colour, (255, 214, 120) if lit else (235, 235, 225), 0.7)
        for wy in range(base - h + 12, base - 16, 26):
            for wx in range(x + 10, x + w - 14, 22):
                if rng.random() < 0.6:
                    draw.rectangle([wx, wy, wx + 9, wy + 13], fill=window)
        x += w + rng.randint(0, 14)


def _water(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    palette: Palette,
    width: int,
    top: int,
    height: int,
) -> None:
    _gradient(
        draw,
        (0, top, width, height),
        _mix(palette.water, (255, 255, 255), 0.15),
        _mix(palette.water, (0, 0, 0), 0.35),
    )
    for _ in range(width // 6):
        y = rng.randint(top, height)
        x = rng.randint(0, width)
        length = rng.randint(20, 90)
        draw.line(
            [(x, y), (x + length, y)],
            fill=_mix(palette.water, (255, 255, 255), 0.45),
            width=2,
        )


def _council(draw: ImageDraw.ImageDraw, width: int, base: int) -> None:
    left, right = width // 4, width * 3 // 4
    top = base - base // 2
    stone = (222, 214, 196)
    draw.rectangle([left, top, right, base], fill=stone)
    draw.polygon(
        [(left - 20, top), (width // 2, top - base // 6), (right + 20, top)],
        fill=(200, 190, 170),
    )
    for x in range(left + 30, right - 20, (right - left) // 8):
        draw.rectangle([x, top + 20, x + 22, base - 10], fill=(240, 234, 220))
    draw.rectangle([left - 30, base - 14, right + 30, base], fill=(180, 172, 156))


def _dunes(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int, top: int
) -> None:
    for band, colour in enumerate(((226, 204, 150), (210, 186, 132), (196, 170, 118))):
        y = top + band * (height - top) // 4
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, y + rng.randint(-30, 30)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    for _ in range(width // 3):
        x = rng.randint(0, width)
        y = rng.randint(top + 20, height)
        draw.line(
            [(x, y), (x + rng.randint(-8, 8), y - rng.randint(12, 30))],
            fill=(96, 130, 70),
            width=2,
        )


def _bunting(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, y: int) -> None:
    colours = ((214, 64, 69), (240, 180, 60), (62, 140, 200), (90, 170, 100))
    for x in range(0, width, 40):
        draw.polygon([(x, y), (x + 36, y), (x + 18, y + 34)], fill=rng.choice(colours))
    draw.line([(0, y), (width, y)], fill=(60, 60, 60), width=2)


def _portrait(size: tuple[int, int], rng: random.Random) -> Image.Image:
    width, height = size
    background = rng.choice(((120, 150, 170), (170, 140, 120), (130, 160, 130)))
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    skin = rng.choice(((224, 186, 160), (176, 128, 96), (120, 84, 60), (240, 206, 180)))
    shirt = rng.choice(((40, 60, 90), (120, 40, 50), (60, 80, 60)))
    draw.ellipse([width * 0.15, height * 0.62, width * 0.85, height * 1.3], fill=shirt)
    draw.ellipse([width * 0.3, height * 0.18, width * 0.7, height * 0.66], fill=skin)
    hair = rng.choice(((40, 30, 24), (90, 60, 30), (20, 20, 20), (150, 150, 150)))
    draw.chord(
        [width * 0.28, height * 0.14, width * 0.72, height * 0.5], 180, 360, fill=hair
    )
    return image


def paint(
    kind: str, *, seed: int, size: tuple[int, int] = (1600, 1000), mood: str = "day"
) -> Image.Image:
    """Paint a scene: flood, harbour, council, dunes, festival, street or portrait."""
    rng = random.Random(seed)  # noqa: S311  (pictures, not secrets)
    if kind == "portrait":
        return _portrait(size, rng)
    palette = PALETTES[mood]
    width, height = size
    horizon = int(height * rng.uniform(0.5, 0.62))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, width, horizon), palette.sky_top, palette.sky_bottom)
    if mood in {"dawn", "day"}:
        r = rng.randint(40, 70)
        cx, cy = rng.randint(r, width - r), rng.randint(r, horizon // 2)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 236, 190))
    draw.rectangle([0, horizon, width, height], fill=palette.land)
    if kind in {"flood", "harbour", "street", "festival"}:
        _skyline(draw, rng, palette, width, horizon + 40, lit=mood == "night")
    if kind == "council":
        _council(draw, width, horizon + 60)
    if kind == "flood":
        _water(draw, rng, palette, width, horizon + rng.randint(0, 30), height)
    elif kind == "harbour":
        _water(draw, rng, palette, width, horizon + 60, height)
        for _ in range(3):
            x = rng.randint(0, width - 200)
            y = rng.randint(horizon + 90, height - 60)
            draw.polygon(
                [(x, y), (x + 180, y), (x + 150, y + 40), (x + 20, y + 40)],
                fill=(180, 60, 50),
            )
            draw.line([(x + 90, y), (x + 90, y - 120)], fill=(240, 240, 240), width=4)
    elif kind == "dunes":
        _dunes(draw, rng, width, height, horizon)
    elif kind == "festival":
        _bunting(draw, rng, width, int(height * 0.2))
    elif kind == "street":
        draw.polygon(
            [
                (width * 0.4, horizon + 40),
                (width * 0.6, horizon + 40),
                (width, height),
                (0, height),
            ],
            fill=(70, 72, 78),
        )
    return image.filter(ImageFilter.SMOOTH)


def jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=84, optimize=True)
    return buffer.getvalue()
