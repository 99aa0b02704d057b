"""Numbers in text, and whether a claim's numbers agree with evidence excerpts.

Pure functions: no models, no I/O. ``extract_quantities`` finds counts,
percentages, amounts of money, years and dates with what qualifies them
("more than", "about", "nearly"...). ``compare`` pairs each number in a claim
with the numbers of each excerpt that are about the same thing and says
whether they agree, disagree, or the excerpt does not mention it.

How numbers are paired (an excerpt usually holds several numbers, and only
those about the same thing may be compared):

* Only compatible kinds meet: percent with percent, money with money in a
  compatible currency, years and dates with years and dates, counts with
  counts whose unit words overlap ("2,700 look-ups" with "2,700 look-up
  messages", never with "2,700 servers"), bare numbers with numbers and counts.
* Agreement is generous: any compatible excerpt number whose range of values
  overlaps the claim's counts. A range comes from how the number is written
  ("2,700" is 2,650-2,750 at most 10% wide, and never narrower than 2% each
  way, so "$35 billion" agrees with "$35.6 billion") and its qualifier
  ("nearly 50%" is 45-50%, "more than 2,700" is 2,700-8,100).
* Disagreement is strict, to keep false flags low. The excerpt number must be
  related to the claim number: same unit words, or a shared content word
  near both, or (for money, percentages and bare numbers) it is the only
  candidate left in the excerpt. It must not already agree with another
  number of the claim (each excerpt number is about one thing), and it must not
  sit in a sentence that merely restates the claim ("X said that ..."), which
  is not evidence about the number either way. A disagreement only counts when
  no comparable number in the excerpt agrees.
* An excerpt that explicitly denies the claim's number ("39%, not 44%")
  disagrees even though the number appears in it.
"""

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

NUMBER = "number"
COUNT = "count"
PERCENT = "percent"
MONEY = "money"
YEAR = "year"
DATE = "date"
TIME = "time"

ABOUT = "about"
NEARLY = "nearly"
JUST_OVER = "just_over"
MORE_THAN = "more_than"
LESS_THAN = "less_than"

MATCH = "match"
MISMATCH = "mismatch"
NOT_MENTIONED = "not_mentioned"

# How far "more than X" and "less than X" reach. "More than 2,700" said of
# 27,000 would mislead, so the reach stays well under a factor of ten upwards;
# "less than 1%" is often said of 0.2%, so it reaches further down.
MORE_THAN_REACH = 3.0
LESS_THAN_REACH = 10.0
# "About X" is within this share of X (or its rounding, if wider); "nearly X"
# and "just over X" reach this far below or above X.
ABOUT_SPREAD = 0.05
NEARLY_SPREAD = 0.10
# Every written number is read as at least this close (relative), so
# truncation ("$35 billion" for 35.6) and small differences in rounding agree.
MIN_RELATIVE_TOLERANCE = 0.02
# A round number ("40", "2,000") stands for at most this relative spread.
MAX_ROUNDING_TOLERANCE = 0.10
# Words each side of a number that describe what it counts.
CONTEXT_WINDOW = 6
# Share of a claim's content words that a sentence attributing a statement to
# someone must contain to count as repeating the claim.
RESTATEMENT_COVERAGE = 0.5
# How closely (0-100) a quotation in an excerpt must match part of the claim
# to count as quoting it, and how far (characters) from a number its
# quotation marks are looked for.
QUOTE_SIMILARITY = 90
QUOTE_REACH = 300


@dataclass(frozen=True)
class Quantity:
    """One number found in a text.

    ``value`` is the number (27% is 27.0, "$3.5 billion" is 3.5e9; a year or a
    date has its year, or None for a date written without one). ``text`` is the
    surface form with its qualifier ("more than 2,700"), at ``start:end``.
    ``unit`` is the phrase that follows a count ("look-up messages"), the
    currency of money, or "percent" / "points"; ``unit_words`` are its
    normalised words. ``tolerance`` is half the rounding step the writing
    implies. ``negated`` marks a number the text denies ("not 44%").
    """

    value: float | None
    kind: str
    text: str
    start: int
    end: int
    unit: str | None = None
    unit_words: frozenset[str] = frozenset()
    currency: str | None = None
    qualifier: str | None = None
    negated: bool = False
    tolerance: float = 0.0
    month: int | None = None
    day: int | None = None
    decade: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class Verdict:
    """One claim number against one excerpt."""

    claim: Quantity
    excerpt_index: int
    verdict: str  # MATCH, MISMATCH or NOT_MENTIONED
    excerpt_quantity: Quantity | None = None
    reason: str = ""


@dataclass(frozen=True)
class Comparison:
    claim_quantities: tuple[Quantity, ...]
    verdicts: tuple[Verdict, ...] = field(default=())

    @property
    def matches(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.verdict == MATCH)

    @property
    def mismatches(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.verdict == MISMATCH)

    def for_excerpt(self, index: int) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.excerpt_index == index)


# Vocabulary

_SMALL = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}
# Written straight after the digits: "$700m", "3.5bn", "15k".
_ATTACHED_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_CURRENCY_SYMBOLS = {"$": "$", "£": "GBP", "€": "EUR", "₹": "INR", "¥": "JPY", "₦": "NGN"}
_DOLLAR_PREFIXES = {"us": "USD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "nz": "NZD", "hk": "HKD", "s": "SGD"}
_CURRENCY_CODES = {"usd": "USD", "eur": "EUR", "gbp": "GBP", "inr": "INR", "aud": "AUD", "cad": "CAD", "rs": "INR"}
_CURRENCY_WORDS = {
    "dollar": "$", "dollars": "$", "pound": "GBP", "pounds": "GBP", "euro": "EUR", "euros": "EUR",
    "rupee": "INR", "rupees": "INR", "rand": "ZAR", "naira": "NGN", "yen": "JPY", "yuan": "CNY",
    "hryvnia": "UAH", "hryvnias": "UAH", "pesos": "PESO", "peso": "PESO",
}
_DOLLARS = {"$", "USD", "AUD", "CAD", "NZD", "HKD", "SGD"}

# Qualifiers, longest first so "just over" wins over "over".
_QUALIFIERS_BEFORE = sorted(
    [
        ("more than", MORE_THAN), ("over", MORE_THAN), ("above", MORE_THAN), ("at least", MORE_THAN),
        ("upwards of", MORE_THAN), ("in excess of", MORE_THAN), ("exceeding", MORE_THAN),
        ("exceeded", MORE_THAN), ("exceeds", MORE_THAN), ("topped", MORE_THAN), ("tops", MORE_THAN),
        ("greater than", MORE_THAN), ("higher than", MORE_THAN), ("no fewer than", MORE_THAN),
        ("no less than", MORE_THAN), ("a minimum of", MORE_THAN), ("surpassed", MORE_THAN),
        ("less than", LESS_THAN), ("fewer than", LESS_THAN), ("under", LESS_THAN), ("below", LESS_THAN),
        ("at most", LESS_THAN), ("up to", LESS_THAN), ("no more than", LESS_THAN),
        ("a maximum of", LESS_THAN), ("lower than", LESS_THAN), ("smaller than", LESS_THAN),
        ("nearly", NEARLY), ("almost", NEARLY), ("just under", NEARLY), ("close to", NEARLY),
        ("just shy of", NEARLY), ("not quite", NEARLY), ("just below", NEARLY),
        ("about", ABOUT), ("around", ABOUT), ("approximately", ABOUT), ("roughly", ABOUT),
        ("some", ABOUT), ("an estimated", ABOUT), ("estimated", ABOUT), ("approx", ABOUT),
        ("circa", ABOUT), ("~", ABOUT), ("in the region of", ABOUT), ("an average of", ABOUT),
        ("just over", JUST_OVER), ("slightly more than", JUST_OVER), ("a little over", JUST_OVER),
        ("just above", JUST_OVER), ("slightly over", JUST_OVER),
    ],
    key=lambda pair: -len(pair[0]),
)
_QUALIFIERS_AFTER = [
    ("or more", MORE_THAN), ("or higher", MORE_THAN), ("or above", MORE_THAN), ("or over", MORE_THAN),
    ("plus", MORE_THAN), ("or less", LESS_THAN), ("or fewer", LESS_THAN), ("or lower", LESS_THAN),
    ("or below", LESS_THAN), ("or so", ABOUT),
]
_NEGATIONS = sorted(
    [
        "not even close to the", "not even close to", "rather than", "instead of", "not the", "not",
        "far short of", "well short of", "falls short of", "fell short of", "nowhere near",
        "anywhere near", "nowhere close to", "never",
    ],
    key=lambda phrase: -len(phrase.split()),
)
# Words before a number that make it a name or a rank, not a quantity.
_IDENTIFIER_WORDS = {
    "no", "number", "section", "act", "amendment", "article", "chapter", "title", "route",
    "interstate", "highway", "proposition", "prop", "bill", "part", "phase", "level", "grade",
    "page", "room", "flight", "episode", "season", "vol", "volume", "ga", "rule", "resolution",
    "district", "ward", "precinct", "gate", "platform", "version",
}
_YEAR_PREPOSITIONS = {
    "in", "since", "by", "from", "until", "till", "before", "after", "during", "of", "to", "and",
    "through", "between", "year", "fiscal", "early", "late", "mid", "the", "spring", "summer",
    "autumn", "fall", "winter", "circa",
}
# "18-to-45", "mid-30": a hyphen after these words does not make a name.
_RANGE_WORDS = {"to", "and", "or", "mid", "late", "early", "high", "low", "upper", "lower"}
_AGE_WORDS = {"aged", "age", "ages"}
# What may stand between a count and a denied number that takes its unit ("38 years, not 40").
_DENIAL_LINKS = {",", ";", "not", "rather", "than", "instead", "of"}
_UNIT_ALIASES = {
    "cm": "centimetre", "centimeter": "centimetre", "mm": "millimetre", "millimeter": "millimetre",
    "km": "kilometre", "kilometer": "kilometre", "kg": "kilogram", "kilo": "kilogram",
    "metre": "metre", "meter": "metre", "ft": "foot", "mi": "mile", "yr": "year", "hr": "hour",
    "min": "minute", "sec": "second", "storey": "story", "mph": "mph",
}
_ATTACHED_UNITS = {
    "cm", "mm", "km", "kg", "ft", "mi", "yr", "yrs", "hr", "hrs", "mph", "gb", "mb", "tb", "kw", "mw", "gw",
}
_GENERIC_UNIT_WORDS = {
    "more", "new", "extra", "additional", "other", "further", "fewer", "less", "different",
    "such", "total", "whole", "entire", "each", "every", "same", "only", "just", "straight",
    "consecutive", "full", "last", "first", "next", "previous", "past",
}
_STOPWORDS = set(
    """a about above after again against all almost also am an and any are around as at be because
    been before being below between both but by can could did do does doing down during each even
    ever every few for from further had has have having he her here hers him his how i if in into is
    it its itself just least less may me might more most much must my near nearly no nor not now of
    off on once one only or other our ours out over own per percent percentage cent pct point points
    rather roughly same she should so some such than that the their theirs them then there these
    they this those through to too under until up upon us very was we were what when where which
    while who whom why will with would you your yours said says say saying told tells according
    claimed claims stated states wrote noted added reported shows show showed found finds about
    approximately estimated million billion thousand trillion hundred dozen times time also however
    still yet since ago via vs versus its it's that's there's theres thats dont doesnt didnt isnt
    wasnt arent werent cant wont among across within without throughout toward towards including
    despite amid beyond besides like unlike onto behind beside near instead""".split()
) | set(_MONTHS) | set(_SMALL) | set(_TENS)
# Verbs that attribute a statement to someone ("X said that ..."); "according
# to" is left out because it usually names the source of the evidence.
_REPORTING_VERBS = {"said", "says", "say", "claimed", "claims", "stated", "told", "argued", "asserted", "tweeted"}

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(']*[A-Z0-9])|\n+")
# A full stop after these is not the end of a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "st", "no", "vs", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "co", "corp", "lt", "col", "capt",
    "prof", "jr", "sr", "ga", "fla", "calif", "approx", "est", "fig", "u", "s",
}
_QUOTE_MARKS = "\"“”"
_TIME_OF_DAY = re.compile(r"(\d{1,2})[.:](\d\d)\s?([ap])\.?m\b\.?|(\d{1,2})\s?([ap])\.?m\b\.?", re.IGNORECASE)


@dataclass
class _Token:
    kind: str  # num, word, sym
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokenize(text: str) -> list[_Token]:
    return [_Token(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _attached(a: _Token, b: _Token) -> bool:
    return a.end == b.start


def normalise_word(word: str) -> str:
    """A crude stem: lower case, no quotes or hyphens, singular, no -ing/-ed."""
    word = word.lower().replace("’", "'").strip("'\"“”‘")
    word = word.removesuffix("'s").replace("-", "").replace("'", "")
    irregular = {
        "yearold": "age", "yearolds": "age", "yearsold": "age",
        "children": "child", "people": "person", "men": "man", "women": "woman", "feet": "foot",
        "lives": "life", "teeth": "tooth", "mice": "mouse", "data": "data", "media": "media",
    }
    if word in irregular:
        return irregular[word]
    word = _UNIT_ALIASES.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    return _UNIT_ALIASES.get(word, word)


# Extraction


@dataclass
class _Found:
    """A quantity being assembled; frozen into a Quantity at the end."""

    value: float | None
    kind: str
    first: int  # index of its first token (number, currency or spelled word)
    last: int  # index of its last token (scale, percent word, currency word)
    tolerance: float = 0.0
    currency: str | None = None
    percent_unit: str | None = None
    scale: float = 1.0
    month: int | None = None
    day: int | None = None
    decade: bool = False
    base: float | None = None  # the written number before any scale word
    unit_tokens: list[_Token] = field(default_factory=list)
    qualifier: str | None = None
    qualifier_start: int | None = None
    negated: bool = False
    age: bool = False


def _digits_value(text: str) -> tuple[float, float]:
    """Value and rounding tolerance of a digit string ("2,700" -> 2700, 50)."""
    plain = text.replace(",", "")
    value = float(plain)
    if "." in plain:
        decimals = len(plain.split(".")[1])
        return value, 0.5 * 10 ** -decimals
    stripped = plain.rstrip("0")
    zeros = len(plain) - len(stripped) if stripped else 0
    if zeros == 0:
        return value, 0.5
    return value, min(0.5 * 10**zeros, MAX_ROUNDING_TOLERANCE * value)


def _spelled_number(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """A number written in words starting at token i: value and last index."""
    words: list[str] = []
    j = i
    while j < len(tokens) and tokens[j].kind == "word":
        words.append(tokens[j].low)
        j += 1
        if len(words) > 4:
            break
    if not words:
        return None
    first = words[0]
    parts = first.split("-")
    value: float | None = None
    used = 1
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _SMALL:
        value = _TENS[parts[0]] + _SMALL[parts[1]]
    elif first in _SMALL:
        value = _SMALL[first]
    elif first in _TENS:
        value = _TENS[first]
        if len(words) > 1 and words[1] in _SMALL and 0 < _SMALL[words[1]] < 10:
            value += _SMALL[words[1]]
            used = 2
    elif first in ("a", "an", "one") and len(words) > 1 and (words[1] in ("hundred", "dozen") or words[1] in _SCALES):
        value = 1
    elif first == "one":
        value = 1  # kept only when a scale, percent or ratio follows (checked by the caller)
    if value is None:
        return None
    if used < len(words) and words[used] == "hundred":
        value *= 100
        used += 1
        if used + 1 < len(words) and words[used] == "and" and (words[used + 1] in _SMALL or words[used + 1] in _TENS):
            used += 1
        if used < len(words) and (words[used] in _SMALL or words[used] in _TENS):
            value += _SMALL.get(words[used], _TENS.get(words[used], 0))
            used += 1
    elif used < len(words) and words[used] == "dozen":
        value *= 12
        used += 1
    return float(value), i + used - 1


def _phrase_before(tokens: list[_Token], i: int, phrases) -> tuple[str, int] | None:
    """The phrase (of ``phrases``) that ends right before token i, if any."""
    for phrase, *rest in phrases:
        words = phrase.split()
        n = len(words)
        if i - n < 0:
            continue
        window = tokens[i - n:i]
        if all(tok.low == word for tok, word in zip(window, words)):
            return (rest[0] if rest else phrase), i - n
    return None


def _phrase_after(tokens: list[_Token], i: int, phrases) -> tuple[str, int] | None:
    for phrase, label in phrases:
        words = phrase.split()
        window = tokens[i + 1:i + 1 + len(words)]
        if len(window) == len(words) and all(tok.low == word for tok, word in zip(window, words)):
            return label, i + len(words)
    return None


def _is_year_number(tok: _Token) -> bool:
    return bool(re.fullmatch(r"(1[89]|20|21)\d\d", tok.text)) and 1800 <= int(tok.text) <= 2100


def _day_number(tok: _Token | None) -> int | None:
    if tok is not None and tok.kind == "num" and re.fullmatch(r"\d{1,2}", tok.text) and 1 <= int(tok.text) <= 31:
        return int(tok.text)
    return None


def _month_at(tokens: list[_Token], i: int) -> tuple[int, int] | None:
    """A month name at token i (with an abbreviation's full stop): month, last index."""
    if i >= len(tokens) or tokens[i].kind != "word" or tokens[i].low not in _MONTHS:
        return None
    last = i
    if i + 1 < len(tokens) and tokens[i + 1].text == "." and _attached(tokens[i], tokens[i + 1]):
        last = i + 1
    return _MONTHS[tokens[i].low], last


def _skip_ordinal(tokens: list[_Token], j: int) -> int:
    """Step over "st", "nd", "rd" or "th" written straight after a day."""
    if j + 1 < len(tokens) and tokens[j + 1].low in ("st", "nd", "rd", "th") and _attached(tokens[j], tokens[j + 1]):
        return j + 1
    return j


def _date_at(tokens: list[_Token], i: int) -> _Found | None:
    """Dates: "January 26, 2021", "26 January 2021", "May 2021", "Jan. 22", "2021-01-26"."""
    tok = tokens[i]
    month = _month_at(tokens, i)
    if month and tok.low in ("may", "march") and not tok.text[0].isupper():
        month = None  # the verbs
    if month:
        m, j = month
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        day = _day_number(nxt)
        if day is not None and not (nxt and _is_year_number(nxt)):
            k = _skip_ordinal(tokens, j + 1)
            after = k + 1
            if after < len(tokens) and tokens[after].text == ",":
                after += 1
            if after < len(tokens) and _is_year_number(tokens[after]):
                return _Found(float(tokens[after].text), DATE, i, after, month=m, day=day)
            return _Found(None, DATE, i, k, month=m, day=day)
        after = j + 1
        if after < len(tokens) and tokens[after].text == ",":
            after += 1
        if after < len(tokens) and _is_year_number(tokens[after]):
            return _Found(float(tokens[after].text), DATE, i, after, month=m)
        return None
    day = _day_number(tok)
    if day is not None:
        k = _skip_ordinal(tokens, i)
        if k + 1 < len(tokens) and tokens[k + 1].low == "of":
            k += 1
        month = _month_at(tokens, k + 1)
        if month and (tokens[k + 1].text[0].isupper()):
            m, j = month
            after = j + 1
            if after < len(tokens) and tokens[after].text == ",":
                after += 1
            if after < len(tokens) and _is_year_number(tokens[after]):
                return _Found(float(tokens[after].text), DATE, i, after, month=m, day=day)
            return _Found(None, DATE, i, j, month=m, day=day)
    if _is_year_number(tok) and i + 4 < len(tokens):
        dash1, mm, dash2, dd = tokens[i + 1:i + 5]
        if (dash1.text == "-" and dash2.text == "-" and mm.kind == "num" and dd.kind == "num"
                and re.fullmatch(r"\d\d", mm.text) and re.fullmatch(r"\d\d", dd.text)
                and 1 <= int(mm.text) <= 12 and 1 <= int(dd.text) <= 31
                and all(_attached(a, b) for a, b in zip(tokens[i:i + 4], tokens[i + 1:i + 5]))):
            return _Found(float(tok.text), DATE, i, i + 4, month=int(mm.text), day=int(dd.text))
    return None


def _decade_at(tokens: list[_Token], i: int) -> _Found | None:
    """"the 1970s", "the '70s", "the 70s"."""
    tok = tokens[i]
    if tok.kind != "num" or i + 1 >= len(tokens):
        return None
    suffix = tokens[i + 1]
    if suffix.low != "s" or not _attached(tok, suffix):
        return None
    if re.fullmatch(r"(18|19|20)\d0", tok.text):
        return _Found(float(tok.text), YEAR, i, i + 1, decade=True)
    if re.fullmatch(r"\d0", tok.text):
        prev = tokens[i - 1] if i > 0 else None
        apostrophe = prev is not None and prev.text in ("'", "’") and _attached(prev, tok)
        after_the = prev is not None and prev.low == "the"
        if apostrophe or after_the:
            first = i - 1 if apostrophe else i
            year = 1900 + int(tok.text)
            return _Found(float(year), YEAR, first, i + 1, decade=True)
    return None


def _number_at(tokens: list[_Token], i: int, text: str) -> _Found | None:
    """A count, percentage or amount starting at token i (a digit, a currency or a word)."""
    tok = tokens[i]
    first = i
    currency = None
    # Currency before the number: "$", "US$", "£", "Rs", "USD".
    if tok.kind == "sym" and tok.text in _CURRENCY_SYMBOLS:
        currency = _CURRENCY_SYMBOLS[tok.text]
        if i > 0 and tokens[i - 1].kind == "word" and _attached(tokens[i - 1], tok) and tok.text == "$":
            prefix = tokens[i - 1].low
            if prefix in _DOLLAR_PREFIXES:
                currency = _DOLLAR_PREFIXES[prefix]
                first = i - 1
        i += 1
        if i >= len(tokens):
            return None
        tok = tokens[i]
    elif tok.kind == "word" and tok.low in _CURRENCY_CODES:
        j = i + 2 if i + 1 < len(tokens) and tokens[i + 1].text == "." else i + 1  # "Rs. 500"
        if j >= len(tokens) or tokens[j].kind != "num":
            return None
        currency = _CURRENCY_CODES[tok.low]
        i, tok = j, tokens[j]

    spelled = False
    if tok.kind == "num":
        if re.fullmatch(r"0\d+", tok.text):
            return None  # "08": an abbreviated year or a code
        value, tolerance = _digits_value(tok.text)
        last = i
        # "700 000": thousands separated by a space.
        while (last + 1 < len(tokens) and tokens[last + 1].kind == "num"
               and re.fullmatch(r"\d{3}", tokens[last + 1].text)
               and re.fullmatch(r"\d{1,3}", tokens[i].text)
               and text[tokens[last].end:tokens[last + 1].start] in (" ", "\u00a0", "\u202f", "\u2009")):
            last += 1
        if last > i:
            joined = "".join(t.text for t in tokens[i:last + 1])
            value, tolerance = _digits_value(joined)
    else:
        spelled_number = _spelled_number(tokens, i)
        if spelled_number is None:
            return _fraction_at(tokens, i, first, currency)
        value, last = spelled_number
        tolerance = 0.5 if value % 10 else min(5.0, MAX_ROUNDING_TOLERANCE * value)
        spelled = True
        if tokens[i].low in ("a", "an"):
            tolerance = 0.0
    found = _Found(value, NUMBER, first, last, tolerance=tolerance, currency=currency, base=value)

    # Scale words: "3.5 million", "$700m", "Three thousand", "2.7 thousand".
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    if nxt is not None and nxt.kind == "word":
        scale = None
        if nxt.low in _SCALES:
            scale = _SCALES[nxt.low]
        elif nxt.low in _ATTACHED_SCALES and _attached(tokens[last], nxt) and not spelled:
            scale = _ATTACHED_SCALES[nxt.low]
        elif nxt.low == "hundred" and not spelled:
            scale = 100.0
        if scale:
            found.value, found.tolerance, found.scale = value * scale, tolerance * scale, scale
            if "." not in tokens[i].text:
                # "3 million" is rounded to the million, but read as at most 10% off
                found.tolerance = min(found.tolerance, MAX_ROUNDING_TOLERANCE * found.value)
            found.last = last = last + 1
    if tokens[i].low == "one" and found.scale == 1.0:
        # "one" alone is mostly a pronoun; keep it for "one in five" and "one per cent".
        after = tokens[last + 1].low if last + 1 < len(tokens) else ""
        if after not in ("in", "out", "per", "percent", "%"):
            return None
    found.last = last
    return _suffixes(tokens, found)


def _fraction_at(tokens: list[_Token], i: int, first: int, currency: str | None) -> _Found | None:
    """"half of", "a third of", "a quarter of a million", "a fifth of"."""
    tok = tokens[i]
    article = tok.low in ("a", "an", "one")
    j = i + 1 if article else i
    if j >= len(tokens) or tokens[j].low not in _FRACTIONS:
        return None
    frac = _FRACTIONS[tokens[j].low]
    if tokens[j].low in ("third", "quarter", "fifth", "tenth") and not article:
        return None  # "the third", "fifth": ordinals
    rest = [t.low for t in tokens[j + 1:j + 4]]
    if rest[:2] == ["of", "a"] and len(rest) > 2 and rest[2] in _SCALES:
        value = frac * _SCALES[rest[2]]
        return _Found(value, NUMBER, first, j + 3, tolerance=0.05 * value, currency=currency, base=value)
    if rest and rest[0] in ("of", "the", "their", "its", "all"):
        share = frac * 100
        return _Found(share, PERCENT, first, j, tolerance=0.05 * share, percent_unit="percent", base=share)
    return None


def _suffixes(tokens: list[_Token], found: _Found) -> _Found | None:
    """Percent and currency words after a number; ordinals and names are not quantities."""
    last = found.last
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    if nxt is not None:
        if nxt.text == "%":
            found.kind, found.percent_unit, found.last = PERCENT, "percent", last + 1
        elif nxt.low in ("percent", "pct"):
            found.kind, found.percent_unit, found.last = PERCENT, "percent", last + 1
        elif nxt.low == "per" and last + 2 < len(tokens) and tokens[last + 2].low in ("cent", "centum"):
            found.kind, found.percent_unit, found.last = PERCENT, "percent", last + 2
        elif nxt.low == "percentage" and last + 2 < len(tokens) and tokens[last + 2].low in ("point", "points"):
            found.kind, found.percent_unit, found.last = PERCENT, "points", last + 2
        elif nxt.low in _CURRENCY_WORDS and found.currency is None:
            found.kind, found.currency, found.last = MONEY, _CURRENCY_WORDS[nxt.low], last + 1
        elif nxt.low in ("cents", "cent") and found.currency is None:
            found.kind, found.currency, found.last = MONEY, "$", last + 1
            found.value /= 100
            found.tolerance /= 100
        elif nxt.low in ("st", "nd", "rd", "th") and _attached(tokens[last], nxt):
            return None  # an ordinal or a rank
        elif nxt.kind == "word" and _attached(tokens[last], nxt) and nxt.low not in _ATTACHED_UNITS and nxt.low != "s":
            return None  # "5G", "3D", "H1N1": names, not quantities
        elif (nxt.text in (":", "/") and last + 2 < len(tokens) and tokens[last + 2].kind == "num"
              and _attached(tokens[last], nxt)):
            return None  # a clock time, a score or "9/11"
    if found.currency is not None:
        found.kind = MONEY
    return found


def _unit_after(tokens: list[_Token], found: _Found, sentence_end: int) -> list[_Token]:
    """Up to three words after a count that say what it counts."""
    words: list[_Token] = []
    j = found.last + 1
    if j < len(tokens) and tokens[j].text in ("-", "–") and _attached(tokens[j - 1], tokens[j]):
        j += 1  # "15-minute", "33-storey"
    while j < len(tokens) and len(words) < 3 and tokens[j].start < sentence_end:
        tok = tokens[j]
        if tok.kind == "sym" and tok.text in ("\"", "“", "”", "'", "‘", "’"):
            j += 1
            continue
        if (tok.text in ("-", "–") and words and _attached(tokens[j - 1], tok) and j + 1 < len(tokens)
                and tokens[j + 1].kind == "num" and _attached(tok, tokens[j + 1])):
            j += 2  # "COVID-19 vaccines"
            continue
        if tok.kind != "word":
            break
        low = tok.low
        if low in _STOPWORDS and low not in ("times", "time") or low in _MONTHS:
            break
        words.append(tok)
        j += 1
    return words


def _qualifier(tokens: list[_Token], found: _Found) -> None:
    """Qualifiers and negations written around the number."""
    before = _phrase_before(tokens, found.first, _QUALIFIERS_BEFORE)
    start = found.first
    if before:
        found.qualifier, start = before
    else:
        # "70 percent or higher", "70 percent approval or higher"
        for gap in range(3):
            end = found.last + gap
            if end >= len(tokens) or gap and (tokens[end].kind != "word" or tokens[end].low in _STOPWORDS):
                break
            after = _phrase_after(tokens, end, _QUALIFIERS_AFTER)
            if after:
                found.qualifier = after[0]
                break
    negation = _phrase_before(tokens, start, [(phrase,) for phrase in _NEGATIONS])
    if negation:
        found.negated = True
    if before:
        found.qualifier_start = start


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence (of ``_sentence_spans``) that holds a character offset."""
    index = bisect_right(sentences, (offset, float("inf"))) - 1
    return sentences[index] if index >= 0 and offset < sentences[index][1] else (offset, offset + 1)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        word = re.search(r"([^\W\d_]+)\W*$", text[start:m.start()])
        if word and word.group(1).lower() in _ABBREVIATIONS and text[m.start() - 1] == ".":
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def _year_or_count(tokens: list[_Token], found: _Found) -> None:
    """A four-digit number between 1800 and 2100 is a year unless written as a count."""
    tok = tokens[found.first]
    if found.kind != NUMBER or found.scale != 1.0 or tok.kind != "num" or not _is_year_number(tok):
        return
    prev = tokens[found.first - 1].low if found.first > 0 else ""
    if found.qualifier in (MORE_THAN, LESS_THAN, ABOUT, NEARLY, JUST_OVER) and prev not in _YEAR_PREPOSITIONS:
        return  # "about 2000 people"
    found.kind = YEAR
    found.tolerance = 0.0


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of appearance."""
    tokens = _tokenize(text)
    sentences = _sentence_spans(text)
    times = {m.start(): m for m in _TIME_OF_DAY.finditer(text)}
    found_list: list[_Found] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        prev = tokens[i - 1] if i > 0 else None
        if tok.start in times and (prev is None or not _attached(prev, tok) or prev.kind == "sym"):
            found_list.append(_time_found(tokens, i, times[tok.start]))
            i = found_list[-1].last + 1
            continue
        if (tok.kind == "num" and re.fullmatch(r"\d\d", tok.text) and prev is not None and prev.text in ("-", "–")
                and found_list and found_list[-1].kind == YEAR and found_list[-1].last == i - 2
                and _attached(prev, tok)):
            # "2001-07", "2011-12": the second year of a range
            century = int(found_list[-1].value) // 100 * 100
            found_list.append(_Found(float(century + int(tok.text)), YEAR, i, i))
            i += 1
            continue
        if tok.kind == "num" and prev is not None and _attached(prev, tok) and (
            prev.kind == "word"
            or prev.text in ("-", "–") and i > 1 and tokens[i - 2].kind == "word" and _attached(tokens[i - 2], prev)
            and tokens[i - 2].low not in _RANGE_WORDS
            or prev.text in ("#", "/", ":")
        ):
            i += 1  # "COVID-19", "I-205", "#1", "9/11"
            continue
        if (tok.kind == "num" and prev is not None and prev.kind == "word"
                and prev.low in _IDENTIFIER_WORDS and prev.text[0].isupper()):
            i += 1  # "Section 122", "Act 10", "No. 2"
            continue
        if (tok.kind == "num" and prev is not None and prev.text == "." and i > 1
                and tokens[i - 2].low in _IDENTIFIER_WORDS and tokens[i - 2].text[0].isupper()):
            i += 1  # "No. 2", "Ga. 400"
            continue
        found = _date_at(tokens, i) or _decade_at(tokens, i)
        if found is None and (tok.kind in ("num", "word") or tok.text in _CURRENCY_SYMBOLS):
            found = _number_at(tokens, i, text)
        if found is None:
            # a number that is not a quantity (a time, an ordinal, "5G"): skip its tokens
            if tok.kind == "num":
                j = i + 1
                while j < len(tokens) and _attached(tokens[j - 1], tokens[j]) and tokens[j].kind != "sym":
                    j += 1
                i = j
            else:
                i += 1
            continue
        _qualifier(tokens, found)
        _year_or_count(tokens, found)
        before = [t.low for t in tokens[max(0, found.first - 2):found.first]]
        age = bool(before) and (before[-1] in _AGE_WORDS or before[0] in _AGE_WORDS and before[-1] == "of")
        if found.kind == NUMBER and age:
            found.kind, found.age = COUNT, True  # "aged 15", "ages 5 to 11", "the age of 6"
        elif found.kind == NUMBER:
            found.unit_tokens = _unit_after(tokens, found, _sentence_of(sentences, tokens[found.first].start)[1])
            if found.unit_tokens:
                found.kind = COUNT
        found_list.append(found)
        i = found.last + 1

    _share_across_ranges(tokens, found_list)
    _ratios(tokens, found_list)
    return [q for q in (_freeze(text, tokens, f) for f in found_list) if q is not None]


def _time_found(tokens: list[_Token], i: int, match: re.Match) -> _Found:
    """A time of day ("5.21 am", "7:21 p.m.", "6 pm"), as minutes after midnight."""
    hour = int(match.group(1) or match.group(4))
    minute = int(match.group(2) or 0)
    half = (match.group(3) or match.group(5)).lower()
    hour = hour % 12 + (12 if half == "p" else 0)
    last = i
    while last + 1 < len(tokens) and tokens[last + 1].end <= match.end():
        last += 1
    return _Found(float(hour * 60 + minute), TIME, i, last)


def _between(tokens: list[_Token], a: _Found, b: _Found, after_unit: bool = False) -> list[str]:
    """The words between two quantities (after the first one's unit words, if asked)."""
    start = a.last + 1
    if after_unit and a.unit_tokens:
        start = tokens.index(a.unit_tokens[-1]) + 1
    return [t.low for t in tokens[start:b.first]]


def _share_across_ranges(tokens: list[_Token], found: list[_Found]) -> None:
    """"8 to 10 percent", "11 and 12 million", "10 or 20 deaths": the first number
    takes the percent, scale, currency or unit written after the second."""
    for a, b in zip(found, found[1:]):
        link = _between(tokens, a, b)
        if link not in (["to"], ["-"], ["–"], ["or"], ["and"], ["through"], ["and", "up", "to"]):
            continue
        if a.kind in (YEAR, DATE) or b.kind in (YEAR, DATE):
            if a.kind == DATE and b.kind == DATE and a.value is None and b.value is not None:
                a.value = b.value  # "March 22 to April 4, 2021"
            continue
        if a.kind in (NUMBER, COUNT) and b.kind == PERCENT:
            a.kind, a.percent_unit = PERCENT, b.percent_unit
        if a.currency is None and b.currency is not None and a.kind in (NUMBER, COUNT, MONEY):
            a.kind, a.currency = MONEY, b.currency
        if b.scale > 1 and a.scale == 1 and a.base is not None and b.base is not None and a.base < b.base:
            a.value, a.tolerance, a.scale = a.base * b.scale, a.tolerance * b.scale, b.scale
        if a.kind == NUMBER and b.kind == COUNT:
            a.kind, a.unit_tokens, a.age = COUNT, b.unit_tokens, b.age
        elif a.kind == COUNT and a.age and b.kind == NUMBER:
            b.kind, b.age = COUNT, True
    for a, b in zip(found, found[1:]):
        link = _between(tokens, a, b)
        if (b.negated and a.kind == COUNT and b.kind == NUMBER
                and set(_between(tokens, a, b, after_unit=True)) <= _DENIAL_LINKS):
            b.kind, b.unit_tokens, b.age = COUNT, a.unit_tokens, a.age  # "38 years, not 40"
        if link in (["out", "of"], ["of"], ["of", "the"]) and a.kind in (NUMBER, COUNT) and b.kind in (NUMBER, COUNT):
            if not a.unit_tokens and b.unit_tokens:
                a.kind, a.unit_tokens = COUNT, b.unit_tokens
            elif a.unit_tokens and not b.unit_tokens:
                b.kind, b.unit_tokens = COUNT, a.unit_tokens


def _ratios(tokens: list[_Token], found: list[_Found]) -> None:
    """"1 in 10" and "one in five" are percentages (10%, 20%)."""
    for a, b in zip(found, found[1:]):
        if (_between(tokens, a, b) == ["in"] and a.kind in (NUMBER, COUNT) and b.kind in (NUMBER, COUNT)
                and not a.unit_tokens and a.value and b.value and a.value < b.value):
            a.kind, a.value, a.percent_unit = PERCENT, 100 * a.value / b.value, "percent"
            a.tolerance = 0.05 * a.value
            a.last = b.last
            a.unit_tokens = []
            b.kind = "absorbed"


def _freeze(text: str, tokens: list[_Token], f: _Found) -> Quantity | None:
    if f.kind == "absorbed":
        return None
    start = tokens[f.qualifier_start].start if f.qualifier_start is not None else tokens[f.first].start
    end = tokens[f.last].end
    unit_words = frozenset(
        form for tok in f.unit_tokens
        for form in _content_word(tok.text.strip("'\"“”‘’")) or {normalise_word(tok.text)}
        if form not in _GENERIC_UNIT_WORDS
    ) | frozenset(normalise_word(tok.text) for tok in f.unit_tokens if tok.low in _ATTACHED_UNITS)
    if f.age or "age" in unit_words or {"year", "old"} <= unit_words:
        f.kind = COUNT
        unit_words = frozenset({"age"})
    unit = None
    if f.kind == COUNT:
        unit = " ".join(tok.text.strip("'\"“”‘’") for tok in f.unit_tokens) or ("years old" if f.age else None)
    elif f.kind == PERCENT:
        unit = f.percent_unit
    elif f.kind == MONEY:
        unit = f.currency
    return Quantity(
        value=f.value,
        kind=f.kind,
        text=text[start:end],
        start=start,
        end=end,
        unit=unit,
        unit_words=unit_words if f.kind == COUNT else frozenset(),
        currency=f.currency if f.kind == MONEY else None,
        qualifier=f.qualifier if f.kind not in (YEAR, DATE, TIME) else None,
        negated=f.negated,
        tolerance=f.tolerance,
        month=f.month,
        day=f.day,
        decade=f.decade,
    )


# Comparison


def value_range(q: Quantity) -> tuple[float, float]:
    """The values a number stands for, given how it is written and qualified."""
    v = q.value or 0.0
    tol = max(q.tolerance, MIN_RELATIVE_TOLERANCE * abs(v))
    low, high = v - tol, v + tol
    if q.qualifier == ABOUT:
        spread = max(tol, ABOUT_SPREAD * abs(v))
        low, high = v - spread, v + spread
    elif q.qualifier == NEARLY:
        low, high = v - max(tol, NEARLY_SPREAD * abs(v)), v + min(tol, 0.01 * abs(v))
    elif q.qualifier == JUST_OVER:
        low, high = v - min(tol, 0.01 * abs(v)), v + max(tol, NEARLY_SPREAD * abs(v))
    elif q.qualifier == MORE_THAN:
        low, high = v * 0.99, high * MORE_THAN_REACH
    elif q.qualifier == LESS_THAN:
        low, high = low / LESS_THAN_REACH, v * 1.01
    return low, high


def _currencies_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return (a == "$" and b in _DOLLARS) or (b == "$" and a in _DOLLARS)


def comparable(c: Quantity, e: Quantity) -> bool:
    """Could these two numbers be about the same thing, judging by kind, currency and
    percent unit? (Counts are decided with their context by ``compare``.)"""
    if c.kind == TIME or e.kind == TIME:
        return c.kind == e.kind
    if c.kind in (YEAR, DATE) or e.kind in (YEAR, DATE):
        if not (c.kind in (YEAR, DATE) and e.kind in (YEAR, DATE)):
            return False
        if c.value is None or e.value is None:
            return c.month is not None and e.month is not None and c.day is not None and e.day is not None
        return True
    if c.kind == PERCENT or e.kind == PERCENT:
        return c.kind == e.kind and c.unit == e.unit
    if c.kind == MONEY or e.kind == MONEY:
        return c.kind == e.kind and _currencies_compatible(c.currency, e.currency)
    return True


def _units_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(_similar(x, y) for x in a for y in b)


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return fuzz.ratio(a, b) >= 88


def agrees(c: Quantity, e: Quantity) -> bool:
    """Do two comparable numbers agree, within rounding and their qualifiers?"""
    if c.kind in (YEAR, DATE):
        return _dates_agree(c, e)
    if c.kind == TIME:
        return abs((c.value or 0) - (e.value or 0)) <= 1
    c_low, c_high = value_range(c)
    e_low, e_high = value_range(e)
    return c_low < e_high and e_low < c_high


def _dates_agree(c: Quantity, e: Quantity) -> bool:
    if c.value is not None and e.value is not None:
        c_years = (c.value, c.value + 9) if c.decade else (c.value, c.value)
        e_years = (e.value, e.value + 9) if e.decade else (e.value, e.value)
        if c_years[1] < e_years[0] or e_years[1] < c_years[0]:
            return False
    if c.month is not None and e.month is not None and not (c.decade or e.decade):
        if c.month != e.month:
            return False
        if c.day is not None and e.day is not None and c.day != e.day:
            return False
    return True


@dataclass(frozen=True)
class _Located:
    """A quantity with the content words near it, and whether it only repeats the claim."""

    quantity: Quantity
    near: frozenset[str]
    restates_claim: bool


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _content_word(word: str) -> set[str]:
    """The normalised forms of a content word ("wait-list" gives waitlist, wait, list)."""
    low = word.lower()
    if low in _STOPWORDS or len(low) < 2:
        return set()
    forms = {normalise_word(low)}
    if "-" in low:
        forms |= {normalise_word(part) for part in low.split("-") if part not in _STOPWORDS and len(part) > 1}
    return {form for form in forms if form and form not in _STOPWORDS}


def _content_words(text: str) -> list[str]:
    """Normalised content words, in order."""
    return [form for m in _WORD.finditer(text) for form in sorted(_content_word(m.group()))]


def _near_words(
    text: str, q: Quantity, sentence: tuple[int, int], previous: Quantity | None, following: Quantity | None,
) -> frozenset[str]:
    """Content words that describe a number: within CONTEXT_WINDOW content words
    of it in its sentence, and no closer to the previous or following number of
    the sentence (only those two can be closer)."""
    start, end = sentence
    near: set[str] = set(q.unit_words)
    before_start = max(start, previous.end) if previous else start
    after_end = min(end, following.start) if following else end
    before = [m for m in _WORD.finditer(text, before_start, q.start) if _content_word(m.group())][::-1]
    after = [m for m in _WORD.finditer(text, q.end, after_end) if _content_word(m.group())]
    for m in before[:CONTEXT_WINDOW]:
        if previous is None or q.start - m.end() <= m.start() - previous.end:
            near |= _content_word(m.group())
    for m in after[:CONTEXT_WINDOW]:
        if following is None or m.start() - q.end <= following.start - m.end():
            near |= _content_word(m.group())
    return frozenset(near)


def _quotes_claim(text: str, q: Quantity, sentence: tuple[int, int], claim_text: str) -> bool:
    """Is the number inside quotation marks whose text quotes the claim?

    The quotation is the text between the nearest quotation marks on either
    side within the sentence; pairing marks over a whole text goes wrong as
    soon as one is stray.
    """
    start, end = max(sentence[0], q.start - QUOTE_REACH), min(sentence[1], q.end + QUOTE_REACH)
    before = max(text.rfind(mark, start, q.start) for mark in _QUOTE_MARKS)
    after = [pos for mark in _QUOTE_MARKS if (pos := text.find(mark, q.end, end)) >= 0]
    if before < 0 or not after:
        return False
    quoted = text[before + 1:min(after)]
    if len(re.findall(r"[^\W\d_]{2,}", quoted)) < 2:
        return False
    return fuzz.partial_ratio(quoted.lower(), claim_text.lower()) >= QUOTE_SIMILARITY


def _locate(text: str, quantities: list[Quantity], claim_text: str | None = None) -> list[_Located]:
    """Attach context to each quantity; with ``claim_text``, mark those that only repeat the claim.

    A number repeats the claim when it sits inside a quotation of the claim, or
    in a sentence that attributes the claim to someone ("X said that ...")
    and contains most of the claim's content words.
    """
    sentences = _sentence_spans(text)
    claim_words = set(_content_words(claim_text)) if claim_text else set()
    by_sentence: dict[tuple[int, int], list[Quantity]] = {}
    for q in quantities:
        by_sentence.setdefault(_sentence_of(sentences, q.start), []).append(q)
    attributes_claim: dict[tuple[int, int], bool] = {}
    located = []
    position = {id(q): i for qs in by_sentence.values() for i, q in enumerate(qs)}
    for q in quantities:
        sentence = _sentence_of(sentences, q.start)
        restates = bool(claim_text) and _quotes_claim(text, q, sentence, claim_text)
        if claim_words and not restates:
            if sentence not in attributes_claim:
                attributes_claim[sentence] = _attributes_claim(text[sentence[0]:sentence[1]], claim_words)
            restates = attributes_claim[sentence]
        neighbours, i = by_sentence[sentence], position[id(q)]
        previous = neighbours[i - 1] if i > 0 else None
        following = neighbours[i + 1] if i + 1 < len(neighbours) else None
        located.append(_Located(q, _near_words(text, q, sentence, previous, following), restates))
    return located


def _attributes_claim(sentence: str, claim_words: set[str]) -> bool:
    """Does the sentence attribute the claim to someone ("X said that ...")?"""
    if not set(re.findall(r"[a-z]+", sentence.lower())) & _REPORTING_VERBS:
        return False
    words = set(_content_words(sentence))
    coverage = sum(1 for w in claim_words if any(_similar(w, x) for x in words)) / len(claim_words)
    return coverage >= RESTATEMENT_COVERAGE


def _shared_words(a: frozenset[str], b: frozenset[str]) -> int:
    return sum(1 for w in a if any(_similar(w, x) for x in b))


def _relatedness(c: _Located, e: _Located) -> int:
    """How many content words near the two numbers are shared (units count double)."""
    shared = _shared_words(c.near, e.near)
    if c.quantity.unit_words and e.quantity.unit_words and _units_overlap(c.quantity.unit_words, e.quantity.unit_words):
        shared += 2
    return shared


def _comparable(c: _Located, e: _Located) -> bool:
    """Kinds and units allow comparing the claim's number with the excerpt's.

    A count of the claim compares with an excerpt number when the claim's unit
    words are among the excerpt number's unit or neighbouring words ("17 Israeli
    officials" with "20 appearances by Israeli public officials"); a bare number
    of the claim with an excerpt count when the count's unit is near it.
    """
    cq, eq = c.quantity, e.quantity
    if not comparable(cq, eq):
        return False
    if cq.kind == COUNT and eq.kind in (COUNT, NUMBER):
        return _units_overlap(cq.unit_words, e.near)
    if cq.kind == NUMBER and eq.kind == COUNT:
        return _units_overlap(eq.unit_words, c.near)
    return True


def compare(claim_text: str, excerpts: Sequence[str]) -> Comparison:
    """Pair every number of the claim with each excerpt's numbers and judge them.

    Returns one Verdict per (claim number, excerpt). Numbers the claim itself
    denies ("from 2018, not 2022") are not compared.
    """
    claim_qs = [q for q in extract_quantities(claim_text) if not q.negated]
    if not claim_qs:
        return Comparison(())
    claim_located = _locate(claim_text, claim_qs)
    verdicts: list[Verdict] = []
    for index, excerpt in enumerate(excerpts):
        excerpt_located = _locate(excerpt or "", extract_quantities(excerpt or ""), claim_text)
        verdicts.extend(_judge_excerpt(claim_located, excerpt_located, index))
    return Comparison(tuple(claim_qs), tuple(verdicts))


def _judge_excerpt(claim: list[_Located], excerpt: list[_Located], index: int) -> list[Verdict]:
    pairs = {
        (ci, ei): agrees(c.quantity, e.quantity)
        for ci, c in enumerate(claim)
        for ei, e in enumerate(excerpt)
        if _comparable(c, e)
    }
    # An excerpt number that agrees with one claim number is about that thing,
    # so it cannot contradict another claim number.
    explained = {ei for (ci, ei), ok in pairs.items() if ok and not excerpt[ei].quantity.negated}
    verdicts = []
    for ci, c in enumerate(claim):
        candidates = [(ei, pairs[(ci, ei)]) for ei in range(len(excerpt)) if (ci, ei) in pairs]
        denials = [ei for ei, ok in candidates if ok and excerpt[ei].quantity.negated]
        agreeing = [ei for ei, ok in candidates if ok and not excerpt[ei].quantity.negated]
        firm = [ei for ei in agreeing if not excerpt[ei].restates_claim]
        open_candidates = [
            ei for ei, ok in candidates
            if not ok and ei not in explained and not excerpt[ei].restates_claim and not excerpt[ei].quantity.negated
        ]
        disagreeing = [ei for ei in open_candidates if _related_enough(c, excerpt[ei], len(open_candidates))]

        def best(indexes: list[int]) -> Quantity:
            return excerpt[max(indexes, key=lambda ei: _relatedness(c, excerpt[ei]))].quantity

        if denials:
            verdicts.append(Verdict(c.quantity, index, MISMATCH, best(denials), "the excerpt denies this number"))
        elif firm:
            verdicts.append(Verdict(c.quantity, index, MATCH, best(firm), "same value"))
        elif disagreeing:
            verdicts.append(Verdict(c.quantity, index, MISMATCH, best(disagreeing), "different value"))
        elif agreeing:
            verdicts.append(
                Verdict(c.quantity, index, MATCH, best(agreeing), "same value, where the excerpt repeats the claim")
            )
        else:
            verdicts.append(Verdict(c.quantity, index, NOT_MENTIONED, None, "no comparable number"))
    return verdicts


def _related_enough(c: _Located, e: _Located, open_count: int) -> bool:
    """Is an excerpt number about the same thing as a claim number?"""
    if _relatedness(c, e) > 0:
        return True
    # The only remaining amount, percentage or number in an excerpt chosen as
    # evidence for the claim is taken to be about the claim's; years and times
    # are too often about something else (when a photo was taken, when a story
    # appeared), so they need shared words.
    return open_count == 1 and c.quantity.kind in (MONEY, PERCENT, NUMBER) and e.quantity.kind == c.quantity.kind


def describe(q: Quantity) -> str:
    """How to name a quantity in a message: its text, with the unit of a count."""
    if q.kind == COUNT and q.unit and q.unit not in q.text:
        return f"{q.text} {q.unit}"
    return q.text
