"""``intake-bot stats export``: the country's (or an organization's, a district's) statistics of a period written to a
file as XLSX, CSV or the HTCDS per-case CSV, audited as an export of the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import Settings
from ..standard.statistics import Period

FORMATS = ("xlsx", "csv", "htcds")


def add_parser(sub: argparse._SubParsersAction, iso_date: object) -> None:
    stats = sub.add_parser("stats", help="anonymized statistics")
    stats_sub = stats.add_subparsers(dest="stats_command", required=True)
    export = stats_sub.add_parser("export", help="write the statistics of a period to a file (XLSX, CSV or HTCDS)")
    export.add_argument("--from", dest="start", required=True, type=iso_date, metavar="DATE", help="YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, type=iso_date, metavar="DATE", help="YYYY-MM-DD")
    export.add_argument("--format", required=True, choices=FORMATS)
    where = export.add_mutually_exclusive_group()
    where.add_argument("--org", metavar="NAME", help="one organization (default: the whole country)")
    where.add_argument("--district", metavar="NAME", help="one district (default: the whole country)")
    export.add_argument("--lang", choices=("kk", "ru", "en"), help="headers' language (default: DEFAULT_LOCALE)")
    export.add_argument("--out", required=True, type=Path, metavar="FILE")
    stats_sub.add_parser("rebuild", help="write the facts of cases that have none and add the monthly totals up again")


async def run(settings: Settings, args: argparse.Namespace) -> str:
    from ..app import open_store
    from ..i18n import load_catalogs

    store = await open_store(settings)
    try:
        if args.stats_command == "rebuild":
            written = await store.rebuild_statistics()
            return f"statistics rebuilt ({written} case(s) without facts written)"
        if args.end < args.start:
            raise ValueError("--to is before --from")
        period = Period(args.start, args.end)
        scope = await store.scope_named(org=args.org, district=args.district)
        lang = args.lang or settings.default_locale
        catalog = load_catalogs()[lang]
        if args.format == "htcds":
            from .htcds import to_htcds

            records = await store.case_records(scope, period)
            args.out.write_text(to_htcds(records), encoding="utf-8")
            return f"{len(records)} anonymized case record(s) written to {args.out} (HTCDS)"
        from .export import to_csv, to_xlsx

        report = await store.statistics(None, scope, period, export=args.format)
        if args.format == "xlsx":
            args.out.write_bytes(to_xlsx(report, catalog.gettext, lang))
        else:
            args.out.write_text(to_csv(report, catalog.gettext, lang), encoding="utf-8-sig")
        return f"statistics {period.start}..{period.end} ({scope.kind.value}) written to {args.out}"
    finally:
        await store.close()
