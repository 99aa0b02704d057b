"""The dashboard's SVG geometry (claims/charts.py): scales, stacking, bars and the words
that describe each picture to a screen reader."""

from datetime import date

import pytest

from claims.charts import bar_chart, nice_ceiling, tick_step, timeline_chart

SERIES = [("unverified", "Unverified"), ("supported", "Supported"), ("refuted", "Refuted")]


@pytest.mark.parametrize(("value", "ceiling", "ticks"), [
    (0, 1, [0, 1]),
    (1, 1, [0, 1]),
    (2, 2, [0, 1, 2]),
    (3, 5, [0, 1, 2, 3, 4, 5]),
    (7, 10, [0, 2, 4, 6, 8, 10]),
    (11, 20, [0, 5, 10, 15, 20]),
    (37, 50, [0, 10, 20, 30, 40, 50]),
    (100, 100, [0, 25, 50, 75, 100]),
    (101, 200, [0, 50, 100, 150, 200]),
])
def test_scales_end_on_a_round_number_with_whole_ticks(value, ceiling, ticks):
    assert nice_ceiling(value) == ceiling
    assert list(range(0, ceiling + 1, tick_step(ceiling))) == ticks


def chart(stacks, line):
    weeks = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    return timeline_chart(weeks=weeks, stacks=stacks, series=SERIES, line=line, line_label="Verdicts published")


def test_columns_stack_each_status_from_the_baseline_in_series_order():
    timeline = chart([{"unverified": 1, "supported": 3}, {}, {"refuted": 5, "supported": 5}], [0, 2, 1])
    first, empty, third = timeline.columns
    assert [s.key for s in first.segments] == ["unverified", "supported"]
    assert [s.key for s in third.segments] == ["supported", "refuted"]
    assert empty.segments == [] and empty.total == 0
    # The scale tops at 10: five is half the plot's height, and segments sit on each other.
    plot_height = timeline.baseline - timeline.gridlines[-1][0]
    supported, refuted = third.segments
    assert supported.height == pytest.approx(plot_height / 2, abs=0.2)
    assert supported.y + supported.height == pytest.approx(timeline.baseline, abs=0.2)
    assert refuted.y + refuted.height == pytest.approx(supported.y, abs=0.2)
    assert [p.value for p in timeline.points] == [0, 2, 1]
    assert timeline.points[1].y < timeline.points[2].y < timeline.points[0].y == timeline.baseline
    assert timeline.line_path.startswith("M") and timeline.line_path.count("L") == 2
    assert [c.label for c in timeline.columns] == ["2 Nov", "9 Nov", "16 Nov"]
    assert supported.title == "Week of 16 Nov: 5 supported"
    assert not timeline.empty


@pytest.mark.parametrize(("stacks", "line", "description"), [
    ([{}, {}, {}], [0, 0, 0],
     "Claims logged each week from the week of 2 Nov to the week of 16 Nov, by their support status now, "
     "and verdicts published each week. Nothing was logged or published in these weeks."),
    ([{"unverified": 1, "supported": 2}, {}, {}], [0, 0, 1],
     "Claims logged each week from the week of 2 Nov to the week of 16 Nov, by their support status now, "
     "and verdicts published each week. Week of 2 Nov: 3 claims (1 unverified, 2 supported); 0 verdicts published. "
     "Week of 16 Nov: no claims; 1 verdict published."),
])
def test_the_timeline_is_described_in_words(stacks, line, description):
    timeline = chart(stacks, line)
    assert timeline.description == description
    assert timeline.empty == (not any(line) and not any(stacks))


def test_bars_share_one_scale_across_groups_and_say_their_numbers():
    bars = bar_chart(groups=[
        ("Claims by support status", [("supported", "Supported", 4), ("refuted", "Refuted", 0)]),
        ("Verdicts by state", [("draft", "Draft", 2)]),
    ])
    (claims, verdicts) = bars.groups
    supported, refuted = claims.bars
    (draft,) = verdicts.bars
    assert refuted.width == 0
    assert draft.width == pytest.approx(supported.width * 2 / 4, abs=0.1)
    assert supported.width == pytest.approx(bars.track_width * 4 / 5, abs=0.1)  # the scale tops at 5
    assert draft.y > refuted.y > supported.y and verdicts.y > refuted.y
    assert bars.height > draft.y + bars.bar_height
    assert bars.description == "Claims by support status: Supported 4, Refuted 0. Verdicts by state: Draft 2."
