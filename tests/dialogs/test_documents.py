"""The documents from the chat: chosen language, protect_content, the export audited, available again
from the case later."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from bot.demo.script import NARRATIVE, PERSON, VENUE, full_case, full_intake, tap
from tests.helpers import SPECIALIST_ID, normalize


def pdf_text(call) -> str:
    return normalize(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(call.document.data)).pages))


async def test_all_documents_are_sent_protected_in_the_interface_language(make_bot_client, store):
    user = make_bot_client()
    await user.run(full_case("ru"), "ru")
    sent = user.bot.documents
    assert [re.sub(r"-\d{4}-\d{4}", "", d.document.filename) for d in sent] == [
        "annex1-ru.pdf",
        "annex2-ru.pdf",
        "annex8-ru.pdf",
    ]
    assert all(d.protect_content for d in sent)
    annex1, annex2, annex8 = (pdf_text(d) for d in sent)
    assert PERSON["surname"] in annex1 and "КОНФИДЕНЦИАЛЬНО" in annex1
    assert "Оценочный лист" in annex2 and "Общий результат" in annex2
    assert VENUE in annex8 and normalize(NARRATIVE[1]) in annex8
    exports = [e.detail for e in await store.audit_trail(1) if e.action == "document.export"]
    assert exports == ["annex1 ru, annex2 ru, annex8 ru"]  # one tap «All documents»: one audit row naming all three
    assert user.text.startswith("Документы дела")  # the menu comes back below the documents


async def test_document_language_is_chosen_apart_and_documents_come_again_from_the_case(make_bot_client, store):
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    await user.tap("📄 Documents")
    assert "Document language: English" in user.text
    await user.tap("Қазақша")
    assert "Document language: Қазақша" in user.text
    await user.tap("📄 Evaluation sheet (Annex 2)")
    (sheet,) = user.bot.documents
    assert sheet.document.filename.endswith("-kk.pdf") and "БАҒАЛАУ ПАРАҒЫ" in pdf_text(sheet).upper()
    assert "📄 Report (Annex 8)" not in user.buttons  # no report written yet
    # later, from the menu: recent cases → the case → documents
    await user.send("/start")
    await user.tap("🗂 Recent cases")
    await user.tap(f"{(await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)).number}")
    assert "Report (Annex 8): not written yet" in user.text
    await user.tap("📄 Documents")
    await user.tap("📄 Application (Annex 1)")
    assert len(user.bot.documents) == 2 and user.bot.documents[-1].protect_content


async def test_no_documents_after_a_refused_consent(make_bot_client):
    user = make_bot_client()
    steps = full_intake("en")
    consent = steps.index(tap("✅ Consents, and has said in their own words to what"))
    await user.run([*steps[:consent], tap("❌ The person refuses"), tap("Record the refusal")], "en")
    assert "📄 Documents" not in user.buttons and "📝 Write the report (Annex 8)" not in user.buttons


async def test_dialogs_opened_in_the_same_second_keep_their_own_state(make_bot_client, store, monkeypatch):
    """aiogram-dialog's own dialog ids are the current second plus one of only 100 numbers: a dialog opened in the
    same second as the one below it got its id once in a hundred, and closing it lost both ("⬅ Back" → "This
    button is no longer active"). Forced to the worst case (the same number every time), the case card, its
    documents and the way back still work: the bot draws its own ids (bot/app.py)."""
    monkeypatch.setattr("aiogram_dialog.api.entities.stack.new_int_id", lambda: 4242)
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    await user.send("/start")
    await user.tap("🗂 Recent cases")
    number = (await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)).number
    await user.tap(number)
    card = user.text
    await user.tap("📄 Documents")
    await user.tap("📄 Evaluation sheet (Annex 2)")
    await user.tap("⬅ Back")
    assert user.text == card and "📄 Documents" in user.buttons
    await user.tap("⬅ Back")
    assert any(button.startswith(number) for button in user.buttons)  # the list it was opened from
