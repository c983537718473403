"""What a reviewer of the conversation guide checks (CONVERSATION-REVIEW.md): the topics cover the sheet, the
questions are single, open and non-presuming, the opening says the limits of confidentiality, and every text the
person hears has a Russian and a Kazakh translation that keeps to the same rules.

The tests that take ``catalogs`` read locales/{ru,kk}/LC_MESSAGES/messages.po; /tmp/tr/check_guide.py runs the
same functions on catalogs built from the working translations before they are merged.
"""

from __future__ import annotations

import itertools
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from bot.standard import guide
from bot.standard.guide import (
    CHILD,
    CLOSING,
    CONFIDENTIALITY,
    CONFIDENTIALITY_MINOR,
    INTERPRETER_INTRO,
    RIGHTS,
    SPOKEN,
    TOPICS,
    WHAT_NEXT,
    WHO_AND_WHY,
    opening,
    questions,
    topics_for,
)
from bot.standard.sheet import CURRENT_EDITION

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("ru", "kk")

PRIMARY = tuple(q for topic in TOPICS for q in topic.questions)
FOLLOW_UPS = tuple(q for topic in TOPICS for q in topic.follow_ups)
ALL_QUESTIONS = PRIMARY + FOLLOW_UPS
SPECIALIST = tuple(topic.title for topic in TOPICS) + tuple(topic.note for topic in TOPICS if topic.note)


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


YES_NO_OPENERS = word_set("could did were was is are have has do does can would will had")
# Presuming, leading or blaming wording named in the review (problems 6 and 7).
PRESUMING = (
    "leave home",
    "left home",
    "the money you earned",
    "your journey",
    "this work",
    "what you were promised",
    "did he force",
    "did she force",
    "did they force",
    "why didn't",
    "why did not",
    "you should have",
    "you could have",
)
WHY = {
    "en": (r"\bwhy\b",),
    "ru": (r"\bпочему\b", r"\bзачем\b"),
    "kk": (r"\bнеге\b", r"\bне\s+үшін\b"),
}

# --- counting question words ---------------------------------------------------------------------------------------
# A primary question asks one thing, so it holds at most one question word. A question word that merely opens a
# subordinate clause ("what it was like WHEN you wanted…", «…о том, ЧТО с вами происходило») is not a second
# question, so each language counts only the words that can open a question of their own:
#
# en: a question word counts when it opens the text, or follows a punctuation mark (, ; : —) or a coordinating
#     conjunction (and, or, but), prepositions in between skipped ("…, and with whom…"). English sets off no
#     subordinate clause with a comma, so "Who arranged your journey and where you stayed?" counts two (who, and
#     where) while "What was it like when you wanted to go out, or to call someone?" counts one ("like when" is a
#     clause inside the question).
# ru: every question word counts, except one right after a comma (prepositions skipped: «…с тем, с кем…»). Russian
#     punctuation puts a comma before every subordinate clause, and such a clause opens with the conjunction «что»
#     or a relative word (кто, где, когда, как, какой…), neither of which asks anything; a second question after a
#     comma needs a conjunction («…, и где…») or a new sentence, which count. Indefinite pronouns (куда-то,
#     кто-нибудь) are one hyphenated word and never match. «Кто и как платил?» counts two.
# kk: every question word counts (with its case endings), except an indefinite one followed by да/де/та/те
#     («қандай да бір»). Kazakh marks an embedded question only by the verb's ending («не болып жатқанын»), which a
#     word count cannot see, so a primary question keeps to a single question word altogether.
EN_WH = frozenset({"who", "whom", "whose", "what", "where", "when", "how", "which", "why"})
EN_OPENS = frozenset({",", ";", ":", "—", "–", "and", "or", "but"})
EN_PREPOSITIONS = frozenset({"with", "about", "to", "for", "from", "in", "on", "at", "by", "of"})
RU_WH = word_set(
    "кто кого кому кем ком что чего чему чем где куда откуда когда как какой какая какое какие какого какую "
    "каким каком какими каких почему зачем сколько скольких чей чья чье чьи насколько отчего"
)  # written with е for ё: tokens() folds ё into е
RU_PREPOSITIONS = word_set("в во с со о об обо к ко у от до из за на по про для без при над под через")
KK_WH = word_set(
    "кім кімді кімге кімнен кімнің кіммен кімде кімдер не нені неге неден ненің немен неде несі нелер қайда "
    "қайдан қайдағы қайсы қайсысы қашан қашаннан қалай қандай неше нешінші қанша қаншалықты қаншама"
)
KK_INDEFINITE = frozenset({"да", "де", "та", "те"})
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[,;:—–]")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower().replace("ё", "е"))


def before(words: list[str], index: int, prepositions: frozenset[str]) -> str | None:
    """The token before words[index], prepositions skipped; None at the start."""
    index -= 1
    while index >= 0 and words[index] in prepositions:
        index -= 1
    return words[index] if index >= 0 else None


def question_words(text: str, language: str) -> list[str]:
    """The question words of ``text`` that can open a question of their own (see the rule above)."""
    words = tokens(text)
    found = []
    for i, word in enumerate(words):
        if language == "en" and word in EN_WH:
            previous = before(words, i, EN_PREPOSITIONS)
            if previous is None or previous in EN_OPENS:
                found.append(word)
        elif language == "ru" and word in RU_WH:
            if before(words, i, RU_PREPOSITIONS) != ",":
                found.append(word)
        elif language == "kk" and word in KK_WH and (i + 1 == len(words) or words[i + 1] not in KK_INDEFINITE):
            found.append(word)
    return found


@pytest.mark.parametrize(
    ("text", "language", "count"),
    [
        ("Who arranged your journey and where you stayed?", "en", 2),
        ("What was it like when you wanted to go out, or to call someone?", "en", 1),
        ("How did it compare with what you had been told?", "en", 1),
        ("Who arranged it, where did you stay?", "en", 2),
        ("Кто и как платил за дорогу и жильё?", "ru", 2),
        ("Кто ещё знал о том, что с вами происходило?", "ru", 1),
        ("Как было, если вы хотели куда-то выйти или кому-то позвонить?", "ru", 1),
        ("Что бывало с теми, кто там отказывался или не делал того, что им говорили?", "ru", 1),
        ("Кто вас встретил и где вы жили?", "ru", 2),
        ("С чего всё началось?", "ru", 1),
        ("Жол мен баспананың ақысын кім, қалай төледі?", "kk", 2),
        ("Сізбен не болып жатқанын тағы кім білді?", "kk", 2),
        ("Қандай да бір сұраққа жауап бергіңіз келмесе, айтыңыз.", "kk", 0),
    ],
)
def test_the_question_word_rule(text, language, count):
    assert len(question_words(text, language)) == count, question_words(text, language)


# --- the topics and the sheet ------------------------------------------------------------------------------------


def test_every_sheet_row_is_in_some_topic():
    covered = {row for topic in TOPICS for row in topic.rows}
    missing = [row.id for row in CURRENT_EDITION.rows if row.id not in covered]
    assert not missing


def test_no_topic_names_an_unknown_row():
    known = {row.id for row in CURRENT_EDITION.rows}
    for topic in TOPICS:
        assert topic.rows, topic.id
        assert set(topic.rows) <= known, (topic.id, set(topic.rows) - known)
        assert len(topic.rows) == len(set(topic.rows)), topic.id


def test_topics_follow_the_story_with_the_hardest_late():
    assert [topic.id for topic in TOPICS] == [
        "beginning",
        "journey",
        "daily_life",
        "money",
        "control",
        "violence",
        "health",
    ]
    assert len({topic.id for topic in TOPICS}) == len(TOPICS)
    for topic in TOPICS:
        assert topic.questions, topic.id
        assert topic.title.strip(), topic.id


@pytest.mark.parametrize("block", CURRENT_EDITION.blocks, ids=lambda b: b.id)
def test_every_block_has_a_view_of_the_topics(block):
    topics = topics_for(block.id)
    asked = questions(block.id)
    assert topics and asked
    row_ids = {row.id for row in block.rows}
    assert all(row_ids & set(topic.rows) for topic in topics)
    assert [t.id for t in TOPICS if row_ids & set(t.rows)] == [t.id for t in topics]
    primary = [q for t in topics for q in t.questions]
    assert list(asked[: len(primary)]) == primary  # the open questions first, in story order
    assert set(asked) == set(primary) | {q for t in topics for q in t.follow_ups}
    assert len(asked) == len(set(asked))


def test_unknown_block_raises():
    with pytest.raises(KeyError):
        questions("nope")
    with pytest.raises(KeyError):
        topics_for("nope")


def test_questions_are_single_questions():
    for question in ALL_QUESTIONS:
        assert question.endswith("?"), question
        assert question.count("?") == 1, question


def test_primary_questions_ask_one_thing():
    for question in PRIMARY:
        assert len(question_words(question, "en")) <= 1, question


def test_primary_questions_are_open():
    for question in PRIMARY:
        first = question.split()[0].lower()
        assert first not in YES_NO_OPENERS, question


def test_no_presuming_or_blaming_wording():
    for text in (*ALL_QUESTIONS, *SPOKEN):
        lowered = text.lower().replace("’", "'")
        for pattern in PRESUMING:
            assert pattern not in lowered, (pattern, text)


def test_what_would_help_is_asked_at_the_closing_not_in_a_topic():
    assert "What would help you most right now?" in CLOSING
    assert "What would help you most right now?" not in ALL_QUESTIONS
    assert "Where will you stay tonight? Is it safe?" in CLOSING


# --- the opening -----------------------------------------------------------------------------------------------------


def test_opening_for_an_adult_without_interpreter():
    texts = opening(minor=False, interpreter=False)
    for line in (*WHO_AND_WHY, *RIGHTS, guide.NO_DETAILS, *CONFIDENTIALITY, *WHAT_NEXT):
        assert line in texts, line
    assert not set(CHILD) & set(texts)
    assert CONFIDENTIALITY_MINOR not in texts and INTERPRETER_INTRO not in texts
    assert texts[0] == WHO_AND_WHY[0] and texts[-1] == WHAT_NEXT[-1]
    # In M3's order: who and why, rights, no need for every detail, confidentiality, what happens next.
    order = [texts.index(line) for line in (WHO_AND_WHY[0], RIGHTS[0], guide.NO_DETAILS, CONFIDENTIALITY[0])]
    assert order == sorted(order) and order[-1] < texts.index(WHAT_NEXT[0])


def test_opening_for_a_child_with_an_interpreter():
    texts = opening(minor=True, interpreter=True)
    assert set(CHILD) <= set(texts) and CONFIDENTIALITY_MINOR in texts
    assert INTERPRETER_INTRO in opening(minor=False, interpreter=True)
    assert texts.index(WHO_AND_WHY[-1]) < texts.index(INTERPRETER_INTRO) < texts.index(RIGHTS[0])
    assert texts.index(CONFIDENTIALITY[-1]) < texts.index(CONFIDENTIALITY_MINOR) < texts.index(WHAT_NEXT[0])


def test_opening_parts_are_separated_by_blank_lines():
    texts = opening(minor=True, interpreter=True)
    assert texts.count("") == 5  # six parts: who and why, interpreter, rights, details, confidentiality, next
    assert texts[0] and texts[-1]
    assert all(a or b for a, b in itertools.pairwise(texts))  # never two blank lines in a row


def test_who_and_why_has_both_placeholders():
    fields = {name for _, name, _, _ in string.Formatter().parse(WHO_AND_WHY[0]) if name}
    assert fields == {"name", "organization"}
    for line in opening(minor=True, interpreter=True):
        line.format(name="Айгүл", organization="Шаңырақ")  # the dialog formats every line of the opening


def test_confidentiality_states_its_limits():
    text = " ".join(CONFIDENTIALITY).lower()
    assert "police" in text
    assert "in writing" in text and "agree" in text
    assert "department for employment and social programmes" in text
    assert "application" in text
    assert "guardianship authority" in CONFIDENTIALITY_MINOR
    assert "What you tell me is confidential." not in SPOKEN
    assert not any(line.lower().startswith("what you tell me is confidential") for line in SPOKEN)


def test_what_happens_next_names_the_deadlines_and_promises_nothing():
    assert "cannot promise" in WHAT_NEXT[0]
    for text in (WHAT_NEXT[0], CLOSING[4]):
        assert "one working day" in text and "three working days" in text, text
    assert "…" not in CLOSING[4]
    assert CLOSING[-2].endswith(":") and "reach us" in CLOSING[-2]
    assert CLOSING[-1] == "Thank you for talking with me today."


# --- the msgids ------------------------------------------------------------------------------------------------------


def all_msgids() -> list[str]:
    return [*SPOKEN, *SPECIALIST]


def test_msgids_are_unique():
    ids = all_msgids()
    assert len(ids) == len(set(ids))
    assert set(ALL_QUESTIONS) <= set(SPOKEN)
    assert all(text.strip() for text in ids)


def test_every_msgid_is_extracted_by_babel():
    path = Path(guide.__file__)
    extracted = {
        message
        for _lineno, message, _comments, _context in extract_from_file("python", str(path), keywords={"N_": None})
    }
    assert set(all_msgids()) == extracted  # nothing missed, nothing marked that no public name holds


def test_no_why_in_english():
    for text in SPOKEN:
        for pattern in WHY["en"]:
            assert not re.search(pattern, text, re.IGNORECASE), text


# --- the translations ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    result = {}
    for language in LANGUAGES:
        with open(LOCALES / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
            result[language] = read_po(fh, locale=language)
    return result


def translated(catalogs: dict[str, Catalog], language: str, msgid: str) -> str:
    message = catalogs[language].get(msgid)
    assert message is not None, (language, "missing", msgid)
    assert not message.fuzzy, (language, "fuzzy", msgid)
    assert isinstance(message.string, str) and message.string.strip(), (language, "empty", msgid)
    return message.string


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_text_has_a_russian_and_kazakh_translation(catalogs):
    for msgid in all_msgids():
        for language in LANGUAGES:
            translated(catalogs, language, msgid)


def test_translations_keep_the_placeholders(catalogs):
    for msgid in all_msgids():
        for language in LANGUAGES:
            assert fields(translated(catalogs, language, msgid)) == fields(msgid), (language, msgid)
    for line in filter(None, opening(minor=True, interpreter=True)):
        for language in LANGUAGES:
            translated(catalogs, language, line).format(name="Айгүл", organization="Шаңырақ")


def test_kazakh_has_no_latin_letters(catalogs):
    for msgid in all_msgids():
        text = re.sub(r"\{\w+\}", "", translated(catalogs, "kk", msgid))
        assert not re.search(r"[A-Za-z]", text), text


def test_no_why_in_russian_or_kazakh(catalogs):
    for msgid in SPOKEN:
        for language in LANGUAGES:
            text = translated(catalogs, language, msgid)
            for pattern in WHY[language]:
                assert not re.search(pattern, text, re.IGNORECASE), (language, text)


def test_translated_questions_are_single_questions(catalogs):
    for msgid in ALL_QUESTIONS:
        for language in LANGUAGES:
            text = translated(catalogs, language, msgid)
            assert text.endswith("?") and text.count("?") == 1, (language, text)


def test_translated_primary_questions_ask_one_thing(catalogs):
    for msgid in PRIMARY:
        for language in LANGUAGES:
            text = translated(catalogs, language, msgid)
            assert len(question_words(text, language)) <= 1, (language, text, question_words(text, language))


def test_translated_primary_questions_are_open(catalogs):
    # Russian asks yes/no with the particle «ли»; Kazakh with ма/ме/ба/бе/па/пе before the question mark.
    for msgid in PRIMARY:
        assert not re.search(r"\bли\b", translated(catalogs, "ru", msgid)), msgid
        assert not re.search(r"\b(ма|ме|ба|бе|па|пе)\?$", translated(catalogs, "kk", msgid)), msgid


def test_spoken_register_is_plain_and_polite(catalogs):
    # Problem 15: «разговор»/«әңгіме» in speech, not the documents' «беседа»/«әңгімелесу»; «вы»/«Сіз», except the
    # child version, which uses «ты»/«сен».
    informal = {
        "ru": r"\b(ты|тебя|тебе|тобой|твой|твоя|твоё|твои)\b",
        "kk": r"\b(сен|сені|саған|сенің|сенде|сенен|сенімен)\b",
    }
    for language, stiff in (("ru", r"\bбесед"), ("kk", r"әңгімелес")):
        for msgid in SPOKEN:
            text = translated(catalogs, language, msgid)
            assert not re.search(stiff, text, re.IGNORECASE), (language, text)
            if msgid not in CHILD:
                assert not re.search(informal[language], text, re.IGNORECASE), (language, text)
        assert any(re.search(informal[language], translated(catalogs, language, m), re.IGNORECASE) for m in CHILD)


# The limits of confidentiality as the Standard sets them, in the words each language uses: para 14 (the application
# and the sheet go to the district department), para 21 (internal affairs are told even when the person does not go
# to them), the note to Annex 8 (the report only on a written request and with written consent), para 19 (the
# guardianship authority for a child). No absolute promise of secrecy.
LIMITS = {
    "en": {"para 14": ("department", "application"), "para 21": ("police",), "Annex 8": ("in writing",)},
    "ru": {"para 14": ("отдел", "заявление"), "para 21": ("полици",), "Annex 8": ("письменно",)},
    "kk": {"para 14": ("бөлім", "өтініш"), "para 21": ("полиция",), "Annex 8": ("жазбаша",)},
}
GUARDIANSHIP = {"en": "guardianship authority", "ru": "орган опеки", "kk": "қорғаншылық"}
ABSOLUTE = {"en": "what you tell me is confidential", "ru": "конфиденциально", "kk": "бәрі құпия сақталады"}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_confidentiality_wording_states_its_limits_in_each_language(catalogs, language):
    def said(msgid: str) -> str:
        return (msgid if language == "en" else translated(catalogs, language, msgid)).lower()

    text = " ".join(said(line) for line in CONFIDENTIALITY)
    for paragraph, words in LIMITS[language].items():
        for word in words:
            assert word in text, (language, paragraph, word)
    assert GUARDIANSHIP[language] in said(CONFIDENTIALITY_MINOR)
    opening_text = " ".join(said(line) for line in opening(minor=True, interpreter=True) if line)
    assert ABSOLUTE[language] not in opening_text  # the old promise the procedure does not keep
    assert text in " ".join(said(line) for line in opening(minor=False, interpreter=False) if line)
