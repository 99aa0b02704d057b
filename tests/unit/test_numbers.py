"""Number extraction and comparison (evidence/numbers.py), table by table."""

import pytest

from evidence.numbers import (
    ABOUT, COUNT, DATE, LESS_THAN, MATCH, MISMATCH, MONEY, MORE_THAN, NEARLY, NOT_MENTIONED, NUMBER,
    PERCENT, TIME, YEAR, compare, extract_quantities,
)


def summary(text):
    return [(q.kind, q.value, q.text) for q in extract_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # thousands separators, decimals, scale words
        ("more than 2,700 look-ups", [(COUNT, 2700, "more than 2,700")]),
        ("700 000 learners", [(COUNT, 700_000, "700 000")]),
        ("a rate of 3.07 percent", [(PERCENT, 3.07, "3.07 percent")]),
        ("2.7 thousand look-ups", [(COUNT, 2700, "2.7 thousand")]),
        ("5 million people", [(COUNT, 5_000_000, "5 million")]),
        ("a quarter of a million jobs", [(COUNT, 250_000, "a quarter of a million")]),
        # money
        ("$3.5 billion", [(MONEY, 3.5e9, "$3.5 billion")]),
        ("after receiving $700m", [(MONEY, 7e8, "$700m")]),
        ("A$35.6 billion of projects", [(MONEY, 3.56e10, "A$35.6 billion")]),
        ("Rs. 500 crore", [(MONEY, 5e9, "Rs. 500 crore")]),
        ("40 cents of every dollar", [(MONEY, 0.4, "40 cents")]),
        # percentages, fractions and ratios
        ("27%", [(PERCENT, 27, "27%")]),
        ("27 percent", [(PERCENT, 27, "27 percent")]),
        ("27 per cent", [(PERCENT, 27, "27 per cent")]),
        ("Ninety-three per cent of children", [(PERCENT, 93, "Ninety-three per cent")]),
        ("nearly half of the children", [(PERCENT, 50, "nearly half")]),
        ("A fifth of children", [(PERCENT, 20, "A fifth")]),
        ("1 in 10 teachers", [(PERCENT, 10, "1 in 10")]),
        ("one in five adults", [(PERCENT, 20, "one in five")]),
        ("8 to 10 percent", [(PERCENT, 8, "8"), (PERCENT, 10, "10 percent")]),
        # spelled numbers
        ("two servers", [(COUNT, 2, "two")]),
        ("Fifteen tennis players", [(COUNT, 15, "Fifteen")]),
        ("twenty years", [(COUNT, 20, "twenty")]),
        ("Three thousand felons", [(COUNT, 3000, "Three thousand")]),
        # years, decades, dates and times
        ("registered in 2009", [(YEAR, 2009, "2009")]),
        ("in the 1970s", [(YEAR, 1970, "1970s")]),
        ("from 2001-07", [(YEAR, 2001, "2001"), (YEAR, 2007, "07")]),
        ("on January 26, 2021.", [(DATE, 2021, "January 26, 2021")]),
        ("on 26 January 2021", [(DATE, 2021, "26 January 2021")]),
        ("in November 2020", [(DATE, 2020, "November 2020")]),
        ("on May 17,2020", [(DATE, 2020, "May 17,2020")]),
        ("on Sept. 7, 2012", [(DATE, 2012, "Sept. 7, 2012")]),
        ("on 2021-01-26", [(DATE, 2021, "2021-01-26")]),
        ("at 5.21 am", [(TIME, 5 * 60 + 21, "5.21 am")]),
        ("at 7:21 p.m.", [(TIME, 19 * 60 + 21, "7:21 p.m.")]),
        # a four-digit count is not a year when written as one
        ("about 2000 people attended", [(COUNT, 2000, "about 2000")]),
        ("1,900 jobs", [(COUNT, 1900, "1,900")]),
        # not quantities
        ("one of the questions", []),
        ("COVID-19 vaccines", []),
        ("the first time, the 47th state", []),
        ("Section 122 of the constitution", []),
        ("after 9/11", []),
        ("a 5G tower", []),
        ("the 08 race", []),
        ("net zero emissions", []),
        ("#1 in worker deaths", []),
        ("you may march", []),
    ],
)
def test_extraction(text, expected):
    assert summary(text) == expected


def test_a_count_keeps_its_unit_words_and_qualifier():
    (quantity,) = extract_quantities("Two servers sent more than 2,700 “look-up” messages.")[1:]
    assert quantity.unit == "look-up messages"
    assert quantity.unit_words >= {"lookup", "message"}
    assert quantity.qualifier == MORE_THAN
    assert quantity.span == (17, 32)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("about 250 Texans", ABOUT),
        ("roughly 40 percent", ABOUT),
        ("nearly 3,000 people", NEARLY),
        ("almost $500 million", NEARLY),
        ("at least 47 states", MORE_THAN),
        ("over 40 percent", MORE_THAN),
        ("70 percent approval or higher", MORE_THAN),
        ("under 8 percent", LESS_THAN),
        ("up to $2,000 a year", LESS_THAN),
        ("fewer than 1 million people", LESS_THAN),
        ("exactly 2,700", None),
    ],
)
def test_qualifiers(text, qualifier):
    assert extract_quantities(text)[0].qualifier == qualifier


def test_ranges_share_scale_percent_and_unit():
    assert summary("between 11 and 12 million") == [(NUMBER, 11e6, "11"), (NUMBER, 12e6, "12 million")]
    first, second = extract_quantities("10 or 20 deaths a year")
    assert first.unit_words == second.unit_words == {"death"}


def test_ages_are_counts_of_age():
    assert all(q.unit_words == {"age"} for q in extract_quantities("people aged 15 to 65"))
    assert extract_quantities("18-to-45-year-olds")[-1].unit_words == {"age"}


def test_denied_numbers_are_marked():
    kept, denied = extract_quantities("it dropped 39%, not 44%")
    assert not kept.negated and denied.negated
    assert extract_quantities("far short of 100 percent")[0].negated


def verdicts(claim, excerpt):
    return [(v.claim.text, v.verdict, v.excerpt_quantity.text if v.excerpt_quantity else None)
            for v in compare(claim, [excerpt]).verdicts]


ALFA = "Computer logs show that two servers at Alfa Bank sent more than 2,700 “look-up” messages to a Trump server."


@pytest.mark.parametrize(
    ("claim", "excerpt", "expected"),
    [
        # the three examples
        ("Alfa Bank servers made more than 27,000 look-ups.", ALFA, [("more than 27,000", MISMATCH, "more than 2,700")]),
        ("Alfa Bank servers made 2,700 look-ups.", ALFA, [("2,700", MATCH, "more than 2,700")]),
        ("The server was registered in 2009.", "Cendyn registered the server in 2016.", [("2009", MISMATCH, "2016")]),
        # rounding and qualifiers
        ("It made 2.7 thousand look-ups.", "The logs record 2,700 look-ups.", [("2.7 thousand", MATCH, "2,700")]),
        ("Nearly 50% of voters agreed.", "49.6% of voters agreed.", [("Nearly 50%", MATCH, "49.6%")]),
        ("The rate is 42 percent.", "The rate is 41.5 percent.", [("42 percent", MATCH, "41.5 percent")]),
        ("It cost $35 billion.", "It cost $35.6 billion.", [("$35 billion", MATCH, "$35.6 billion")]),
        ("He is on the ballot in 50 states.", "He is on the ballot in at least 47 states.", [("50", MATCH, "at least 47")]),
        ("Less than 7% of the land was bought.", "About 8 percent of the land was bought.", [("Less than 7%", MISMATCH, "About 8 percent")]),
        ("Six countries allow it.", "Seven countries allow it.", [("Six", MISMATCH, "Seven")]),
        # same value, another unit: not comparable, so not a match
        ("Officials found 39 missing children.", "Officials made 39 arrests.", [("39", NOT_MENTIONED, None)]),
        # a year against a count: not comparable
        ("It created 2,000 jobs.", "The plant opened in 2000.", [("2,000", NOT_MENTIONED, None)]),
        # several numbers: each excerpt number is about one thing
        (
            "700 000 learners wrote their matric and only 120 000 passed",
            "Of the 704,021 learners who wrote the matric exams, 440,702 passed.",
            [("700 000", MATCH, "704,021"), ("120 000", MISMATCH, "440,702")],
        ),
        (
            "Georgia is nearly 50 percent Democratic but holds 32 percent of seats.",
            "Democratic representation is 32 percent.",
            [("nearly 50 percent", NOT_MENTIONED, None), ("32 percent", MATCH, "32 percent")],
        ),
        # dates at different precision
        ("The helicopter was shot down in May 2021.", "It was shot down on May 3, 2021.", [("May 2021", MATCH, "May 3, 2021")]),
        ("Floyd died in the 2020s.", "Floyd died on May 25, 2020.", [("2020s", MATCH, "May 25, 2020")]),
        # an explicit denial disagrees although the number appears
        ("The dollar has fallen 44% since 2002.", "Since 2002 the dollar dropped 39%, not 44%.", [("44%", MISMATCH, "44%"), ("2002", MATCH, "2002")]),
        # the claim's own denied number is not compared
        ("The photo is from 2018, not 2022.", "The photo was published in 2018.", [("2018", MATCH, "2018")]),
        # no comparable number in the excerpt
        ("Four people died.", "No deaths have been linked to the disease.", [("Four", NOT_MENTIONED, None)]),
    ],
)
def test_compare(claim, excerpt, expected):
    assert verdicts(claim, excerpt) == expected


def test_a_restatement_of_the_claim_does_not_vouch_for_its_number():
    claim = "Texas has 250 veterans' hospitals."
    excerpt = "Smith said Texas has 250 veterans' hospitals. State records list 88 veterans' hospitals."
    assert verdicts(claim, excerpt) == [("250", MISMATCH, "88")]
    # with nothing else to go on, the repeated number still counts as a match
    assert verdicts(claim, "Smith said Texas has 250 veterans' hospitals.") == [("250", MATCH, "250")]


def test_a_year_needs_shared_words_to_disagree():
    # 1964 is when another report appeared, and nothing ties it to the claim's year
    assert verdicts("The bridge opened in 1958.", "A 1964 report praised the design.") == [("1958", NOT_MENTIONED, None)]


def test_compare_gives_one_verdict_per_claim_number_and_excerpt():
    comparison = compare("Sales rose 5% in 2020.", ["Sales rose 5%.", "Sales fell 3% in 2020.", ""])
    assert [(v.excerpt_index, v.verdict) for v in comparison.verdicts] == [
        (0, MATCH), (0, NOT_MENTIONED), (1, MISMATCH), (1, MATCH), (2, NOT_MENTIONED), (2, NOT_MENTIONED),
    ]
    assert len(comparison.mismatches) == 1
    assert compare("No numbers here.", ["5%"]).verdicts == ()
