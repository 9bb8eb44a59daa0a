/// Causal technical indicators computed over a whole column of candle values.
///
/// Every function takes plain `[Double]` columns (opens, highs, lows, closes or
/// volumes, oldest first) and returns arrays of the same length, computed in one
/// pass with the output allocated once.
///
/// Conventions shared by all indicators:
/// - **Causal:** the value at index `i` depends only on inputs at indices `<= i`, so
///   computing on a prefix gives the same values as computing on the whole series.
/// - **Undefined is NaN:** indices before the first defined index (documented on each
///   function) hold `Double.nan`. A series shorter than that gives all NaN; an empty
///   series gives an empty result.
/// - **Periods** must be at least 1 (checked with `precondition`), and columns passed
///   together must have the same length.
/// - **Inputs** are expected to be finite; NaN inputs are not handled except where a
///   function says so (``Indicator/ema(_:period:)`` skips leading NaNs).
///
/// Seeding follows TA-Lib 0.8, so the values match its output from the first defined
/// index (checked against golden values in the tests).
///
/// ```swift
/// let rsi = Indicator.rsi(closes, period: 14)      // rsi[0..<14] are NaN
/// let bands = Indicator.bollinger(closes, period: 20, deviations: 2)
/// ```
public enum Indicator {}
