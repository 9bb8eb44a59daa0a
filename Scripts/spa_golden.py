#!/usr/bin/env python3
"""Writes Tests/OverfittingTests/Golden/spa-arch.json: the p-values of White's Reality Check and
Hansen's SPA as the PyPI package `arch` computes them (arch.bootstrap.SPA), and its Politis–White
block lengths (arch.bootstrap.optimal_block_length), on returns made up here.

Generated with arch 8.0.0 and numpy on CPython 3.11.7:

    pip install arch==8.0.0
    python3 Scripts/spa_golden.py [--output PATH]

Each case holds T daily returns of k trials and of the benchmark, generated from a fixed numpy
seed, the stationary bootstrap's mean block length, and the B resamples' indices arch drew
(recorded as it drew them, so the Swift test feeds the same indices to its own implementation),
with arch's lower, consistent and upper p-values. arch works on losses: a trial's loss is minus
its return, so arch's loss differential benchmark − trial is the trial's return minus the
benchmark's. The Reality Check is the upper p-value (every trial recentred at its mean; arch
8.0.0 does not studentize the statistic, whatever its `studentize` flag says).

Returns are rounded to 8 decimals before arch sees them and floats are written with Python's repr (shortest round-trip), so the Swift side reads exactly the
values arch used. A rerun writes the same bytes.
"""
import argparse
import json
import pathlib
import sys

try:
    import numpy as np
    import arch
    from arch.bootstrap import SPA, optimal_block_length
except ImportError as error:  # pragma: no cover - dev-time script
    print(f"spa_golden.py: {error}; run `pip install arch==8.0.0`", file=sys.stderr)
    sys.exit(2)


def spa_case(name, returns, benchmark, block_length, reps, seed):
    """arch's SPA on (T × k) returns against a benchmark, with the indices it drew. The
    returns are rounded to 8 decimals first, so the file holds exactly what arch used."""
    returns, benchmark = np.round(returns, 8), np.round(benchmark, 8)
    losses = -np.asarray(returns)
    spa = SPA(-np.asarray(benchmark), losses, block_size=block_length, reps=reps, seed=seed)
    drawn = []
    original = spa.bootstrap.update_indices

    def recording():
        indices = original()
        drawn.append([int(i) for i in indices])
        return indices

    spa.bootstrap.update_indices = recording
    spa.compute()
    p = spa.pvalues
    return {
        "name": name,
        "block_length": block_length,
        "trials": [[float(v) for v in column] for column in np.asarray(returns).T],
        "benchmark": [float(v) for v in benchmark],
        "indices": drawn,
        "lower": float(p["lower"]),
        "consistent": float(p["consistent"]),
        "upper": float(p["upper"]),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", default="Tests/OverfittingTests/Golden/spa-arch.json")
    output = pathlib.Path(parser.parse_args().output)
    rng = np.random.default_rng(20261205)
    cases = []

    # Many poor trials and one good one, against zero: the good one should be found.
    days, poor = 90, 59
    returns = rng.normal(-0.001, 0.01, (days, poor + 1))
    returns[:, 17] = rng.normal(0.004, 0.01, days)
    cases.append(spa_case("one good among many poor", returns, np.zeros(days), 5.0, 200, 1))

    # No edge, returns sharing an AR(1) factor, against a buy-and-hold-like benchmark; a
    # fractional mean block length.
    days, k = 120, 30
    factor = np.zeros(days)
    shocks = rng.normal(0, 0.01, days)
    for t in range(1, days):
        factor[t] = 0.3 * factor[t - 1] + shocks[t]
    returns = 0.5 * factor[:, None] + rng.normal(0, 0.008, (days, k))
    benchmark = 0.7 * factor + rng.normal(0.0002, 0.005, days)
    cases.append(spa_case("no edge against buy and hold", returns, benchmark, 8.25, 200, 7))

    # Every trial worse than the benchmark: the lower p-value recentres none of them.
    days, k = 60, 12
    returns = rng.normal(-0.003, 0.012, (days, k))
    cases.append(spa_case("all worse than zero", returns, np.zeros(days), 3.0, 150, 3))

    # Politis–White block lengths of a few series (the stationary bootstrap's column).
    blocks = []
    for name, series in [
        ("white noise, 90 days", rng.normal(0, 0.01, 90)),
        ("AR(1) 0.6, 250 days", np.array(list(ar1(rng, 0.6, 250)))),
        ("AR(1) 0.2, 1000 days", np.array(list(ar1(rng, 0.2, 1000)))),
        ("the good trial above", cases[0]["trials"][17]),
    ]:
        series = np.round(np.asarray(series, dtype=float), 8)
        length = float(optimal_block_length(series)["stationary"].iloc[0])
        blocks.append({"name": name, "series": [float(v) for v in series], "stationary": length})

    document = {"source": f"arch {arch.__version__}, numpy {np.__version__}", "spa": cases, "block_lengths": blocks}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"wrote {output}: {len(cases)} SPA cases, {len(blocks)} block lengths")


def ar1(rng, rho, count):
    value = 0.0
    for shock in rng.normal(0, 0.01, count):
        value = rho * value + shock
        yield value


if __name__ == "__main__":
    main()
