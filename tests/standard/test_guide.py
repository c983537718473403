from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from bot.standard import guide
from bot.standard.guide import OPENING, QUESTIONS, questions
from bot.standard.sheet import CURRENT_EDITION

LEADING_OR_BLAMING = ("why didn't", "why did not", "did he force", "did they force", "did she force", "you should have")


def all_msgids() -> list[str]:
    return list(OPENING) + [q for qs in QUESTIONS.values() for q in qs]


@pytest.mark.parametrize("block", CURRENT_EDITION.blocks, ids=lambda b: b.id)
def test_every_block_has_three_to_five_questions(block):
    assert 3 <= len(questions(block.id)) <= 5


def test_guide_covers_exactly_the_sheet_blocks():
    assert set(QUESTIONS) == {block.id for block in CURRENT_EDITION.blocks}


def test_unknown_block_raises():
    with pytest.raises(KeyError):
        questions("nope")


def test_questions_are_single_questions():
    for question in (q for qs in QUESTIONS.values() for q in qs):
        assert question.endswith("?"), question
        assert question.count("?") == 1, question


def test_no_leading_or_blaming_questions():
    for question in (q for qs in QUESTIONS.values() for q in qs):
        lowered = question.lower().replace("’", "'")
        for pattern in LEADING_OR_BLAMING:
            assert pattern not in lowered, question


def test_opening_mentions_pausing_or_stopping():
    text = " ".join(OPENING).lower()
    assert "pause" in text and "stop" in text
    assert 2 <= len(OPENING) <= 3


def test_msgids_are_unique():
    ids = all_msgids()
    assert len(ids) == len(set(ids))


def test_every_msgid_is_extracted_by_babel():
    path = Path(guide.__file__)
    extracted = {
        message
        for _lineno, message, _comments, _context in extract_from_file("python", str(path), keywords={"N_": None})
    }
    assert set(all_msgids()) <= extracted
