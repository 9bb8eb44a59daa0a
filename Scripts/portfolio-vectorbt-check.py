#!/usr/bin/env python3
"""Checks the `vectorbt-equal` golden portfolio case against vectorbt.

    python3 Scripts/portfolio-vectorbt-check.py            # makes /tmp/wfo-vectorbt-venv once, then checks
    python3 Scripts/portfolio-vectorbt-check.py --case DIR # another case folder of the same shape

The first run creates a venv under /tmp and installs, from PyPI (through the configured mirror):

    vectorbt==0.26.2 numpy==1.26.4 pandas==2.1.4 numba==0.68.1 llvmlite==0.50.0 plotly==5.24.1

(plotly 6 breaks vectorbt 0.26.2's import: its theme still names `heatmapgl`), then re-runs
itself with the venv's Python. Checked on CPython 3.11.7.

The case (Tests/CommandTests/Fixtures/portfolio/vectorbt-equal) has max_positions at least the
number of symbols, aligned candles, fixed sizing (position_size 1000, capital 100000, never
short of cash), no stops, no slippage and fee_pct 0.1 — exactly what
`vbt.Portfolio.from_signals(..., cash_sharing=True, group_by=True, size=1000, size_type='value',
fees=0.001)` simulates. Signals are the reference's own rule columns (Scripts/portfolio-
reference.py, `close > sma(close, n)` / `close < sma(close, n)` on each symbol's candles),
decided at the close of a range candle and filled at the next candle's open: the vectorbt frame
has one row per range candle with `price = open` and the signals shifted down one row, plus one
extra row after the range's last candle priced at its close with an exit for every column —
the range end's `end` close (nothing is decided on the range's last candle, so that row sees no
other order). The trades, the equity at every close but the last (where the reference has
already paid the `end` exit fees) and the final value are compared with the case's expected-*
files to 1e-9 (relative to max(1, |value|)).
"""
import argparse
import csv
import importlib.util
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASE = ROOT / "Tests" / "CommandTests" / "Fixtures" / "portfolio" / "vectorbt-equal"
VENV = pathlib.Path("/tmp/wfo-vectorbt-venv")
PINS = ["vectorbt==0.26.2", "numpy==1.26.4", "pandas==2.1.4", "numba==0.68.1", "llvmlite==0.50.0", "plotly==5.24.1"]
TOLERANCE = 1e-9


def ensure_venv():
    """Re-run inside the venv (made on first use) unless vectorbt is importable here."""
    try:
        import vectorbt  # noqa: F401
        return
    except ImportError:
        pass
    python = VENV / "bin" / "python"
    if os.environ.get("WFO_VECTORBT_VENV"):
        sys.exit("vectorbt is not importable even inside the venv")
    if not python.exists():
        print(f"creating {VENV} and installing {' '.join(PINS)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    env = dict(os.environ, WFO_VECTORBT_VENV="1")
    os.execve(str(python), [str(python), __file__, *sys.argv[1:]], env)


def load_reference():
    spec = importlib.util.spec_from_file_location("portfolio_reference", ROOT / "Scripts" / "portfolio-reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def close_enough(a, b):
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", default=str(CASE))
    args = ap.parse_args()
    ensure_venv()
    import numpy as np
    import pandas as pd
    import vectorbt as vbt

    ref = load_reference()
    folder = pathlib.Path(args.case)
    case = json.loads((folder / "case.json").read_text())
    portfolio = case["portfolio"]
    symbols = case["symbols"]
    assert portfolio.get("sizing", {}).get("model", "fixed") == "fixed" and not portfolio.get("rank_by")
    assert int(portfolio["max_positions"]) >= len(symbols) and not portfolio.get("filter")
    assert case.get("slippage_pct", 0) == 0 and case["strategy"] == "rules"
    sp = case.get("strategy_params", {})
    assert not any(sp.get(k) for k in ("stop_loss_atr", "take_profit_atr", "stop_loss_pct", "take_profit_pct"))
    params = {k: float(v) for k, v in (p.split("=") for p in case["params"].split(",") if p)}
    start, end = ref.parse_day(case["from"]), ref.parse_day(case["to"])

    opens, closes, entries, exits = {}, {}, {}, {}
    days = None
    for s in symbols:
        candles = ref.load_candles(folder, s)
        series = ref.Series(candles, params, [False] * len(candles))
        entry = ref.condition_column(series, case["rules"]["long_entry"])
        exit_ = ref.condition_column(series, case["rules"]["long_exit"])
        rows = [i for i, c in enumerate(candles) if start <= c["day"] < end]
        these = [candles[i]["day"] for i in rows]
        assert days is None or these == days, "the candles must be aligned"
        days = these
        n = len(rows)
        # row r (< n) fills at the open of range candle r what was decided at the close of r − 1;
        # row n is the range end, priced at the last close, where every position is closed
        opens[s] = [candles[i]["open"] for i in rows] + [candles[rows[-1]]["close"]]
        closes[s] = [candles[i]["close"] for i in rows] + [candles[rows[-1]]["close"]]
        entries[s] = [False] + [entry[rows[r - 1]] for r in range(1, n)] + [False]
        exits[s] = [False] + [exit_[rows[r - 1]] for r in range(1, n)] + [True]
    index = pd.DatetimeIndex([pd.Timestamp(d) for d in days] + [pd.Timestamp(days[-1]) + pd.Timedelta(days=1)])
    frame = lambda columns: pd.DataFrame({s: columns[s] for s in symbols}, index=index)

    pf = vbt.Portfolio.from_signals(
        close=frame(closes), entries=frame(entries), exits=frame(exits), price=frame(opens),
        size=float(case["position_size"]), size_type="value", fees=case["fee_pct"] / 100.0,
        init_cash=float(case["initial_capital"]), cash_sharing=True, group_by=True, freq="1D")

    got = []
    records = pf.trades.records_readable
    for _, r in records.iterrows():
        exit_day = r["Exit Timestamp"].date()
        reason = "signal"
        if exit_day == index[-1].date():     # the extra row: the range end's close
            exit_day, reason = days[-1], "end"
        got.append({"symbol": r["Column"], "entry_time": ref.iso(r["Entry Timestamp"].date()),
                    "exit_time": ref.iso(exit_day), "entry_price": float(r["Avg Entry Price"]),
                    "exit_price": float(r["Avg Exit Price"]), "quantity": float(r["Size"]),
                    "fees": float(r["Entry Fees"] + r["Exit Fees"]), "profit_loss": float(r["PnL"]),
                    "exit_reason": reason, "status": r["Status"]})
    got.sort(key=lambda t: (t["exit_time"], t["symbol"], t["entry_time"]))
    with open(folder / "expected-trades.csv", newline="") as f:
        expected = list(csv.DictReader(f))
    with open(folder / "expected-equity.csv", newline="") as f:
        equity = [float(r["equity"]) for r in csv.DictReader(f)]
    summary = json.loads((folder / "expected-summary.json").read_text())

    failures = 0
    worst = 0.0
    if len(got) != len(expected):
        print(f"trades: vectorbt {len(got)}, reference {len(expected)}")
        failures += 1
    for a, b in zip(expected, got):
        for key in ("symbol", "entry_time", "exit_time", "exit_reason"):
            if a[key] != b[key]:
                print(f"trade differs in {key}: reference {a[key]} vectorbt {b[key]} ({a['symbol']} {a['entry_time']})")
                failures += 1
        for key in ("entry_price", "exit_price", "quantity", "fees", "profit_loss"):
            x, y = float(a[key]), b[key]
            worst = max(worst, abs(x - y) / max(1.0, abs(x)))
            if not close_enough(x, y):
                print(f"trade differs in {key}: reference {x!r} vectorbt {y!r} ({a['symbol']} {a['entry_time']})")
                failures += 1
    value = pf.value()
    values = [float(v) for v in np.asarray(value)]
    worst_equity = 0.0
    for k, e in enumerate(equity[:-1]):         # the last close: the reference has paid the end fees
        worst_equity = max(worst_equity, abs(e - values[k]) / max(1.0, abs(e)))
        if not close_enough(e, values[k]):
            print(f"equity differs at {index[k].date()}: reference {e!r} vectorbt {values[k]!r}")
            failures += 1
    final = float(pf.final_value())
    if not close_enough(summary["final_equity"], final):
        failures += 1
    print(f"vectorbt {vbt.__version__}, numpy {np.__version__}, pandas {pd.__version__}")
    print(f"trades: reference {len(expected)}, vectorbt {len(got)}; worst relative difference of a trade "
          f"figure {worst:.3g}; of the equity at a close {worst_equity:.3g}")
    print(f"final value: reference {summary['final_equity']!r}, vectorbt {final!r}, "
          f"difference {summary['final_equity'] - final:.3g}")
    print("portfolio-vectorbt-check:", "agrees to 1e-9" if not failures else f"{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
