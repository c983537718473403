"""Anonymized statistics in the store, on SQLite and PostgreSQL: the counts of a seeded set of cases equal those
worked out by hand here, per breakdown and scope; small numbers hide; practice intakes never count; the monthly
totals the store keeps agree with the facts they come from."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.standard import clock
from bot.standard.lifecycle import Basis, Status
from bot.standard.sheet import Answer
from bot.standard.statistics import Period, ScopeKind
from bot.store import Forbidden

MONDAY = datetime(2027, 3, 8, 10, 0, tzinfo=clock.TZ)
YEAR = Period.year(date(2027, 1, 1))


async def intake(
    store,
    specialist,
    outcome: Status,
    *,
    sex="female",
    born="1995-05-05",
    rows=(),
    suggested=None,
    practice=False,
    basis=Basis.APPLICATION,
):
    case = await store.create_case(specialist, basis, practice=practice)
    if outcome is Status.DRAFT:
        return case
    if outcome is Status.CONSENT_REFUSED:
        return await store.set_consent(specialist, case.id, False)
    await store.set_consent(specialist, case.id, True)
    await store.set_person(
        specialist, case.id, surname="Zzyzxova", first_name="Qwertina", sex=sex, birth_date=born, citizenship="citizen"
    )
    if outcome is Status.MEDICAL_REFERRAL:
        return await store.refer_for_contraindications(specialist, case.id, ["infectious"])
    for position, row in enumerate(rows):
        await store.answer_row(specialist, case.id, row, Answer.PRESENT, position)
    verdict = outcome is Status.IDENTIFIED
    return await store.close_case(
        specialist, case.id, outcome, suggested=verdict if suggested is None else suggested, verdict=verdict
    )


@pytest.fixture
async def seeded(any_store, fake_clock):
    """Org A1 and A2 in district A, org B1 (three cases) in district B; one practice intake."""
    fake_clock.set(MONDAY)
    s = any_store
    a1 = await s.add_user(2001, "specialist", org="Synthetic Org A1", district="Synthetic District A")
    a2 = await s.add_user(2002, "specialist", org="Synthetic Org A2", district="Synthetic District A")
    b1 = await s.add_user(2003, "specialist", org="Synthetic Org B1", district="Synthetic District B")
    people = {
        "head": await s.add_user(2011, "head", org="Synthetic Org A1", district="Synthetic District A"),
        "officer": await s.add_user(2012, "officer", district="Synthetic District A"),
        "officer_b": await s.add_user(2013, "officer", district="Synthetic District B"),
        "admin": await s.add_user(2014, "admin"),
    }
    for n in range(4):
        rows = ("purpose.labour", "means.deception") if n < 2 else ("purpose.labour",)
        await intake(s, a1, Status.IDENTIFIED, rows=rows)
    await intake(s, a1, Status.NOT_IDENTIFIED, sex="male", rows=("means.deception",))
    await intake(s, a1, Status.NOT_IDENTIFIED, sex="male", suggested=True)  # the specialist overrode the sheet
    await intake(s, a1, Status.CONSENT_REFUSED)
    await intake(s, a1, Status.DRAFT)
    await intake(s, a1, Status.IDENTIFIED, rows=("purpose.sexual",), practice=True)
    for n in range(3):
        await intake(s, a2, Status.IDENTIFIED, born="2012-01-01" if n == 0 else "1990-01-01", rows=("purpose.labour",))
    await intake(s, a2, Status.MEDICAL_REFERRAL)
    for _n in range(3):
        await intake(s, b1, Status.IDENTIFIED, rows=("purpose.sexual",))
    return s, people


def figures(report, table_id):
    return {cell.key: cell.shown for cell in report.table(table_id).cells}


async def report_of(store, actor, period=YEAR):
    return await store.statistics(actor, await store.scope_of(actor), period)


async def test_the_head_counts_their_organization_only(seeded):
    store, people = seeded
    report = await report_of(store, people["head"])
    assert report.scope.kind is ScopeKind.ORGANIZATION and report.started == 8  # 4+2+1+1: not the practice intake
    outcome = figures(report, "outcome")
    assert outcome["identified"] == "<5" and outcome["not_identified"] == "<5"  # 4 and 2
    assert outcome["consent_refused"] == "<5" and outcome["in_progress"] == "<5"
    assert report.table("outcome").total_shown == "8"
    # the sheet's rows of the six verdicts: labour 4 (hidden), deception 3 (hidden), the practice's sexual none
    purpose = figures(report, "row.purpose")
    assert purpose["purpose.sexual"] == "0" and purpose["purpose.labour"] == "<5"
    assert report.table("verdict").total_shown == "6"
    assert figures(report, "verdict") == {"identified": "<5", "not_identified": "<5", "investigation": "0"}
    assert figures(report, "sex") == {"female": "<5", "male": "<5", "unknown": "0"}  # 4 and 2 of the 6 with details


async def test_the_officer_counts_their_district_with_each_organization(seeded):
    store, people = seeded
    report = await report_of(store, people["officer"])
    assert report.scope.kind is ScopeKind.DISTRICT and report.started == 12  # A1's 8 and A2's 4
    assert figures(report, "outcome")["identified"] == "7"  # 4 + 3
    # 4 + 3 of the 9 verdicts had labour: shown, the two without it could be worked out, so it hides as "*"
    assert figures(report, "row.purpose")["purpose.labour"] == "*"
    assert figures(report, "row.means")["means.deception"] == "<5"  # 3
    assert report.table("row.purpose").total_shown == "9"
    assert figures(report, "units.started") == {"Synthetic Org A1": "*", "Synthetic Org A2": "<5"}  # 8 and 4 of 12
    # 8, 2, and the zero beside the 2 hidden with it
    assert figures(report, "sex") == {"female": "8", "male": "<5", "unknown": "<5"}
    assert figures(report, "age") == {"minor": "<5", "adult": "9", "unknown": "<5"}  # one born in 2012
    # what is hidden cannot be worked out from the total: each partition hides none or at least two cells
    for table in report.tables:
        if table.partition and table.total is not None:
            assert sum(1 for cell in table.cells if cell.value is None) != 1, table.id


async def test_a_district_of_three_cases_gives_no_one_away(seeded):
    store, people = seeded
    report = await report_of(store, people["officer_b"])
    assert report.started == 3
    assert figures(report, "outcome")["identified"] == "<5"
    for table in report.tables:
        shown = [cell.shown for cell in table.cells]
        assert "3" not in shown and "1" not in shown and "2" not in shown, table.id
        if table.id != "outcome" and table.id != "basis" and table.id != "units.started":
            assert table.total_shown in ("<5", "0"), table.id  # the narrower totals hide too
    # the country's figures by district hide district B's three
    country = await report_of(store, people["admin"])
    # district A's 12 would give B's away as the country's 15 less 12: it hides too
    assert figures(country, "units.started") == {"Synthetic District A": "*", "Synthetic District B": "<5"}
    assert figures(country, "units.identified") == {"Synthetic District A": "*", "Synthetic District B": "<5"}
    assert country.started == 15  # the whole scope's own total is shown


async def test_scope_is_the_users_own_and_specialists_see_none(seeded):
    store, people = seeded
    other = await store.scope_of(people["officer_b"])
    with pytest.raises(Forbidden):
        await store.statistics(people["officer"], other, YEAR)
    specialist = await store.add_user(2099, "specialist", org="Synthetic Org A1", district="Synthetic District A")
    with pytest.raises(Forbidden):
        await store.scope_of(specialist)


async def test_reads_and_exports_are_audited_with_scope_and_period(seeded):
    store, people = seeded
    scope = await store.scope_of(people["officer"])
    await store.statistics(people["officer"], scope, YEAR, export="xlsx")
    await store.statistics(None, await store.scope_named(district="Synthetic District B"), YEAR, export="csv")
    async with store.engine.connect() as connection:
        import sqlalchemy as sa

        rows = (
            await connection.execute(sa.text("select user_id, action, detail from audit where action like 'stats.%'"))
        ).all()
    assert (
        people["officer"].id,
        "stats.export",
        f"export=xlsx scope=district:{scope.id} period=2027-01-01..2027-12-31",
    ) in [tuple(r) for r in rows]
    assert any(r[0] is None and "export=csv scope=district:" in r[2] for r in rows)


async def test_a_period_of_days_counts_as_its_months_do(seeded):
    store, people = seeded
    month = await report_of(store, people["officer"], Period.month(MONDAY.date()))
    days = await report_of(store, people["officer"], Period(date(2027, 3, 1), date(2027, 3, 20)))
    other_days = await report_of(store, people["officer"], Period(date(2027, 3, 9), date(2027, 4, 20)))
    assert [t.cells for t in month.tables] == [t.cells for t in days.tables]
    assert other_days.started == 0


async def test_the_monthly_totals_agree_with_the_facts_and_follow_deletions(seeded, fake_clock):
    store, people = seeded
    before = await report_of(store, people["admin"])
    await store.rebuild_statistics()  # adds the monthly totals up again from the facts alone
    assert [t.cells for t in (await report_of(store, people["admin"])).tables] == [t.cells for t in before.tables]
    fake_clock.set(MONDAY + timedelta(days=40))
    purged = await store.purge_stale_drafts(30)
    assert len(purged) == 2  # the unfinished intake and the practice one
    after = await report_of(store, people["admin"])
    assert after.started == before.started - 1


async def test_deadlines_met_and_missed(seeded, fake_clock):
    store, people = seeded
    a1 = await store.add_user(2021, "specialist", org="Synthetic Org A1", district="Synthetic District A")
    on_time = [await intake(store, a1, Status.IDENTIFIED) for _ in range(6)]
    for case in on_time:
        await store.forward(a1, case.id)  # the same day: within one working day (para 14)
    fake_clock.set(MONDAY + timedelta(days=7))
    report = await report_of(store, people["officer"])
    # the earlier seven identified in district A were never forwarded: a week on, their para 14 deadline is missed
    assert figures(report, "deadline.send_to_authorized_body") == {"met": "6", "missed": "7", "running": "0"}
    assert figures(report, "permit") == {"pending": "6", "refused": "0", "issued": "0", "agreement": "0"}
    assert figures(report, "deadline.permit_decision") == {"met": "0", "missed": "6", "running": "0"}
