"""The speaker a sentence names, suggested as a new claim's claimant (claims.attribution)."""

import pytest

from claims.attribution import speaker_of

ARTICLE = (
    "Riverton Mayor Ana Delgado opened the new shelter on Monday. "
    "\"We cut street homelessness by 40 percent,\" said Ana Delgado. "
    "Delgado said the city would publish its count in May."
)


@pytest.mark.parametrize("sentence, speaker", [
    ("\"We cut street homelessness by 40 percent,\" said Ana Delgado.", "Ana Delgado"),
    ("“We cut street homelessness by 40 percent,” Ana Delgado said on Monday.", "Ana Delgado"),
    ("\"Crime is down,\" said the mayor, Ana Delgado, at the opening.", "Ana Delgado"),
    ("\"Crime is down,\" Delgado, the mayor, told reporters.", "Ana Delgado"),
    ("Delgado said the city would publish its count in May.", "Ana Delgado"),
    ("Riverton Mayor Ana Delgado said the shelter has 200 beds.", "Ana Delgado"),
    ("Sen. Tom Reyes claimed that taxes doubled in two years.", "Tom Reyes"),
    ("Unemployment fell to 3.1 percent in March, according to the Census Bureau.", "Census Bureau"),
    ("Unemployment fell to 3.1 percent, according to Marta de la Cruz.", "Marta de la Cruz"),
    ("“Is it true?” asked nobody, as Juan Pérez said later.", "Juan Pérez"),
    # No named speaker: nothing is suggested.
    ("The mayor said the shelter has 200 beds.", ""),
    ("\"We cut homelessness,\" she said.", ""),
    ("Critics said the numbers were wrong.", ""),
    ("Homelessness fell by 40 percent between 2023 and 2025.", ""),
])
def test_the_speaker_a_sentence_names(sentence, speaker):
    assert speaker_of(sentence, text=ARTICLE) == speaker


def test_a_bare_surname_takes_a_known_claimants_full_name_first():
    assert speaker_of("Reyes said taxes doubled.", known=["Ana Delgado", "Tom Reyes"]) == "Tom Reyes"
    assert speaker_of("Reyes said taxes doubled.") == "Reyes"
