#!/usr/bin/env python3
"""Generates Sources/MarketData/ExchangeCalendarTables.swift: the New York exchanges' session
exceptions -- full-day closures and early closes -- for 2000 through 2035, for XNYS (New York
Stock Exchange) and XNAS (Nasdaq), one line per weekday that is not a regular 09:30-16:00
America/New_York session.

The table is computed here from the exchanges' published rules, not copied from a library:

* Regular holidays -- NYSE Rule 7.2 (Holidays) and the NYSE "Holidays and Trading Hours" page
  (https://www.nyse.com/markets/hours-calendars); Nasdaq's holiday schedule
  (https://www.nasdaqtrader.com/Trader.aspx?id=Calendar) lists the same days:
  New Year's Day (Jan 1), Martin Luther King Jr. Day (3rd Monday of January, from 1998),
  Washington's Birthday (3rd Monday of February), Good Friday, Memorial Day (last Monday of
  May), Juneteenth (June 19, from 2022), Independence Day (July 4), Labor Day (1st Monday of
  September), Thanksgiving Day (4th Thursday of November) and Christmas Day (Dec 25).
  Rule 7.2: a holiday on a Saturday closes the preceding Friday, one on a Sunday the following
  Monday, "unless unusual business conditions exist, such as the ending of a monthly or the
  yearly accounting period" -- which is why New Year's Day on a Saturday is not observed on
  Friday Dec 31 (Dec 31 of 2004, 2010 and 2021 were full sessions, as 2027 and 2032 will be).
* Early closes at 13:00 (the NYSE page's "early close" footnotes, announced each year):
  the day after Thanksgiving; Christmas Eve when it is a Monday-Thursday; and the trading day
  next to Independence Day -- July 3 when July 4 is a Tuesday, Wednesday or Friday; when July 4
  is a Thursday, Friday July 5 before 2013 (in range: 2002) and Wednesday July 3 from 2013 on
  (NYSE's announced 1:00 p.m. close on Wednesday July 3, 2013, the practice since).
* Unscheduled closures and one-off early closes announced by the exchanges, listed below
  with the reason they gave.

Regular sessions are 09:30-16:00 Monday-Friday; early closes are 13:00. Only weekdays in the
range appear in the table: a holiday on a weekend that is not observed is simply absent.

Second source: the PyPI package exchange_calendars, pinned at version 4.13.2
(`pip install exchange_calendars==4.13.2`). The script compares every weekday of 2000-2035 for
both exchanges (closed or not, and the close time of every early close, and that every session
opens at 09:30) and prints every difference. At 4.13.2 the two agree on every date: there are no
accepted differences (ACCEPTED_DIFFERENCES below is empty). Note that exchange_calendars
defines XNAS as an alias of XNYS, so for Nasdaq it is not an independent source; Nasdaq's own
schedule names the same holidays and early closes, and the unscheduled closures below were
observed by both markets.

Run:
    python3 Scripts/exchange_calendar_table.py            # writes the Swift file, then cross-checks
    python3 Scripts/exchange_calendar_table.py --check    # writes nothing; exits 1 on a difference
                                                          # or when the file on disk is stale
    python3 Scripts/exchange_calendar_table.py --sessions # also prints sessions per year (XNYS)

Generation needs only the standard library; exchange_calendars is needed only for the
cross-check. If it is missing, generation mode writes the file and warns that the cross-check
was skipped; --check says so and exits with status 2.

This is a dev-time tool: wfo never runs it; wfo is compiled with the generated Swift table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

FIRST_YEAR = 2000
LAST_YEAR = 2035
EXCHANGES = ("XNYS", "XNAS")
EXCHANGE_CALENDARS_VERSION = "4.13.2"
REGULAR_OPEN = "09:30"
REGULAR_CLOSE = "16:00"
EARLY_CLOSE = "13:00"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources", "MarketData", "ExchangeCalendarTables.swift")

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# Unscheduled full-day closures in range, observed by both NYSE and Nasdaq.
SPECIAL_CLOSURES = [
    # Markets stayed shut from the morning of the attacks until Monday, Sept. 17, 2001.
    (dt.date(2001, 9, 11), "September 11 attacks"),
    (dt.date(2001, 9, 12), "September 11 attacks"),
    (dt.date(2001, 9, 13), "September 11 attacks"),
    (dt.date(2001, 9, 14), "September 11 attacks"),
    # National days of mourning declared by the President; NYSE and Nasdaq announced closures.
    (dt.date(2004, 6, 11), "National day of mourning for President Reagan"),
    (dt.date(2007, 1, 2), "National day of mourning for President Ford"),
    # NYSE Euronext and Nasdaq closed for the storm on Oct. 29 and 30, 2012, reopening Oct. 31.
    (dt.date(2012, 10, 29), "Hurricane Sandy"),
    (dt.date(2012, 10, 30), "Hurricane Sandy"),
    (dt.date(2018, 12, 5), "National day of mourning for President George H. W. Bush"),
    (dt.date(2025, 1, 9), "National day of mourning for President Carter"),
]

# One-off early closes in range that no yearly rule produces.
SPECIAL_EARLY_CLOSES = [
    # NYSE closed at 1:00 p.m. on Friday Dec. 26, 2003, the day after Christmas (a one-off:
    # Friday Dec. 26, 2008 and 2014 were full sessions).
    (dt.date(2003, 12, 26), EARLY_CLOSE, "Day after Christmas"),
]

# Per-exchange changes to the NYSE table: {exchange: {date: line-entry or None to drop}}.
# None in range: Nasdaq observes the same holidays, early closes and closures as NYSE.
EXCHANGE_OVERRIDES: dict[str, dict[dt.date, tuple[str, str | None, str] | None]] = {
    "XNAS": {},
}

# Disagreements with exchange_calendars that are kept on purpose, keyed (exchange, "YYYY-MM-DD"),
# each with the exchange's own announcement that justifies our entry. Empty: none remain.
ACCEPTED_DIFFERENCES: dict[tuple[str, str], str] = {}


# --- date arithmetic ---------------------------------------------------------------------------

def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous Meeus/Jones/Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_weekday(year: int, month: int, weekday: int) -> dt.date:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last = next_month - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def saturday_to_friday_sunday_to_monday(day: dt.date) -> dt.date:
    if day.weekday() == SAT:
        return day - dt.timedelta(days=1)
    if day.weekday() == SUN:
        return day + dt.timedelta(days=1)
    return day


def new_years_observance(day: dt.date) -> dt.date | None:
    """Rule 7.2's year-end exception: Saturday Jan 1 is not observed on Friday Dec 31."""
    if day.weekday() == SAT:
        return None
    if day.weekday() == SUN:
        return day + dt.timedelta(days=1)
    return day


# --- the rules ---------------------------------------------------------------------------------

def regular_holidays(year: int) -> list[tuple[dt.date, str]]:
    days: list[tuple[dt.date | None, str]] = [
        (new_years_observance(dt.date(year, 1, 1)), "New Year's Day"),
        (nth_weekday(year, 1, MON, 3) if year >= 1998 else None, "Martin Luther King Jr. Day"),
        (nth_weekday(year, 2, MON, 3), "Washington's Birthday"),
        (easter_sunday(year) - dt.timedelta(days=2), "Good Friday"),
        (last_weekday(year, 5, MON), "Memorial Day"),
        (saturday_to_friday_sunday_to_monday(dt.date(year, 6, 19)) if year >= 2022 else None,
         "Juneteenth"),
        (saturday_to_friday_sunday_to_monday(dt.date(year, 7, 4)), "Independence Day"),
        (nth_weekday(year, 9, MON, 1), "Labor Day"),
        (nth_weekday(year, 11, THU, 4), "Thanksgiving Day"),
        (saturday_to_friday_sunday_to_monday(dt.date(year, 12, 25)), "Christmas Day"),
    ]
    return [(day, name) for day, name in days if day is not None]


def regular_early_closes(year: int) -> list[tuple[dt.date, str, str]]:
    closes = []
    july4 = dt.date(year, 7, 4).weekday()
    if july4 in (TUE, WED, FRI) or (july4 == THU and year >= 2013):
        closes.append((dt.date(year, 7, 3), EARLY_CLOSE, "Day before Independence Day"))
    elif july4 == THU:
        closes.append((dt.date(year, 7, 5), EARLY_CLOSE, "Day after Independence Day"))
    closes.append((nth_weekday(year, 11, THU, 4) + dt.timedelta(days=1), EARLY_CLOSE,
                   "Day after Thanksgiving"))
    if dt.date(year, 12, 24).weekday() in (MON, TUE, WED, THU):
        closes.append((dt.date(year, 12, 24), EARLY_CLOSE, "Christmas Eve"))
    return closes


Entry = tuple[str, "str | None", str]  # ("closed", None, name) or ("close", "HH:MM", name)


def nyse_table() -> dict[dt.date, Entry]:
    closed: dict[dt.date, str] = {}
    early: dict[dt.date, tuple[str, str]] = {}

    def close_day(day: dt.date, name: str) -> None:
        if day in closed:
            raise SystemExit(f"two closures on {day}: {closed[day]!r} and {name!r}")
        closed[day] = name

    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for day, name in regular_holidays(year):
            close_day(day, name)
        for day, time, name in regular_early_closes(year):
            early[day] = (time, name)
    for day, name in SPECIAL_CLOSURES:
        close_day(day, name)
    for day, time, name in SPECIAL_EARLY_CLOSES:
        if day in early:
            raise SystemExit(f"two early closes on {day}")
        early[day] = (time, name)

    table: dict[dt.date, Entry] = {}
    for day, name in closed.items():
        table[day] = ("closed", None, name)
    for day, (time, name) in early.items():
        if day not in closed:  # a closure on an early-close day wins
            table[day] = ("close", time, name)
    return {
        day: entry for day, entry in table.items()
        if FIRST_YEAR <= day.year <= LAST_YEAR and day.weekday() < SAT
    }


def tables() -> dict[str, dict[dt.date, Entry]]:
    base = nyse_table()
    result = {}
    for exchange in EXCHANGES:
        table = dict(base)
        for day, entry in EXCHANGE_OVERRIDES.get(exchange, {}).items():
            if entry is None:
                table.pop(day, None)
            else:
                table[day] = entry
        result[exchange] = table
    return result


# --- output ------------------------------------------------------------------------------------

def line(day: dt.date, entry: Entry) -> str:
    kind, time, name = entry
    if kind == "closed":
        return f"{day.isoformat()} closed {name}"
    return f"{day.isoformat()} close {time} {name}"


def swift_source(all_tables: dict[str, dict[dt.date, Entry]]) -> str:
    out = [
        "// Generated by Scripts/exchange_calendar_table.py from the exchanges' published rules,",
        f"// cross-checked against exchange_calendars {EXCHANGE_CALENDARS_VERSION}."
        " Do not edit; run the script again.",
        "",
        "/// The New York exchanges' full-day closures and early closes from"
        f" {FIRST_YEAR} through {LAST_YEAR}: one line",
        "/// per day, `YYYY-MM-DD closed <name>` or `YYYY-MM-DD close HH:MM <name>`"
        " (local New York time).",
        "enum ExchangeCalendarTables {",
        f"    static let firstYear = {FIRST_YEAR}",
        f"    static let lastYear = {LAST_YEAR}",
    ]
    written: list[str] = []
    for exchange in EXCHANGES:
        out.append("")
        # An exchange whose table equals one already written names it instead of repeating it.
        same = next((other for other in written if all_tables[other] == all_tables[exchange]), None)
        if same is not None:
            out.append(f"    /// The same days as {same}.")
            out.append(f"    static let {exchange.lower()} = {same.lower()}")
            continue
        out.append(f'    static let {exchange.lower()} = """')
        for day in sorted(all_tables[exchange]):
            out.append("        " + line(day, all_tables[exchange][day]))
        out.append('        """')
        written.append(exchange)
    out.append("}")
    return "\n".join(out) + "\n"


def weekdays(year: int) -> list[dt.date]:
    day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = []
    while day <= end:
        if day.weekday() < SAT:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def sessions_per_year(table: dict[dt.date, Entry]) -> dict[int, int]:
    return {
        year: sum(1 for day in weekdays(year) if table.get(day, ("",))[0] != "closed")
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    }


# --- cross-check against exchange_calendars ----------------------------------------------------

def reference_tables(xc) -> dict[str, dict[dt.date, tuple[str, str | None]]]:
    """{exchange: {weekday: ("closed", None) | ("close", "HH:MM") | ("open", "HH:MM")}} for
    every weekday that is not a regular 09:30-16:00 session in exchange_calendars."""
    result = {}
    for exchange in EXCHANGES:
        calendar = xc.get_calendar(
            exchange, start=f"{FIRST_YEAR}-01-01", end=f"{LAST_YEAR}-12-31")
        schedule = calendar.schedule
        opens = schedule["open"].dt.tz_convert("America/New_York")
        closes = schedule["close"].dt.tz_convert("America/New_York")
        sessions = {}
        for session, open_, close in zip(schedule.index, opens, closes):
            sessions[session.date()] = (open_.strftime("%H:%M"), close.strftime("%H:%M"))
        exceptions: dict[dt.date, tuple[str, str | None]] = {}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for day in weekdays(year):
                if day not in sessions:
                    exceptions[day] = ("closed", None)
                    continue
                open_, close = sessions[day]
                if open_ != REGULAR_OPEN:
                    exceptions[day] = ("open", open_)  # a late open: our table has none
                elif close != REGULAR_CLOSE:
                    exceptions[day] = ("close", close)
        extra = [d for d in sessions if d.weekday() >= SAT]
        if extra:
            raise SystemExit(f"{exchange}: exchange_calendars has weekend sessions: {extra}")
        result[exchange] = exceptions
    return result


def cross_check(all_tables, show_sessions: bool) -> int | None:
    """Prints every difference; returns the number of unaccepted ones, or None when
    exchange_calendars is not installed."""
    try:
        import warnings
        warnings.simplefilter("ignore")
        import exchange_calendars as xc
    except ImportError:
        return None
    version = getattr(xc, "__version__", "?")
    print(f"cross-checking against exchange_calendars {version}")
    if version != EXCHANGE_CALENDARS_VERSION:
        print(f"note: the table records exchange_calendars {EXCHANGE_CALENDARS_VERSION};"
              f" {version} is installed")
    reference = reference_tables(xc)
    failures = 0
    for exchange in EXCHANGES:
        ours = {day: (kind, time) for day, (kind, time, _) in all_tables[exchange].items()}
        theirs = reference[exchange]
        differences = 0
        for day in sorted(set(ours) | set(theirs)):
            mine, other = ours.get(day, ("session", None)), theirs.get(day, ("session", None))
            if mine == other:
                continue
            differences += 1
            key = (exchange, day.isoformat())
            accepted = ACCEPTED_DIFFERENCES.get(key)
            note = f"  [accepted: {accepted}]" if accepted else ""
            if not note:
                failures += 1
            fmt = lambda e: e[0] if e[1] is None else f"{e[0]} {e[1]}"
            print(f"  {exchange} {day.isoformat()}: ours {fmt(mine)!r},"
                  f" exchange_calendars {fmt(other)!r}{note}")
        closed = sum(1 for kind, _ in ours.values() if kind == "closed")
        early = sum(1 for kind, _ in ours.values() if kind == "close")
        print(f"{exchange}: {closed} closed days, {early} early closes;"
              f" {differences} difference(s) from exchange_calendars")
        mine_counts = sessions_per_year(all_tables[exchange])
        their_counts = {
            year: sum(1 for day in weekdays(year) if theirs.get(day, ("",))[0] != "closed")
            for year in mine_counts
        }
        if show_sessions and exchange == "XNYS":
            print(f"{exchange} sessions per year (ours / exchange_calendars):")
            for year in mine_counts:
                print(f"  {year} {mine_counts[year]} {their_counts[year]}")
            mean = sum(mine_counts.values()) / len(mine_counts)
            print(f"  mean {mean:.4f} over {len(mine_counts)} years,"
                  f" total {sum(mine_counts.values())}")
        if mine_counts != their_counts:
            print(f"{exchange}: sessions per year differ from exchange_calendars")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 on a difference or a stale file, 2 if"
                             " exchange_calendars is missing")
    parser.add_argument("--stale", action="store_true",
                        help="only compare the file with what the rules give (standard library only;"
                             " the test suite runs this): exit 1 when stale")
    parser.add_argument("--sessions", action="store_true",
                        help="also print XNYS sessions per year against exchange_calendars")
    args = parser.parse_args()

    all_tables = tables()
    source = swift_source(all_tables)
    status = 0
    try:
        with open(OUTPUT, encoding="utf-8") as f:
            on_disk = f.read()
    except FileNotFoundError:
        on_disk = None
    relative = os.path.relpath(OUTPUT, ROOT)
    if args.stale:
        print(f"{relative} is {'up to date' if on_disk == source else 'stale: run python3 Scripts/exchange_calendar_table.py'}")
        return 0 if on_disk == source else 1
    if args.check:
        if on_disk != source:
            print(f"{relative} is stale: run python3 Scripts/exchange_calendar_table.py")
            status = 1
        else:
            print(f"{relative} is up to date")
    elif on_disk != source:
        with open(OUTPUT, "w", encoding="utf-8") as f:
            f.write(source)
        print(f"wrote {relative}")
    else:
        print(f"{relative} unchanged")

    failures = cross_check(all_tables, args.sessions)
    if failures is None:
        if args.check:
            print("exchange_calendars is not installed (pip install"
                  f" exchange_calendars=={EXCHANGE_CALENDARS_VERSION}): cannot cross-check")
            return 2
        print("warning: exchange_calendars is not installed, the cross-check was skipped"
              f" (pip install exchange_calendars=={EXCHANGE_CALENDARS_VERSION})")
        return status
    if failures:
        print(f"{failures} unexplained difference(s) from exchange_calendars")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
