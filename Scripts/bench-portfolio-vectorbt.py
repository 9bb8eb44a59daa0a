#!/usr/bin/env python3
"""The vectorbt side of `make bench-portfolio` (Scripts/bench-portfolio.sh).

    python3 Scripts/bench-portfolio-vectorbt.py make DIR      # writes the benchmark universe as CSVs
    python3 Scripts/bench-portfolio-vectorbt.py time DIR      # times vectorbt on it (venv as in portfolio-vectorbt-check.py)

The universe: 100 symbols × 10 years of daily candles (2015-01-01 .. 2024-12-31), seeded random
walks; every other symbol lists up to 4 years late and every tenth delists a year early, so
the axis is a real union. wfo reads the same files (`symbols: all`).

The strategy both run: long when close > sma(close, 50), out when close < sma(close, 50),
decided at the close and filled at the next open, 1,000 per entry from 10,000,000 of shared
cash (never short, max_positions 100: nothing binds), fee 0.1 %. vectorbt:
`Portfolio.from_signals(cash_sharing=True, group_by=True, size=1000, size_type='value',
fees=0.001, price=open)` with the signals shifted one candle. Prints the median wall time of
`from_signals` over 7 runs after one warm-up (numba's compile), the indicator time, the
trades and the final value (to compare with wfo's).
"""
import csv
import datetime
import importlib.util
import math
import os
import pathlib
import random
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
DAY = datetime.timedelta(days=1)
START = datetime.date(2015, 1, 1)
DAYS = 3653
SYMBOLS = [f"S{index:03d}" for index in range(100)]


def make(folder):
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for index, symbol in enumerate(SYMBOLS):
        rng = random.Random(1000 + index)
        first = 0 if index % 2 == 0 else (index * 29) % 1460
        last = DAYS - 365 if index % 10 == 3 else DAYS
        price = 20 + index
        with open(folder / f"{symbol}.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "open", "high", "low", "close", "volume"])
            for day in range(last):
                change = rng.gauss(0.0003, 0.02)
                open_ = price
                close = max(0.01, price * math.exp(change))
                high = max(open_, close) * (1 + abs(rng.gauss(0, 0.005)))
                low = min(open_, close) * (1 - abs(rng.gauss(0, 0.005)))
                price = close
                if day >= first:
                    writer.writerow([(START + day * DAY).isoformat(), f"{open_:.4f}", f"{high:.4f}", f"{low:.4f}", f"{close:.4f}", "1000"])


def timed(folder):
    try:
        import vectorbt  # noqa: F401
    except ImportError:
        # The pinned venv of portfolio-vectorbt-check.py (made there on first use), this script re-run in it.
        spec = importlib.util.spec_from_file_location("check", ROOT / "Scripts" / "portfolio-vectorbt-check.py")
        check = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(check)
        python = check.VENV / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(check.VENV)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *check.PINS], check=True)
        os.execv(str(python), [str(python), __file__, *sys.argv[1:]])
    import numpy as np
    import pandas as pd
    import vectorbt as vbt

    frames = {}
    for symbol in SYMBOLS:
        frame = pd.read_csv(pathlib.Path(folder) / f"{symbol}.csv", parse_dates=["date"], index_col="date")
        frames[symbol] = frame
    opens = pd.DataFrame({s: f["open"] for s, f in frames.items()})   # union of dates, NaN where a symbol has none
    closes = pd.DataFrame({s: f["close"] for s, f in frames.items()})
    start = time.perf_counter()
    sma = pd.DataFrame({s: f["close"].rolling(50).mean() for s, f in frames.items()}).reindex(closes.index)
    entries = (closes > sma).shift(1, fill_value=False)
    exits = (closes < sma).shift(1, fill_value=False)
    indicators = (time.perf_counter() - start) * 1000
    times = []
    for run in range(8):
        start = time.perf_counter()
        portfolio = vbt.Portfolio.from_signals(opens, entries, exits, price=opens, size=1000, size_type="value", fees=0.001,
                                               init_cash=10_000_000, cash_sharing=True, group_by=True, freq="1D")
        value = float(portfolio.final_value())
        if run > 0:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    cells = int(closes.notna().sum().sum())
    print(f"vectorbt {vbt.__version__} from_signals 100 × 10y 1d      {times[len(times) // 2]:10.2f} ms (median of 7 after warm-up); "
          f"indicators {indicators:.1f} ms; {cells} candle-symbols; trades {int(portfolio.trades.count())}; final value {value:.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "time"):
        sys.exit(__doc__)
    make(sys.argv[2]) if sys.argv[1] == "make" else timed(sys.argv[2])
