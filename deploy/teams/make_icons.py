"""Draw the Teams app icons (color.png 192x192, outline.png 32x32) with Pillow.

    python deploy/teams/make_icons.py

The outline icon is white on a transparent background, as Teams requires.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
NAVY = (31, 58, 95, 255)
GOLD = (212, 160, 23, 255)
WHITE = (255, 255, 255, 255)


def color_icon() -> Image.Image:
    img = Image.new("RGBA", (192, 192), NAVY)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((48, 28, 144, 164), radius=8, fill=WHITE)          # the page
    for y in range(58, 140, 16):                                            # lines of text
        d.rectangle((62, y, 130 if y < 124 else 104, y + 5), fill=NAVY)
    d.polygon([(116, 28), (136, 28), (136, 70), (126, 60), (116, 70)], fill=GOLD)  # bookmark (a pin cite)
    return img


def outline_icon() -> Image.Image:
    img = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rectangle((8, 4, 23, 27), outline=WHITE, width=2)
    for y in (10, 15, 20):
        d.line((12, y, 19, y), fill=WHITE, width=2)
    return img


def main() -> None:
    color_icon().save(HERE / "color.png", optimize=True)
    outline_icon().save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
