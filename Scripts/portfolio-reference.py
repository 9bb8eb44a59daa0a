#!/usr/bin/env python3
"""Independent reference simulator of wfo's portfolios (docs/portfolio.md), and its golden cases.

Written only from docs/portfolio.md, SPEC section 5 and docs/rules.md — never from the Swift
sources — so that the Swift engine and this script check each other. Pure Python 3.11 standard
library, deterministic: a rerun writes the same bytes.

    python3 Scripts/portfolio-reference.py generate        # (re)write every golden case
    python3 Scripts/portfolio-reference.py generate CASE   # one case
    python3 Scripts/portfolio-reference.py run CASE_DIR [--out DIR]
                                                           # simulate a case folder (case.json + candles)
    python3 Scripts/portfolio-reference.py --check         # regenerate into a temp folder, diff

The cases live in Tests/CommandTests/Fixtures/portfolio/<case>/:

    candles/<SYMBOL>.csv   date,open,high,low,close,volume (daily, YYYY-MM-DD), from a fixed seed
    study.yaml             the wfo study (`wfo backtest study.yaml --params <case.json params>`)
    case.json              every setting of study.yaml again, in JSON (this script reads only it)
    expected-trades.csv    symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,fees,
                           profit_loss,exit_reason  (sorted by exit_time, symbol, entry_time)
    expected-equity.csv    close_time,equity,positions,cash  (one row per axis candle of the range)
    expected-summary.json  {"skipped_entries": N, "trades": N, "final_equity": x}

Conventions taken where the docs leave room (see also the notes printed by `generate`):
- slippage moves every fill against the trader: entries, signal/rotation exits, stop-loss and
  take-profit exits, `end` and `delisted` closes (long: entry open×(1+s), exit price×(1−s));
- stop levels are set from the entry fill (slippage included): stop_loss_pct → fill×(1−p/100);
  a risk model's stop is fill − d with d = fill×stop/100;
- quantity = notional / fill; entry fee = f×notional; exit fee = f×quantity×exit fill;
- `E` for sizing is the equity marked at the previous close of the axis (initial capital before
  the range's first close); a volatility σ is the one at the signal close;
- an entry whose sizing is undefined (volatility σ undefined or 0, risk d ≤ 0) is not a
  candidate (it takes no slot and is not counted as skipped); the golden cases avoid this;
- a cost above the cash by at most 1e-12 of the cash is sized to the cash, leaving cash 0.
Floats are written with repr (shortest round-trip).
"""
import argparse
import csv
import datetime as dt
import filecmp
import io
import json
import math
import os
import pathlib
import random
import re
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "CommandTests" / "Fixtures" / "portfolio"
ONE_DAY = dt.timedelta(days=1)
TRADE_HEADER = ["symbol", "side", "entry_time", "entry_price", "exit_time", "exit_price",
                "quantity", "fees", "profit_loss", "exit_reason"]
EQUITY_HEADER = ["close_time", "equity", "positions", "cash"]
ROUNDING = 1e-12          # a cost above the cash by at most this fraction of it is rounding


def iso(day):
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_day(text):
    return dt.date.fromisoformat(text[:10])


# --------------------------------------------------------------------------------------------
# Rules expressions (the subset of docs/rules.md the cases use), evaluated column by column on
# one symbol's own candles. A value is a float or None (undefined); a condition is True, False
# or None (undefined: any undefined value inside makes the whole rule false, through not/and/or).

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(<=|>=|==|!=|[<>()+\-*/,\[\]]))")


def tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot read {text!r} at column {pos + 1}")
        number, name, op = m.groups()
        tokens.append(("num", float(number)) if number else ("name", name) if name else ("op", op))
        pos = m.end()
    return tokens


class Parser:
    def __init__(self, text):
        self.tokens, self.i, self.text = tokenize(text), 0, text

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value and tok[1] != value):
            raise ValueError(f"{self.text!r}: expected {value or kind}, found {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self):
        node = self.or_()
        if self.i != len(self.tokens):
            raise ValueError(f"{self.text!r}: unexpected {self.peek()[1]!r}")
        return node

    def or_(self):
        node = self.and_()
        while self.peek() == ("name", "or"):
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self):
        node = self.not_()
        while self.peek() == ("name", "and"):
            self.take()
            node = ("and", node, self.not_())
        return node

    def not_(self):
        if self.peek() == ("name", "not"):
            self.take()
            return ("not", self.not_())
        return self.comparison()

    def comparison(self):
        node = self.sum_()
        if self.peek()[0] == "op" and self.peek()[1] in ("<", "<=", ">", ">=", "==", "!="):
            op = self.take()[1]
            node = ("cmp", op, node, self.sum_())
        return node

    def sum_(self):
        node = self.product()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()[1]
            node = ("arith", op, node, self.product())
        return node

    def product(self):
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in "*/":
            op = self.take()[1]
            node = ("arith", op, node, self.unary())
        return node

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        node = self.primary()
        while self.peek() == ("op", "["):
            self.take()
            offset = self.primary()
            self.take("op", "]")
            node = ("offset", node, offset)
        return node

    def primary(self):
        kind, value = self.peek()
        if kind == "num":
            self.take()
            return ("num", value)
        if kind == "op" and value == "(":
            self.take()
            node = self.or_()
            self.take("op", ")")
            return node
        if kind == "name":
            self.take()
            if self.peek() == ("op", "("):
                self.take()
                args = []
                if self.peek() != ("op", ")"):
                    args.append(self.or_())
                    while self.peek() == ("op", ","):
                        self.take()
                        args.append(self.or_())
                self.take("op", ")")
                return ("call", value, args)
            return ("name", value)
        raise ValueError(f"{self.text!r}: unexpected {value!r}")


class Series:
    """One symbol's candles (its own, holes skipped) and the margin of its closest comparison."""

    def __init__(self, candles, params, watched):
        self.candles, self.params, self.watched = candles, params, watched
        self.n = len(candles)
        self.min_margin = math.inf          # the closest comparison at a watched candle

    def whole(self, node):
        """A period or an offset: a whole number written as a number or a parameter."""
        if node[0] == "num":
            value = node[1]
        elif node[0] == "name" and node[1] in self.params:
            value = float(self.params[node[1]])
        else:
            raise ValueError(f"a period must be a number or a parameter: {node}")
        if value != int(value) or value < 0:
            raise ValueError(f"a period must be whole: {value}")
        return int(value)

    def column(self, node):
        kind = node[0]
        if kind == "num":
            return [node[1]] * self.n
        if kind == "name":
            field = node[1]
            if field in ("open", "high", "low", "close", "volume"):
                return [c[field] for c in self.candles]
            if field in self.params:
                return [float(self.params[field])] * self.n
            raise ValueError(f"unknown name {field}")
        if kind == "neg":
            return [None if v is None else -v for v in self.column(node[1])]
        if kind == "arith":
            a, b = self.column(node[2]), self.column(node[3])
            op = node[1]
            out = []
            for x, y in zip(a, b):
                if x is None or y is None:
                    out.append(None)
                elif op == "+":
                    out.append(x + y)
                elif op == "-":
                    out.append(x - y)
                elif op == "*":
                    out.append(x * y)
                else:
                    out.append(None if y == 0 else x / y)
            return out
        if kind == "offset":
            k = self.whole(node[2])
            x = self.column(node[1])
            return [x[i - k] if i - k >= 0 else None for i in range(self.n)]
        if kind == "cmp":
            a, b = self.column(node[2]), self.column(node[3])
            op = node[1]
            out = []
            for i, (x, y) in enumerate(zip(a, b)):
                if x is None or y is None:
                    out.append(None)
                    continue
                if self.watched[i]:
                    scale = max(abs(x), abs(y))
                    self.min_margin = min(self.min_margin, abs(x - y) / scale if scale else 0.0)
                out.append({"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y,
                            "==": x == y, "!=": x != y}[op])
            return out
        if kind == "not":
            return [None if v is None else not v for v in self.column(node[1])]
        if kind in ("and", "or"):
            a, b = self.column(node[1]), self.column(node[2])
            out = []
            for x, y in zip(a, b):
                if x is None or y is None:
                    out.append(None)
                else:
                    out.append((x and y) if kind == "and" else (x or y))
            return out
        if kind == "call":
            return self.call(node[1], node[2])
        raise ValueError(f"cannot evaluate {node}")

    def call(self, name, args):
        if name in ("sma", "roc", "stdev"):
            if len(args) == 1:
                x, n = [c["close"] for c in self.candles], self.whole(args[0])
            elif len(args) == 2:
                x, n = self.column(args[0]), self.whole(args[1])
            else:
                raise ValueError(f"{name} takes (x, n) or (n)")
            if n < 1:
                raise ValueError(f"{name}: period {n}")
            out = [None] * self.n
            for i in range(self.n):
                if name == "roc":
                    # (x / x[n] − 1) × 100; 0 when x[n] is 0
                    if i - n >= 0 and x[i] is not None and x[i - n] is not None:
                        out[i] = 0.0 if x[i - n] == 0 else (x[i] / x[i - n] - 1.0) * 100.0
                    continue
                if i - n + 1 < 0:
                    continue
                window = x[i - n + 1:i + 1]
                if any(v is None for v in window):
                    continue
                mean = sum(window) / n
                if name == "sma":
                    out[i] = mean
                else:   # population standard deviation, √(mean(x²) − mean(x)²)
                    out[i] = math.sqrt(max(0.0, sum(v * v for v in window) / n - mean * mean))
            return out
        raise ValueError(f"function {name} is not implemented in the reference")


def condition_column(series, text):
    """A rule's column: True only where it holds and everything in it is defined."""
    values = series.column(Parser(text).parse())
    if any(v is not None and not isinstance(v, bool) for v in values):
        raise ValueError(f"{text!r} is a number, a rule must be a condition")
    return [v is True for v in values]


def number_column(series, text):
    values = series.column(Parser(text).parse())
    if any(isinstance(v, bool) for v in values):
        raise ValueError(f"{text!r} is a condition, a rank must be a number")
    return values


def volatility_column(candles, lookback, days_a_year=365):
    """σ in percent: 100 × sample std (n − 1) of the last `lookback` daily returns × √days.

    On 1d candles of the 24/7 calendar every candle is a trading day; a return is a close over
    the close of the previous candle the symbol traded (holes skipped). Undefined until
    lookback + 1 closes exist, or when σ is 0."""
    closes = [c["close"] for c in candles]
    returns = [None] + [closes[i] / closes[i - 1] - 1.0 for i in range(1, len(closes))]
    out = [None] * len(closes)
    for i in range(lookback, len(closes)):
        window = returns[i - lookback + 1:i + 1]
        mean = sum(window) / lookback
        var = sum((r - mean) ** 2 for r in window) / (lookback - 1)
        sigma = 100.0 * math.sqrt(var) * math.sqrt(days_a_year)
        out[i] = sigma if sigma > 0 else None
    return out


# --------------------------------------------------------------------------------------------
# The simulator

def resolve(value, params):
    """A model number may be a parameter's name."""
    if isinstance(value, str):
        return float(params[value])
    return value


def load_candles(folder, symbol):
    rows = []
    with open(folder / "candles" / f"{symbol}.csv", newline="") as f:
        for row in csv.DictReader(f):
            rows.append({"day": parse_day(row["date"]), "open": float(row["open"]),
                         "high": float(row["high"]), "low": float(row["low"]),
                         "close": float(row["close"]), "volume": float(row["volume"])})
    rows.sort(key=lambda r: r["day"])
    return rows


def rebalance_times(axis, first, last, rebalance):
    """Indices (into axis) of the rebalance closes within axis[first..last]."""
    if rebalance in ("every_candle", "daily"):
        return set(range(first, last + 1))      # 1d candles: every close ends a trading day
    if isinstance(rebalance, int) or (isinstance(rebalance, str) and rebalance.isdigit()):
        n = int(rebalance)
        return set(range(first, last + 1, n))
    key = {"weekly": lambda d: d.isocalendar()[:2], "monthly": lambda d: (d.year, d.month)}[rebalance]
    times = {first}
    for k in range(first, last + 1):
        if k + 1 >= len(axis) or key(axis[k + 1]) != key(axis[k]):
            times.add(k)
    return times


TRACE = bool(os.environ.get("PORTFOLIO_TRACE"))


def trace(day, text):
    if TRACE:
        print(f"{day.isoformat()} {text}", file=sys.stderr)


def simulate(folder):
    folder = pathlib.Path(folder)
    case = json.loads((folder / "case.json").read_text())
    if case.get("timeframe", "1d") != "1d" or case.get("calendar", "24/7") != "24/7":
        raise SystemExit("the reference simulates 1d candles on the 24/7 calendar only")
    params = {}
    for part in filter(None, case["params"].split(",")):
        k, v = part.split("=")
        params[k.strip()] = float(v)
    sp = dict(case.get("strategy_params", {}))
    for k, v in sp.items():
        params.setdefault(k, v)
    symbols = case["symbols"]
    portfolio = case["portfolio"]
    mode = portfolio.get("mode", "signals")
    max_positions = int(resolve(portfolio["max_positions"], params))
    rank_text = portfolio.get("rank_by", "0")
    filter_text = portfolio.get("filter")
    sizing = portfolio.get("sizing") or ({"model": "percent"} if case.get("position_size_pct") else {"model": "fixed"})
    model = sizing["model"]
    max_weight = portfolio.get("max_weight_pct")
    max_weight = None if max_weight is None else resolve(max_weight, params)
    fee = case["fee_pct"] / 100.0
    slip = case.get("slippage_pct", 0.0) / 100.0
    capital = float(case["initial_capital"])
    start, end = parse_day(case["from"]), parse_day(case["to"])

    # strategy stops (rules/built-in): only the percent levels are simulated here
    if case["strategy"] == "rules":
        for key, default in (("stop_loss_atr", 1.5), ("take_profit_atr", 2.5)):
            replaced = {"stop_loss_atr": "stop_loss_pct", "take_profit_atr": "take_profit_pct"}[key]
            if sp.get(key, default) and not sp.get(replaced):
                raise SystemExit(f"{key} is not simulated by the reference: set it to 0")
    for key in ("trailing_stop_pct", "trailing_stop_atr", "max_candles_held"):
        if sp.get(key):
            raise SystemExit(f"{key} is not simulated by the reference")
    stop_pct = float(sp.get("stop_loss_pct", 0) or 0)
    take_pct = float(sp.get("take_profit_pct", 0) or 0)

    data = {s: load_candles(folder, s) for s in symbols}
    data = {s: c for s, c in data.items() if any(start <= r["day"] < end for r in c)}
    left_out = [s for s in symbols if s not in data]
    symbols = [s for s in symbols if s in data]
    order = {s: i for i, s in enumerate(symbols)}
    axis = sorted({r["day"] for c in data.values() for r in c})
    in_range = [k for k, d in enumerate(axis) if start <= d < end]
    first, last = in_range[0], in_range[-1]

    at = {s: {r["day"]: i for i, r in enumerate(c)} for s, c in data.items()}
    cols = {}
    margins = {}
    for s, c in data.items():
        watched = [start <= r["day"] < end for r in c]
        series = Series(c, params, watched)
        col = {"rank": number_column(series, rank_text)}
        if filter_text:
            col["filter"] = condition_column(series, filter_text)
        if case["strategy"] == "rules":
            col["long_entry"] = condition_column(series, case["rules"]["long_entry"])
            col["long_exit"] = (condition_column(series, case["rules"]["long_exit"])
                                if case["rules"].get("long_exit") else [False] * len(c))
            if case["rules"].get("short_entry") or case["rules"].get("short_exit"):
                raise SystemExit("short rules are not simulated by the reference")
        if model == "volatility":
            col["sigma"] = volatility_column(c, int(resolve(sizing["lookback"], params)))
        cols[s] = col
        margins[s] = series.min_margin

    rebalance = set()
    if mode == "rotation":
        rebalance = rebalance_times(axis, first, last, portfolio.get("rebalance", "monthly"))

    cash = capital
    positions = {}       # symbol -> dict
    pending_exit = {}    # symbol -> reason
    pending_entry = {}   # symbol -> dict(rank, sigma)
    last_close = {}
    trades, equity_rows = [], []
    skipped = 0
    prev_equity = capital
    diag = {"binding_candles": 0, "candidate_candles": 0, "dropped": 0, "min_cash_margin": math.inf,
            "min_stop_margin": math.inf, "min_rank_gap": math.inf, "sized_to_cash": 0,
            "max_open": 0, "min_cash": math.inf, "rebalances": 0, "left_out": left_out,
            "rule_margin": min(margins.values()) if margins else math.inf}

    def close_position(s, raw_price, day, reason):
        nonlocal cash
        trace(day, f"sell {s} ({reason}) at {raw_price!r}")
        p = positions.pop(s)
        exit_fill = raw_price * (1.0 - slip)
        exit_fee = fee * p["quantity"] * exit_fill
        cash += p["quantity"] * p["entry"] + p["quantity"] * (exit_fill - p["entry"]) - exit_fee
        fees = p["entry_fee"] + exit_fee
        trades.append({"symbol": s, "side": "long", "entry_time": p["time"], "entry_price": p["entry"],
                       "exit_time": day, "exit_price": exit_fill, "quantity": p["quantity"],
                       "fees": fees, "profit_loss": p["quantity"] * (exit_fill - p["entry"]) - fees,
                       "exit_reason": reason})

    def notional_for(s, fill, order_info, E):
        if model == "equal":
            notional = E / (max_positions * (1.0 + fee))
        elif model == "fixed":
            notional = float(case["position_size"])
        elif model == "percent":
            notional = E * float(case["position_size_pct"]) / 100.0
        elif model == "volatility":
            cap = max_weight if max_weight is not None else 100.0
            notional = E * min(resolve(sizing["target_pct"], params) / order_info["sigma"], cap / 100.0)
        elif model == "risk":
            d = fill * resolve(sizing["stop"], params) / 100.0
            notional = E * resolve(sizing["risk_pct"], params) / 100.0 / d * fill
        else:
            raise SystemExit(f"unknown sizing model {model}")
        if max_weight is not None:
            notional = min(notional, E * max_weight / 100.0)
        return notional

    for k in in_range:
        t = axis[k]
        is_last = k == last
        here = [s for s in symbols if t in at[s]]
        candle = {s: data[s][at[s][t]] for s in here}
        E = prev_equity

        # 1. Opens: pending exits, then pending entries in rank order
        for s in here:
            if s in pending_exit:
                close_position(s, candle[s]["open"], t, pending_exit.pop(s))
        fills = sorted((s for s in here if s in pending_entry),
                       key=lambda s: (-pending_entry[s]["rank"], order[s]))
        for s in fills:
            info = pending_entry.pop(s)
            fill = candle[s]["open"] * (1.0 + slip)
            notional = notional_for(s, fill, info, E)
            cost = notional * (1.0 + fee)
            if cost > cash:
                if cost - cash <= ROUNDING * cash:
                    notional = cash / (1.0 + fee)
                    diag["sized_to_cash"] += 1
                else:
                    skipped += 1
                    trace(t, f"skip {s}: cost {cost!r} > cash {cash!r}")
                    # a skip must be clear of the 1e-12 rounding band by far
                    diag["min_cash_margin"] = min(diag["min_cash_margin"], (cost - cash) / cash if cash else math.inf)
                    continue
            elif cash - cost > ROUNDING * cash:
                # a fill by far within the cash (a fill at the cash, within rounding, is safe either way)
                diag["min_cash_margin"] = min(diag["min_cash_margin"], (cash - cost) / cash)
            quantity = notional / fill
            entry_fee = fee * notional
            if cost > cash:
                cash = 0.0
            else:
                cash -= notional + entry_fee
            sl = fill * (1.0 - stop_pct / 100.0) if stop_pct else None
            tp = fill * (1.0 + take_pct / 100.0) if take_pct else None
            if model == "risk":
                risk_sl = fill - fill * resolve(sizing["stop"], params) / 100.0
                sl = risk_sl if sl is None else max(sl, risk_sl)     # the nearer to the fill
            trace(t, f"buy {s} notional {notional!r} at {fill!r}, cash left {cash!r}")
            positions[s] = {"quantity": quantity, "entry": fill, "entry_fee": entry_fee, "time": t,
                            "sl": sl, "tp": tp}

        # 2. Stops (live from the entry candle on; the stop wins a tie)
        for s in here:
            p = positions.get(s)
            if p is None:
                continue
            c = candle[s]
            if p["sl"] is not None:
                diag["min_stop_margin"] = min(diag["min_stop_margin"], abs(c["low"] - p["sl"]) / p["sl"])
            if p["tp"] is not None:
                diag["min_stop_margin"] = min(diag["min_stop_margin"], abs(c["high"] - p["tp"]) / p["tp"])
            if p["sl"] is not None and c["low"] <= p["sl"]:
                close_position(s, min(c["open"], p["sl"]), t, "stop_loss")
            elif p["tp"] is not None and c["high"] >= p["tp"]:
                close_position(s, max(c["open"], p["tp"]), t, "take_profit")

        for s in here:
            last_close[s] = candle[s]["close"]

        # 3. Closes
        for s in symbols:
            if s not in positions:
                continue
            if is_last:
                close_position(s, last_close[s], t, "end")
            elif s in candle and at[s][t] == len(data[s]) - 1:
                close_position(s, candle[s]["close"], t, "delisted")

        # 4. Decisions
        if not is_last:
            live = [s for s in here if at[s][t] != len(data[s]) - 1]

            def rank_of(s):
                return cols[s]["rank"][at[s][t]]

            def passes(s):
                i = at[s][t]
                if rank_of(s) is None:
                    return False
                if filter_text and not cols[s]["filter"][i]:
                    return False
                if model == "volatility" and cols[s]["sigma"][i] is None:
                    return False
                return True

            def note_gaps(ranked):
                for a, b in zip(ranked, ranked[1:]):
                    ra, rb = rank_of(a), rank_of(b)
                    scale = max(abs(ra), abs(rb), 1e-300)
                    diag["min_rank_gap"] = min(diag["min_rank_gap"], abs(ra - rb) / scale)

            def order_info(s):
                i = at[s][t]
                return {"rank": rank_of(s), "sigma": cols[s]["sigma"][i] if model == "volatility" else None}

            if mode == "signals":
                for s in live:
                    if s in positions and s not in pending_exit and cols[s]["long_exit"][at[s][t]]:
                        pending_exit[s] = "signal"
                candidates = [s for s in live if s not in positions and s not in pending_entry
                              and cols[s]["long_entry"][at[s][t]] and passes(s)]
                free = max_positions - (len(positions) - len(pending_exit) + len(pending_entry))
                candidates.sort(key=lambda s: (-rank_of(s), order[s]))
                if candidates:
                    diag["candidate_candles"] += 1
                    if len(candidates) > free:
                        diag["binding_candles"] += 1
                        diag["dropped"] += len(candidates) - max(free, 0)
                        note_gaps(candidates[:max(free, 0) + 1][-2:] if free > 0 else [])
                if candidates:
                    trace(t, f"candidates {candidates} free {free}")
                for s in candidates[:max(free, 0)]:
                    pending_entry[s] = order_info(s)
            elif k in rebalance:
                diag["rebalances"] += 1
                eligible = sorted((s for s in live if passes(s)), key=lambda s: (-rank_of(s), order[s]))
                target = eligible[:max_positions]
                if len(eligible) > max_positions:
                    note_gaps(eligible[max_positions - 1:max_positions + 1])
                for s in list(positions):
                    if s in candle and s not in target:
                        pending_exit[s] = "rotation"
                # A waiting buy stays (and keeps its slot) unless its symbol has a candle here and left the target.
                for s in list(pending_entry):
                    if s in candle and s not in target:
                        del pending_entry[s]
                stay = len([s for s in positions if s not in pending_exit]) + len([s for s in pending_entry if s not in positions])
                buys = [s for s in target if s not in positions and s not in pending_entry]
                if len(buys) > max_positions - stay:
                    diag["binding_candles"] += 1
                for s in buys[:max(0, max_positions - stay)]:
                    pending_entry[s] = order_info(s)

        # 5. Mark
        equity = cash
        for s, p in positions.items():
            equity += p["quantity"] * p["entry"] + p["quantity"] * (last_close[s] - p["entry"])
        equity_rows.append({"close_time": t + ONE_DAY, "equity": equity, "positions": len(positions), "cash": cash})
        diag["max_open"] = max(diag["max_open"], len(positions))
        diag["min_cash"] = min(diag["min_cash"], cash)
        prev_equity = equity

    trades.sort(key=lambda r: (r["exit_time"], r["symbol"], r["entry_time"]))
    summary = {"skipped_entries": skipped, "trades": len(trades), "final_equity": equity_rows[-1]["equity"]}
    diag["reasons"] = {}
    for tr in trades:
        diag["reasons"][tr["exit_reason"]] = diag["reasons"].get(tr["exit_reason"], 0) + 1
    return trades, equity_rows, summary, diag


def write_outputs(out, trades, equity_rows, summary):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TRADE_HEADER)
    for tr in trades:
        w.writerow([tr["symbol"], tr["side"], iso(tr["entry_time"]), repr(tr["entry_price"]), iso(tr["exit_time"]),
                    repr(tr["exit_price"]), repr(tr["quantity"]), repr(tr["fees"]), repr(tr["profit_loss"]),
                    tr["exit_reason"]])
    (out / "expected-trades.csv").write_text(buf.getvalue())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(EQUITY_HEADER)
    for row in equity_rows:
        w.writerow([iso(row["close_time"]), repr(row["equity"]), row["positions"], repr(row["cash"])])
    (out / "expected-equity.csv").write_text(buf.getvalue())
    (out / "expected-summary.json").write_text(json.dumps(summary, indent=2) + "\n")


# --------------------------------------------------------------------------------------------
# The golden cases: candles from a fixed seed, the study, case.json

DATA_START = dt.date(2021, 1, 1)
DATA_END = dt.date(2021, 9, 30)        # inclusive; beyond the range so nobody "delists" at its end


def make_candles(seed, price, vol, drift, first=DATA_START, last=DATA_END, holes=(), regimes=()):
    """Daily candles of a random walk: the open gaps a little from the previous close, the close
    moves by a normal log-return (drift per day, changed by `regimes`: (from, to, drift)), high and
    low reach past them. Prices have 4 decimals; low ≤ min(open, close), high ≥ max(open, close)."""
    rng = random.Random(seed)
    rows = []
    close = price
    day = first
    while day <= last:
        mu = drift
        for a, b, m in regimes:
            if dt.date.fromisoformat(a) <= day <= dt.date.fromisoformat(b):
                mu = m
        open_ = round(close * math.exp(rng.gauss(0.0, vol * 0.35)), 4)
        close_ = round(open_ * math.exp(rng.gauss(mu, vol)), 4)
        high = math.ceil(max(open_, close_) * (1.0 + abs(rng.gauss(0.0, vol * 0.6))) * 10000) / 10000
        low = math.floor(min(open_, close_) * (1.0 - abs(rng.gauss(0.0, vol * 0.6))) * 10000) / 10000
        volume = rng.randint(1000, 50000)
        hole = any(dt.date.fromisoformat(a) <= day <= dt.date.fromisoformat(b) for a, b in holes)
        if not hole:
            assert 0 < low <= min(open_, close_) and high >= max(open_, close_)
            rows.append((day, open_, high, low, close_, volume))
        close = close_
        day += ONE_DAY
    return rows


def write_candles(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["date,open,high,low,close,volume"]
    for day, o, h, l, c, v in rows:
        lines.append(f"{day.isoformat()},{o:.4f},{h:.4f},{l:.4f},{c:.4f},{v}")
    path.write_text("\n".join(lines) + "\n")


BASE = {
    "timeframe": "1d", "calendar": "24/7",
    "from": "2021-03-01", "to": "2021-09-01",
    "training_window_days": 60, "testing_window_days": 30, "step_days": 30,
    "warmup_candles": 10000, "min_trades": 1,
    "data": {"source": "csv", "path": "candles/{symbol}.csv", "on_gap": "warn"},
}

SMA_RULES = {"long_entry": "close > sma(close, n)", "long_exit": "close < sma(close, n)"}

CASES = {
    "signals-binding": {
        "name": "Portfolio golden — signals binding",
        "description": "Five symbols, a rules strategy on sma(5) with a 4 % stop-loss, at most two positions ranked by roc(close, 3), equal sizing.",
        "symbols": ["AAA", "BBB", "CCC", "DDD", "EEE"],
        "strategy": "rules", "rules": SMA_RULES,
        "strategy_params": {"stop_loss_atr": 0, "take_profit_atr": 0, "stop_loss_pct": 4},
        "parameter_ranges": {"n": [5]}, "params": "n=5",
        "initial_capital": 10000, "position_size": 1000, "fee_pct": 0.1, "slippage_pct": 0.05,
        "portfolio": {"max_positions": 2, "rank_by": "roc(close, 3)", "mode": "signals", "sizing": {"model": "equal"}},
        "candles": {
            "AAA": dict(seed=101, price=50.0, vol=0.025, drift=0.001),
            "BBB": dict(seed=102, price=120.0, vol=0.02, drift=0.0),
            "CCC": dict(seed=103, price=8.0, vol=0.035, drift=0.0015),
            "DDD": dict(seed=104, price=30.0, vol=0.03, drift=-0.0005),
            "EEE": dict(seed=105, price=75.0, vol=0.022, drift=0.0008),
        },
    },
    "rotation-filter": {
        "name": "Portfolio golden — weekly rotation with a filter",
        "description": "Six symbols rotated weekly into the three best roc(close, lookback) whose close is above sma(close, 10).",
        "symbols": ["ALFA", "BRAV", "CHAR", "DELT", "ECHO", "FOXT"],
        "strategy": "rotation",
        "parameter_ranges": {"lookback": [20]}, "params": "lookback=20",
        "initial_capital": 10000, "position_size": 1000, "fee_pct": 0.1, "slippage_pct": 0.0,
        "portfolio": {"max_positions": 3, "rank_by": "roc(close, lookback)", "mode": "rotation",
                      "rebalance": "weekly", "filter": "close > sma(close, 10)", "sizing": {"model": "equal"}},
        "candles": {
            "ALFA": dict(seed=201, price=40.0, vol=0.03, drift=0.001, regimes=[("2021-05-01", "2021-06-15", -0.006)]),
            "BRAV": dict(seed=202, price=15.0, vol=0.035, drift=0.0, regimes=[("2021-04-01", "2021-05-15", 0.008)]),
            "CHAR": dict(seed=203, price=210.0, vol=0.02, drift=0.0012),
            "DELT": dict(seed=204, price=3.5, vol=0.045, drift=-0.001, regimes=[("2021-06-15", "2021-08-01", 0.01)]),
            "ECHO": dict(seed=205, price=88.0, vol=0.025, drift=0.0005, regimes=[("2021-03-10", "2021-04-20", -0.005)]),
            "FOXT": dict(seed=206, price=60.0, vol=0.03, drift=0.002, regimes=[("2021-07-10", "2021-08-31", -0.006)]),
        },
    },
    "volatility-listing": {
        "name": "Portfolio golden — volatility sizing, listing, delisting, a hole",
        "description": "Four symbols: LATE lists inside the range, GONE delists while held, HOLE misses days while held; volatility sizing capped at 40 %.",
        "symbols": ["GONE", "HOLE", "LATE", "STAY"],
        "strategy": "rules", "rules": SMA_RULES,
        "strategy_params": {"stop_loss_atr": 0, "take_profit_atr": 0},
        "parameter_ranges": {"n": [12]}, "params": "n=12",
        "initial_capital": 10000, "position_size": 1000, "fee_pct": 0.1, "slippage_pct": 0.05,
        "portfolio": {"max_positions": 3, "rank_by": "roc(close, 5)", "mode": "signals",
                      "sizing": {"model": "volatility", "target_pct": 20, "lookback": 10}, "max_weight_pct": 40},
        "candles": {
            "GONE": dict(seed=301, price=25.0, vol=0.02, drift=0.0, last=dt.date(2021, 6, 20),
                         regimes=[("2021-05-25", "2021-06-20", 0.012)]),
            "HOLE": dict(seed=302, price=140.0, vol=0.018, drift=0.0003, holes=[("2021-05-11", "2021-05-13")],
                         regimes=[("2021-04-25", "2021-05-25", 0.01)]),
            "LATE": dict(seed=303, price=5.0, vol=0.04, drift=0.002, first=dt.date(2021, 4, 10)),
            "STAY": dict(seed=304, price=70.0, vol=0.03, drift=0.0005),
        },
    },
    "risk-percent-stop": {
        "name": "Portfolio golden — risk sizing with a percent stop",
        "description": "Four symbols, risk 1 % of equity per trade with a 5 % stop (the strategy adds an 8 % take-profit), at most three positions.",
        "symbols": ["KILO", "LIMA", "MIKE", "NOVA"],
        "strategy": "rules", "rules": SMA_RULES,
        "strategy_params": {"stop_loss_atr": 0, "take_profit_atr": 0, "take_profit_pct": 8},
        "parameter_ranges": {"n": [8]}, "params": "n=8",
        "initial_capital": 10000, "position_size": 1000, "fee_pct": 0.1, "slippage_pct": 0.05,
        "portfolio": {"max_positions": 3, "rank_by": "roc(close, 3)", "mode": "signals",
                      "sizing": {"model": "risk", "risk_pct": 1, "stop": 5}},
        "candles": {
            "KILO": dict(seed=401, price=45.0, vol=0.035, drift=0.0),
            "LIMA": dict(seed=402, price=9.0, vol=0.045, drift=0.001),
            "MIKE": dict(seed=403, price=160.0, vol=0.03, drift=-0.0005),
            "NOVA": dict(seed=404, price=22.0, vol=0.04, drift=0.0005),
        },
    },
    "vectorbt-equal": {
        "name": "Portfolio golden — fixed size, max positions not binding (vectorbt check)",
        "description": "Four symbols, fixed 1000 per trade, no stops or slippage, max_positions at least the symbols: equals vectorbt's from_signals with cash sharing.",
        "symbols": ["PAPA", "QUEB", "ROME", "SIER"],
        "strategy": "rules", "rules": SMA_RULES,
        "strategy_params": {"stop_loss_atr": 0, "take_profit_atr": 0},
        "parameter_ranges": {"n": [7]}, "params": "n=7",
        "initial_capital": 100000, "position_size": 1000, "fee_pct": 0.1, "slippage_pct": 0.0,
        "portfolio": {"max_positions": 4, "mode": "signals", "sizing": {"model": "fixed"}},
        "candles": {
            "PAPA": dict(seed=501, price=33.0, vol=0.025, drift=0.0005),
            "QUEB": dict(seed=502, price=12.0, vol=0.03, drift=0.0),
            "ROME": dict(seed=503, price=95.0, vol=0.02, drift=0.001),
            "SIER": dict(seed=504, price=4.2, vol=0.04, drift=-0.0005),
        },
    },
}


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(x)}" for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False)


def study_yaml(case):
    lines = [
        f"# Golden case of Scripts/portfolio-reference.py (generated; do not edit by hand).",
        f"# wfo backtest study.yaml --params {case['params']} --from {case['from']} --to {case['to']}",
        f"name: {yaml_value(case['name'])}",
        f"description: {yaml_value(case['description'])}",
        f"symbols: [{', '.join(case['symbols'])}]",
        f"timeframe: {case['timeframe']}",
        f"start_date: {case['from']}T00:00:00Z",
        f"end_date: {case['to']}T00:00:00Z",
        f"training_window_days: {case['training_window_days']}",
        f"testing_window_days: {case['testing_window_days']}",
        f"step_days: {case['step_days']}",
        f"warmup_candles: {case['warmup_candles']}",
        f"strategy: {case['strategy']}",
    ]
    if case.get("rules"):
        lines.append("rules:")
        for k, v in case["rules"].items():
            lines.append(f"  {k}: {yaml_value(v)}")
    if case.get("strategy_params"):
        lines.append(f"strategy_params: {yaml_value(case['strategy_params'])}")
    lines += [
        f"parameter_ranges: {yaml_value(case['parameter_ranges'])}",
        f"initial_capital: {case['initial_capital']}",
        f"position_size: {case['position_size']}",
        f"fee_pct: {case['fee_pct']}",
        f"slippage_pct: {case['slippage_pct']}",
        f"min_trades: {case['min_trades']}",
        f"data: {yaml_value(case['data'])}",
        "portfolio:",
    ]
    for k, v in case["portfolio"].items():
        lines.append(f"  {k}: {yaml_value(v)}")
    return "\n".join(lines) + "\n"


def case_json(case):
    out = {k: v for k, v in BASE.items()}
    for k, v in case.items():
        if k != "candles":
            out[k] = v
    order = ["name", "description", "from", "to", "params", "symbols", "timeframe", "calendar", "strategy", "rules",
             "strategy_params", "parameter_ranges", "initial_capital", "position_size", "fee_pct", "slippage_pct",
             "portfolio", "training_window_days", "testing_window_days", "step_days", "warmup_candles",
             "min_trades", "data"]
    return {k: out[k] for k in order if k in out}


def generate_case(name, root):
    spec = CASES[name]
    folder = pathlib.Path(root) / name
    if folder.exists():
        shutil.rmtree(folder)
    for symbol, gen in spec["candles"].items():
        write_candles(folder / "candles" / f"{symbol}.csv", make_candles(**gen))
    case = case_json(spec)
    (folder / "case.json").write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n")
    (folder / "study.yaml").write_text(study_yaml(case))
    trades, equity, summary, diag = simulate(folder)
    write_outputs(folder, trades, equity, summary)
    return summary, diag


def describe(name, summary, diag):
    print(f"{name}: trades {summary['trades']}, skipped entries {summary['skipped_entries']}, "
          f"final equity {summary['final_equity']:.6f}")
    print(f"  exits by reason {diag['reasons']}; binding candles {diag['binding_candles']} "
          f"(of {diag['candidate_candles']} with candidates; {diag['dropped']} candidates dropped); "
          f"rebalances {diag['rebalances']}; max open {diag['max_open']}; min cash {diag['min_cash']:.6f}; "
          f"sized to cash {diag['sized_to_cash']}")
    print(f"  closest calls (relative): rule comparison {diag['rule_margin']:.3g}, rank at a cut "
          f"{diag['min_rank_gap']:.3g}, cash vs cost {diag['min_cash_margin']:.3g}, stop touch {diag['min_stop_margin']:.3g}")
    for key in ("rule_margin", "min_rank_gap", "min_cash_margin", "min_stop_margin"):
        if diag[key] < 1e-9:
            print(f"  WARNING: {key} {diag[key]:.3g} is within 1e-9: the case is fragile", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="regenerate into a temp folder and diff against the fixtures")
    ap.add_argument("command", nargs="?", choices=["generate", "run"])
    ap.add_argument("target", nargs="?")
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            bad = 0
            for name in CASES:
                generate_case(name, tmp)
                fresh, kept = pathlib.Path(tmp) / name, FIXTURES / name
                files = sorted({p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()} |
                               ({p.relative_to(kept) for p in kept.rglob("*") if p.is_file()} if kept.exists() else set()))
                for rel in files:
                    a, b = fresh / rel, kept / rel
                    if not b.exists() or not a.exists() or not filecmp.cmp(a, b, shallow=False):
                        print(f"DIFFERS: {name}/{rel}")
                        bad += 1
            print("portfolio-reference --check:", "ok" if not bad else f"{bad} file(s) differ")
            return 1 if bad else 0
    if args.command == "run":
        if not args.target:
            ap.error("run needs a case folder")
        trades, equity, summary, diag = simulate(args.target)
        write_outputs(args.out or args.target, trades, equity, summary)
        describe(args.target, summary, diag)
        return 0
    if args.command == "generate" or args.command is None:
        names = [args.target] if args.target else list(CASES)
        for name in names:
            summary, diag = generate_case(name, FIXTURES)
            describe(name, summary, diag)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
