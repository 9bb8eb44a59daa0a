/// One line of a ``TimeSeriesChart``: values over time, in time order.
///
/// `times[i]` pairs with `values[i]` (extra elements of the longer array are ignored).
/// A `nil`, NaN or infinite value is skipped and breaks the line there, so a gap in the
/// data shows as a gap.
public struct TimeSeries: Sendable {
    /// Legend and tooltip name, e.g. `Out-of-sample equity`.
    public var name: String
    /// Epoch milliseconds (UTC), ascending.
    public var times: [Int64]
    /// The value at each time, in the chart's unit (quote currency for equity).
    public var values: [Double?]
    /// How the line is drawn (``LineStroke/dashed`` for benchmarks such as buy-and-hold).
    public var stroke: LineStroke
    /// A colour such as `#0072B2`; `nil` takes the next colour of ``Palette/series``.
    public var color: String?

    public init(name: String, times: [Int64], values: [Double?], stroke: LineStroke = .solid, color: String? = nil) {
        self.name = name
        self.times = times
        self.values = values
        self.stroke = stroke
        self.color = color
    }

    /// Line `index` of an overlay of many: its colour and stroke from ``Palette/distinctLine(_:)``.
    public init(name: String, times: [Int64], values: [Double?], distinctAt index: Int) {
        let (color, stroke) = Palette.distinctLine(index)
        self.init(name: name, times: times, values: values, stroke: stroke, color: color)
    }
}

/// A shaded range over time, such as the 5–95 % band of Monte Carlo equity paths.
///
/// Times where either bound is missing or not finite break the band.
public struct TimeBand: Sendable {
    /// Legend and tooltip name, e.g. `Monte Carlo 5–95 %`.
    public var name: String
    /// Epoch milliseconds (UTC), ascending.
    public var times: [Int64]
    /// The lower edge at each time.
    public var lower: [Double?]
    /// The upper edge at each time.
    public var upper: [Double?]
    /// Fill colour (drawn at 18 % opacity); `nil` is ``Palette/skyBlue``.
    public var color: String?

    public init(name: String, times: [Int64], lower: [Double?], upper: [Double?], color: String? = nil) {
        self.name = name
        self.times = times
        self.lower = lower
        self.upper = upper
        self.color = color
    }
}

/// A dashed horizontal line at a fixed value, labelled at its right end
/// (for example the initial capital).
public struct ReferenceLine: Sendable {
    /// Where the line is, in the chart's value unit.
    public var value: Double
    /// The text written above the line's right end, e.g. `Initial capital 10,000`; may be empty.
    public var label: String

    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}
