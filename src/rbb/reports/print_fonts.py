"""The fonts of the PDF: files rbb ships (Tinos) and those of matplotlib (DejaVu), never
the machine's, so that a report typesets the same everywhere (src/rbb/reports/fonts/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
SERIF = "rbb Tinos"
FALLBACK_SERIF = "rbb DejaVu Serif"

_LATIN = ("U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
          "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD")
_LATIN_EXT = ("U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,"
              "U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,"
              "U+2113,U+2C60-2C7F,U+A720-A7FF")
_STYLES = (("normal", 400, "400-normal"), ("normal", 700, "700-normal"),
           ("italic", 400, "400-italic"), ("italic", 700, "700-italic"))


def _face(family: str, path: Path, style: str, weight: int, unicode_range: str | None) -> str:
    ranges = f" unicode-range: {unicode_range};" if unicode_range else ""
    return (f"@font-face {{ font-family: '{family}'; font-style: {style}; "
            f"font-weight: {weight}; src: url('{path.as_uri()}');{ranges} }}")


def _matplotlib_fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def print_stylesheet() -> str:
    """@font-face rules for the packaged faces; report.css names the families first."""
    faces = []
    for style, weight, suffix in _STYLES:
        for subset, unicode_range in (("latin", _LATIN), ("latin-ext", _LATIN_EXT)):
            faces.append(_face(SERIF, FONTS / f"tinos-{subset}-{suffix}.woff", style, weight,
                               unicode_range))
    dejavu = _matplotlib_fonts()
    for style, weight, name in (("normal", 400, "DejaVuSerif.ttf"),
                                ("normal", 700, "DejaVuSerif-Bold.ttf"),
                                ("italic", 400, "DejaVuSerif-Italic.ttf"),
                                ("italic", 700, "DejaVuSerif-BoldItalic.ttf")):
        faces.append(_face(FALLBACK_SERIF, dejavu / name, style, weight, None))
    for style, weight, name in (("normal", 400, "DejaVuSans.ttf"),
                                ("normal", 700, "DejaVuSans-Bold.ttf")):
        faces.append(_face("DejaVu Sans", dejavu / name, style, weight, None))
    return "\n".join(faces) + "\n"
