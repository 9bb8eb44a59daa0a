#!/usr/bin/env python3
"""Writes Tests/IndicatorsTests/Golden/talib-more-btcusdt-5m-2024-01.json: TA-Lib reference
values for the stochastic, CCI, OBV, standard deviation, ROC, Donchian (MAX/MIN) and Keltner
(EMA/ATR) indicators on the first 1000 candles of
../shared/data/binance-spot-klines/BTCUSDT-5m-2024-01.csv.

Generated with the PyPI package TA-Lib 0.8.2 (its manylinux wheel bundles the TA-Lib C library
0.8.1) and numpy 2.4.6 on CPython 3.11.7:

    pip install TA-Lib==0.8.2
    python3 Scripts/talib_golden.py [--shared ../shared] [--output PATH]

The candles are Binance's raw monthly kline dump: no header, 12 comma-separated columns,
open_time (epoch milliseconds) first, then open, high, low, close and volume as decimal text,
parsed with float() as float64. Each output array has one entry per candle, null where TA-Lib
returns NaN; other values are round(value, 10), as in ../shared/golden (a -0.0 that rounding
produces is written as 0.0). Keys come in a fixed order and the JSON is compact with a trailing
newline, so a rerun with the same TA-Lib writes the same bytes. The TA-Lib version actually
installed is recorded in the file ("talib_version" and "source"); a different one is reported
on stderr but still used.

Exits with status 2 and a message when the candle file (or TA-Lib) is missing.
"""
import argparse
import json
import math
import pathlib
import sys
from typing import NoReturn

PROJECT_ROOT = pathlib.Path(__file__).resolve().parent.parent
KLINES_FILE = "data/binance-spot-klines/BTCUSDT-5m-2024-01.csv"
DEFAULT_OUTPUT = PROJECT_ROOT / "Tests/IndicatorsTests/Golden/talib-more-btcusdt-5m-2024-01.json"
CANDLE_COUNT = 1000
EXPECTED_TALIB_VERSION = "0.8.2"

# (key, call as written in "source"): the order of the keys in the output file.
CALLS = [
    ("stoch_k_14_3_3", "STOCH(high, low, close, fastk_period=14, slowk_period=3, slowk_matype=0, "
                       "slowd_period=3, slowd_matype=0) -> (slowk, slowd)"),
    ("stoch_d_14_3_3", None),
    ("cci_20", "CCI(high, low, close, timeperiod=20)"),
    ("obv", "OBV(close, volume)"),
    ("stddev_20", "STDDEV(close, timeperiod=20, nbdev=1)"),
    ("roc_10", "ROC(close, timeperiod=10)"),
    ("max_20", "MAX(high, timeperiod=20)"),
    ("min_20", "MIN(low, timeperiod=20)"),
    ("ema_20", "EMA(close, timeperiod=20)"),
    ("atr_20", "ATR(high, low, close, timeperiod=20)"),
]


def fail(message: str) -> NoReturn:
    print(f"talib_golden.py: {message}", file=sys.stderr)
    sys.exit(2)


def load_candles(path: pathlib.Path):
    """The first CANDLE_COUNT rows as (open_time_ms, high, low, close, volume) columns."""
    open_time, high, low, close, volume = [], [], [], [], []
    with path.open(newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if len(open_time) == CANDLE_COUNT:
                break
            fields = line.rstrip("\r\n").split(",")
            if len(fields) != 12:
                fail(f"{path}:{number}: expected 12 comma-separated columns, found {len(fields)}")
            open_time.append(int(fields[0]))
            high.append(float(fields[2]))
            low.append(float(fields[3]))
            close.append(float(fields[4]))
            volume.append(float(fields[5]))
    if len(open_time) < CANDLE_COUNT:
        fail(f"{path} has only {len(open_time)} rows, {CANDLE_COUNT} needed")
    return open_time, high, low, close, volume


def golden_values(series) -> list:
    """null for NaN, otherwise round(value, 10) (never -0.0)."""
    out = []
    for value in series:
        value = float(value)
        if math.isnan(value):
            out.append(None)
        else:
            rounded = round(value, 10)
            out.append(0.0 if rounded == 0 else rounded)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=pathlib.Path, default=PROJECT_ROOT.parent / "shared",
                        help="the shared folder holding data/binance-spot-klines (default: %(default)s)")
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT,
                        help="the JSON file to write (default: %(default)s)")
    args = parser.parse_args()

    klines = args.shared / KLINES_FILE
    if not klines.is_file():
        fail(f"candle file {klines} is missing: pass the shared folder with --shared "
             f"(it must contain {KLINES_FILE})")

    try:
        import numpy as np
        import talib
    except ImportError as error:
        fail(f"{error}: install TA-Lib first (pip install TA-Lib=={EXPECTED_TALIB_VERSION})")
    version = talib.__version__
    if version != EXPECTED_TALIB_VERSION:
        print(f"talib_golden.py: warning: TA-Lib {version} is installed, the committed file was "
              f"made with {EXPECTED_TALIB_VERSION}", file=sys.stderr)
    c_version = talib.__ta_version__
    c_version = (c_version.decode() if isinstance(c_version, bytes) else str(c_version)).split(" ")[0]

    open_time, high, low, close, volume = load_candles(klines)
    high, low, close, volume = (np.array(column, dtype=np.float64) for column in (high, low, close, volume))

    slowk, slowd = talib.STOCH(high, low, close, fastk_period=14, slowk_period=3, slowk_matype=0,
                               slowd_period=3, slowd_matype=0)
    series = {
        "stoch_k_14_3_3": slowk,
        "stoch_d_14_3_3": slowd,
        "cci_20": talib.CCI(high, low, close, timeperiod=20),
        "obv": talib.OBV(close, volume),
        "stddev_20": talib.STDDEV(close, timeperiod=20, nbdev=1),
        "roc_10": talib.ROC(close, timeperiod=10),
        "max_20": talib.MAX(high, timeperiod=20),
        "min_20": talib.MIN(low, timeperiod=20),
        "ema_20": talib.EMA(close, timeperiod=20),
        "atr_20": talib.ATR(high, low, close, timeperiod=20),
    }

    calls = "; ".join(f"{key} = talib.{call}" if key != "stoch_k_14_3_3"
                      else f"stoch_k_14_3_3, stoch_d_14_3_3 = talib.{call}"
                      for key, call in CALLS if call is not None)
    source = (f"{KLINES_FILE.split('/')[-1]} (Binance spot klines, ../shared/{KLINES_FILE}), "
              f"the first {CANDLE_COUNT} rows (open_time {open_time[0]} to {open_time[-1]}), "
              f"prices and volume parsed with Python float() as float64; "
              f"computed with the PyPI package TA-Lib {version} (TA-Lib C library {c_version}): "
              f"{calls}; NaN written as null, other values as round(value, 10).")

    document = {"source": source, "talib_version": version, "open_time_ms": open_time}
    for key, _ in CALLS:
        values = golden_values(series[key])
        assert len(values) == CANDLE_COUNT, key
        document[key] = values

    text = json.dumps(document, indent=None, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("ascii"))
    print(f"wrote {args.output} ({len(text)} bytes, TA-Lib {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
