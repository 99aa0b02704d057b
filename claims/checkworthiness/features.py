"""Features of a sentence for check-worthiness: words (TF-IDF), named cues a person can read, and
sentence embeddings with their neighbours'.

Each cue has a name and a phrase; the model's reason for a score is built from the phrases of the
cues (and the words) that added most to that sentence's score. Context cues and the neighbour part
of the embedding features look at the sentences before and after in the same document, which helps
most on transcripts and articles alike.
"""

import re

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|%|\$|£|€")
_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s*%|\bper ?cent\b|\bpercentage\b", re.I)
_MONEY = re.compile(r"[$£€]\s*\d|\b\d[\d,.]*\s*(?:dollars|pounds|euros)\b|\b(?:billion|trillion|million)\b", re.I)
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|"
    r"trillion|half|third|quarter|dozens?|twice|double|triple)\b", re.I)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|higher|lower|than|increased?|decreased?|rose|risen|fell|fallen|grew|"
    r"grown|dropped|doubled|tripled|cut|raised?|up|down|largest|biggest|smallest|highest|lowest|"
    r"most|least|record|best|worst|only|first|never|ever)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(?:according to|said|says|reported|reports?|study|studies|survey|poll|data|statistics|"
    r"figures|estimates?|found|shows?|showed|census|bureau|office|department)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|passed|voted|signed|created|lost|killed|spent|"
                   r"\w{3,}ed)\b", re.I)
_LAW = re.compile(r"\b(?:law|bill|tax|taxes|budget|deficit|debt|jobs?|unemployment|economy|"
                  r"wages?|health ?care|insurance|crime|immigrants?|immigration|trade|deal|"
                  r"military|war|nuclear|energy|climate|emissions)\b", re.I)
_OPINION = re.compile(r"\b(?:i think|i believe|i feel|i hope|i want|we want|we will|we're going|"
                      r"we are going|i'm going|i will|let me|thank you|thanks)\b", re.I)
_SECOND_PERSON = re.compile(r"\b(?:you|your)\b", re.I)
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")

# Named cues in a fixed order (the model file stores coefficients in this order).
CUES = [
    ("number", "contains a number"),
    ("percent", "gives a percentage"),
    ("money", "mentions an amount of money"),
    ("year", "refers to a year"),
    ("number_word", "states a quantity in words"),
    ("comparison", "makes a comparison"),
    ("attribution", "attributes a statistic or finding"),
    ("past", "states a past fact"),
    ("policy", "is about a policy subject"),
    ("proper_noun", "names people, places or organisations"),
    ("opinion", "expresses an opinion or intention"),
    ("question", "is a question"),
    ("second_person", "addresses the listener"),
    ("short", "is very short"),
    ("long", "is long"),
    ("prev_number", "follows a sentence with a number"),
    ("next_number", "is followed by a sentence with a number"),
    ("prev_question", "answers a question"),
    ("neighbour_policy", "is in a passage about policy"),
]
CUE_NAMES = [name for name, _ in CUES]
CUE_PHRASES = dict(CUES)


def tokens(sentence: str) -> list[str]:
    """Lower-cased words and their bigrams, the TF-IDF vocabulary units."""
    words = _TOKEN.findall(sentence.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _own_cues(sentence: str) -> dict[str, float]:
    words = len(sentence.split())
    return {
        "number": float(bool(_NUMBER.search(sentence))),
        "percent": float(bool(_PERCENT.search(sentence))),
        "money": float(bool(_MONEY.search(sentence))),
        "year": float(bool(_YEAR.search(sentence))),
        "number_word": float(bool(_NUMBER_WORD.search(sentence))),
        "comparison": min(len(_COMPARISON.findall(sentence)), 3) / 3,
        "attribution": float(bool(_ATTRIBUTION.search(sentence))),
        "past": min(len(_PAST.findall(sentence)), 3) / 3,
        "policy": min(len(_LAW.findall(sentence)), 3) / 3,
        "proper_noun": min(len(_PROPER.findall(sentence)), 3) / 3,
        "opinion": float(bool(_OPINION.search(sentence))),
        "question": float(sentence.rstrip().endswith("?")),
        "second_person": float(bool(_SECOND_PERSON.search(sentence))),
        "short": float(words < 6),
        "long": min(words, 60) / 60,
    }


def cue_matrix(documents: list[list[str]]) -> np.ndarray:
    """Cue values, one row per sentence of the documents in order; columns follow ``CUE_NAMES``.

    Each document is a list of sentences in reading order; neighbours are taken within it.
    """
    rows = []
    for sentences in documents:
        own = [_own_cues(s) for s in sentences]
        for i, cues in enumerate(own):
            prev = own[i - 1] if i > 0 else None
            nxt = own[i + 1] if i + 1 < len(own) else None
            row = dict(cues)
            row["prev_number"] = prev["number"] if prev else 0.0
            row["next_number"] = nxt["number"] if nxt else 0.0
            row["prev_question"] = prev["question"] if prev else 0.0
            row["neighbour_policy"] = max(prev["policy"] if prev else 0.0, nxt["policy"] if nxt else 0.0)
            rows.append([row[name] for name in CUE_NAMES])
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(CUE_NAMES))


def embedding_matrix(documents: list[list[str]], vectors: np.ndarray) -> np.ndarray:
    """Each sentence's embedding next to the mean of its neighbours' (a missing neighbour is zero).

    ``vectors`` holds one embedding per sentence of the documents in order; the result has twice
    its width: the sentence's own vector, then (previous + next) / 2 within its document.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    context = np.zeros_like(vectors)
    start = 0
    for sentences in documents:
        end = start + len(sentences)
        own = vectors[start:end]
        if len(own) > 1:
            context[start + 1:end] += own[:-1] / 2
            context[start:end - 1] += own[1:] / 2
        start = end
    return np.hstack([vectors, context])
