"""Rewrite the two UNMIK seeds as the reports of a fictional operation in another period.

Run once from the repository's root (``python tests/data/rewritten/make_rewritten.py``);
its output is committed beside it. Every name of the mission, its code, every place and
person, every year (so every period and date), every document symbol and every session
are changed, consistently in both reports; every figure is kept, and so is every line
break, so that the same figures stand on the same lines. The tests
(``tests/importers/test_rewritten_seeds.py``) hold the rewritten reports to the seeds:
the same coverage, the same facts, the same findings modulo names.

The fictional operation: the United Nations Provisional Assistance Mission in Ardenia
(UNPAMA), nine years later than the seeds (the budget for 2034/35, the performance
report for 2030/31). Nothing of it is real.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "src" / "rbb" / "data" / "seeds"
HERE = Path(__file__).resolve().parent
CODE = "UNPAMA"
YEARS = 9
"""How many years later the fictional reports are."""

PHRASES: tuple[tuple[str, str], ...] = (
    ("Interim Administration Mission", "Provisional Assistance Mission"),
)
"""Names of more than one word, replaced word by word so that the line breaks inside
them stay where they are."""

WORDS: dict[str, str] = {
    "UNMIK": CODE, "Kosovo": "Ardenia", "Metohija": "Vennmark",
    "EULEX": "EURLA", "KFOR": "AFOR",
    "Pristina": "Corvin", "Prishtinë": "Corvinë", "Mitrovica": "Lestra",
    "Belgrade": "Talmira", "Serbia": "Veldania", "Serbian": "Veldanian", "Serb": "Veld",
    "Serbs": "Velds", "Albanian": "Marnian", "Albanians": "Marnians", "Balkan": "Marchland",
    "Balkans": "Marchlands", "Skopje": "Rennick", "Thessaloniki": "Portsea",
    "Pejë": "Oskë", "Peć": "Oska", "Peja": "Oskja", "Prizren": "Harwick",
    "Zubin": "Tarn", "Potok": "Vale", "Gračanica": "Lindova", "Ferizaj": "Orlen",
    "Uroševac": "Orlensk", "Leposavić": "Pellar", "Leposaviq": "Pellarq", "Zvečan": "Drust",
    "Gjakovë": "Kesten", "Lëvoshë": "Mirnë", "Ljevoša": "Mirnava", "Brestovik": "Halden",
    "Barabar": "Corrin", "Babljak": "Tovik", "Bablak": "Tovak", "Videjë": "Selinë",
    "Vidanje": "Selina", "Novake": "Rudnë", "Novak": "Rudna", "Lipljan": "Kordan",
    "Lipjan": "Kordani", "Gnjilane": "Brava", "Gjilan": "Bravë", "Gjurakoc": "Sennik",
    "Gazivode": "Morvan", "Binxhë": "Dalenë", "Bica": "Dalena", "Vitina": "Rossa",
    "Viti": "Ross", "Trepca": "Ostrel", "Stanišor": "Velm", "Stanishor": "Velmi",
    "Srbobran": "Gord", "Serbobran": "Gordi", "Shtërpcë": "Kelmë", "Siga": "Rava",
    "Sigë": "Ravë", "Samački": "Lorski", "Rrotlla": "Tessa", "Novobërdë": "Hollinë",
    "Kamenicë": "Steynë", "Kamenica": "Steyna", "Klokot": "Brisk", "Kllokot": "Briski",
    "Koš": "Kell", "Kosh": "Kelli", "Jenča": "Marta", "Jarinjë": "Passë", "Jarinje": "Passe",
    "Hrast": "Eik", "Grackë": "Lindë", "Gracko": "Linda", "Flotacija": "Flotara",
    "Drsnik": "Tor", "Dresnik": "Tori", "Drenovac": "Ashen", "Drenoc": "Ashe",
    "Dragaš": "Fell", "Dragash": "Felli", "Dolc": "Dal", "Dolac": "Dale", "Cërkolez": "Rookë",
    "Crkolez": "Rooke", "Bërnjak": "Harnë", "Brnjak": "Harne", "Berkovë": "Birkë",
    "Berkovo": "Birko", "Lakuriq": "Somme", "Vjetër": "Vjeter", "Miroslav": "Tomas",
    "Mimoza": "Liria", "Sylejman": "Edran",
}
"""Places, people and the names of the mission and of the forces beside it."""

ORDINALS: dict[str, str] = {
    "seventy-third": "eighty-second", "seventy-fourth": "eighty-third",
    "seventy-fifth": "eighty-fourth", "seventy-sixth": "eighty-fifth",
    "seventy-seventh": "eighty-sixth", "seventy-eighth": "eighty-seventh",
    "seventy-ninth": "eighty-eighth", "eightieth": "eighty-ninth",
}
"""Sessions of the General Assembly, nine later (another body's sessions are kept)."""

_NUMBERS = re.compile(
    r"(?P<period>\b(?:19|20)\d\d/\d\d\b)"               # 2021/22
    r"|(?P<job>\b\d\d-\d{5}\b)"                          # 22-25975 (document job number)
    r"|(?P<resolution>(?<=S/RES/)\d{3,4}\b|\b\d{3,4}(?=\s*\\?\((?:19|20)\d\d\\?\)))"  # 1244 (1999)
    r"|(?P<session>\b7\d(?=/\d{1,3}\b))"                 # A/77/589, 76/274
    r"|(?P<year>\b(?:199\d|20[0-4]\d)\b)")               # 2021
"""Identifiers made of digits: none of them is a figure of the report."""


def rewrite(text: str) -> str:
    for old, new in PHRASES:
        text = _phrase(text, old, new)
    words = re.compile(r"\b(" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
                       + r")\b")
    text = words.sub(lambda match: WORDS[match[1]], text)
    ordinals = re.compile(r"\b(" + "|".join(ORDINALS) + r")(?=\s+session\b(?!\s+of\s+the\s+"
                          r"INTERPOL))", re.IGNORECASE)
    text = ordinals.sub(_ordinal, text)
    return _NUMBERS.sub(_number, text)


def _phrase(text: str, old: str, new: str) -> str:
    """``old`` wherever it stands, across line breaks, each word replaced in place."""
    olds, news = old.split(), new.split()
    pattern = re.compile(r"(\s+)".join(map(re.escape, olds)))

    def each(match: re.Match[str]) -> str:
        gaps = match.groups()
        return "".join(word + (gaps[i] if i < len(gaps) else "") for i, word in enumerate(news))

    return pattern.sub(each, text)


def _ordinal(match: re.Match[str]) -> str:
    new = ORDINALS[match[1].lower()]
    return new.capitalize() if match[1][0].isupper() else new


def _number(match: re.Match[str]) -> str:
    kind, value = match.lastgroup, match[0]
    if kind == "period":
        start, end = value.split("/")
        return f"{int(start) + YEARS}/{(int(end) + YEARS) % 100:02d}"
    if kind == "job":
        year, number = value.split("-")
        return f"{int(year) + YEARS}-{number}"
    if kind == "resolution":
        return str(int(value) + 1733)
    if kind == "session":
        return str(int(value) + YEARS)
    return str(int(value) + YEARS)


def main() -> None:
    for seed, kind, start in (("unmik-budget-2025-26.txt", "budget", 2025),
                              ("unmik-performance-2021-22.txt", "performance", 2021)):
        text = (SEEDS / seed).read_text(encoding="utf-8")
        first = start + YEARS
        target = HERE / f"{CODE.lower()}-{kind}-{first}-{(first + 1) % 100:02d}.txt"
        target.write_text(rewrite(text), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
