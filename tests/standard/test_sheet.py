"""Annex 2 as data: the rows, their numbers, and the points."""

from dataclasses import replace

from bot.standard.sheet import (
    CURRENT_EDITION,
    Answer,
    block_totals,
    total_result,
    unanswered,
)


def test_the_sheet_has_the_annex_2_rows():
    edition = CURRENT_EDITION
    assert [b.id for b in edition.blocks] == ["purpose", "actions", "means", "harm"]
    assert [b.number for b in edition.blocks] == [1, 7, 20, 28]  # the block headings
    numbers = {b.id: [r.number for r in b.rows] for b in edition.blocks}
    assert numbers == {
        "purpose": list(range(2, 7)),
        "actions": list(range(8, 20)),
        "means": list(range(21, 28)),
        "harm": list(range(29, 33)),
    }
    assert len(edition.rows) == 28
    assert len({r.id for r in edition.rows}) == 28  # ids are unique and stable
    assert edition.row("actions.sale").number == 8


def test_one_point_per_present_row_nothing_for_absent_or_not_established():
    edition = CURRENT_EDITION
    answers = {
        "purpose.labour": Answer.PRESENT,
        "purpose.sexual": Answer.NOT_ESTABLISHED,
        "actions.recruitment": Answer.PRESENT,
        "actions.transfer": Answer.PRESENT,
        "means.weapons": Answer.ABSENT,
        "harm.grave": Answer.PRESENT,
    }
    assert block_totals(edition, answers) == {"purpose": 1, "actions": 2, "means": 0, "harm": 1}
    assert total_result(edition, answers) == 4
    assert len(unanswered(edition, answers)) == 22


def test_all_present_gives_28_and_none_gives_0():
    edition = CURRENT_EDITION
    everything = {r.id: Answer.PRESENT for r in edition.rows}
    assert block_totals(edition, everything) == {"purpose": 5, "actions": 12, "means": 7, "harm": 4}
    assert total_result(edition, everything) == 28
    assert total_result(edition, {}) == 0


def test_an_edition_can_weight_rows():
    weighted = replace(CURRENT_EDITION, weights={"harm.grave": 3, "means.violence": 2})
    answers = {"harm.grave": Answer.PRESENT, "means.violence": Answer.PRESENT, "harm.beatings": Answer.PRESENT}
    assert block_totals(weighted, answers) == {"purpose": 0, "actions": 0, "means": 2, "harm": 4}
    assert total_result(weighted, answers) == 6
