"""Who a sentence says is speaking (pure functions): the claimant a new claim suggests.

News sentences name their speaker in a few set ways: ``"…," said Ana Delgado``,
``"…," Delgado said``, ``Ana Delgado said that …``, ``…, according to Ana Delgado``.
``speaker_of`` finds that name; a bare surname is completed from the article's text
("Delgado" → "Ana Delgado") or from names the desk already knows. Titles ("Mayor",
"Sen.") are left out. It is a suggestion: the person logging the claim confirms or
changes it; a sentence with no named speaker (``she said``, ``the report says``)
suggests nothing.
"""

import re
from collections.abc import Iterable

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_WORD = rf"[{_UPPER}][\w'’.\-]*"
_PARTICLE = r"(?:de|del|della|da|di|dos|du|la|le|van|von|der|den|ten|bin|al|el)"
# Up to four capitalised words, with particles between them ("Ana de la Cruz").
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_WORD}){{0,3}}"
_VERB = (r"(?:said|says|told|tells|added|adds|claimed|claims|stated|states|argued|argues|wrote|writes|"
         r"announced|insisted|insists|noted|notes|explained|asserted|declared|tweeted|posted|boasted|warned)")
_CLOSE_QUOTE = r"[\"”’']"

_PATTERNS = [
    # "…," said Ana Delgado / "…," said the mayor, Ana Delgado
    re.compile(rf"[,?!…]\s*{_CLOSE_QUOTE}\s*{_VERB}\s+(?:the\s+[\w\s'’-]{{1,40}}?,\s+)?(?P<name>{_NAME})"),
    # "…," Ana Delgado said / "…," Delgado, the mayor, said
    re.compile(rf"[,?!…]\s*{_CLOSE_QUOTE}\s*(?P<name>{_NAME})(?:,[^,\"“”]{{1,60}},)?\s+{_VERB}\b"),
    # …, according to Ana Delgado / according to the Census Bureau
    re.compile(rf"\baccording\s+to\s+(?:the\s+)?(?P<name>{_NAME})"),
    # Ana Delgado said (that) … / Delgado, the mayor, told reporters …
    re.compile(rf"(?P<name>{_NAME})(?:,[^,\"“”]{{1,60}},)?\s+{_VERB}\b"),
]
# Capitalised words that start sentences or name roles, not people.
_NOT_NAMES = frozenset("""
a an and as at but by for from he her his i in it its my no not of on or our she so that the their them
then there these they this those to we what when where which while who why with you your yesterday today
monday tuesday wednesday thursday friday saturday sunday officials critics experts residents analysts
""".split())
_TITLES = frozenset("""
mayor senator sen. sen representative rep. rep governor gov. gov president vice minister secretary
councillor councilor councilwoman councilman chief commissioner judge dr. dr mr. mr mrs. mrs ms. ms prof.
prof professor general gen. sheriff chair chairman chairwoman director spokesman spokeswoman spokesperson
""".split())


def _clean(name: str) -> str:
    """The name without leading sentence words or titles and trailing possessives or dots."""
    # A sentence may end inside the match ("… Ana Delgado. The mayor …"); an initial ("J.") may not.
    words = []
    for word in name.split():
        words.append(word)
        if word.endswith(".") and len(word) > 2 and word.casefold() not in _TITLES:
            break
    titled = [i for i, word in enumerate(words[:-1]) if word.casefold() in _TITLES]
    if titled:  # "Riverton Mayor Ana Delgado": the name follows the last title
        words = words[titled[-1] + 1:]
    while words and (words[0].casefold() in _NOT_NAMES or words[0].casefold() in _TITLES):
        words = words[1:]
    while words and words[-1].casefold() in _NOT_NAMES:
        words = words[:-1]
    cleaned = " ".join(words)
    cleaned = re.sub(r"(?:'s|’s)$", "", cleaned).rstrip(".")
    return cleaned


def _complete(surname: str, text: str, known: Iterable[str]) -> str:
    """The full name a bare surname stands for: a known claimant's, or the first longer
    name in the text ending with it; else the surname."""
    for name in known:
        if name == surname or name.endswith(" " + surname):
            return name
    for match in re.finditer(rf"(?P<name>{_NAME})", text):
        candidate = _clean(match["name"])
        if candidate != surname and candidate.endswith(" " + surname):
            return candidate
    return surname


def speaker_of(sentence: str, *, text: str = "", known: Iterable[str] = ()) -> str:
    """The person or body ``sentence`` attributes what it says to, or "" when it names none.

    ``text`` (the whole article) and ``known`` (names the desk already has) complete a
    bare surname into the full name.
    """
    known = list(known)
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            name = _clean(match["name"])
            if not name:
                continue
            if " " not in name:
                name = _complete(name, text, known)
            return name
    return ""
