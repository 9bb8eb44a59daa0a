/// A rectangle of the drawing, in SVG user units (y grows downward).
struct PlotArea {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var right: Double { x + width }
    var bottom: Double { y + height }
    var centerX: Double { x + width / 2 }
    var centerY: Double { y + height / 2 }
}

/// Maps a numeric domain onto a pixel range, linearly.
struct LinearScale {
    let domainLower: Double
    let domainUpper: Double
    let rangeStart: Double
    let rangeEnd: Double

    init(domain: (Double, Double), range: (Double, Double)) {
        domainLower = domain.0
        domainUpper = domain.1 > domain.0 ? domain.1 : domain.0 + 1
        rangeStart = range.0
        rangeEnd = range.1
    }

    func callAsFunction(_ value: Double) -> Double {
        let t = (value - domainLower) / (domainUpper - domainLower)
        return rangeStart + (t.isFinite ? t : 0) * (rangeEnd - rangeStart)
    }

    /// Whether `value` lies within the domain.
    func contains(_ value: Double) -> Bool {
        value >= domainLower && value <= domainUpper
    }
}

/// Maps epoch milliseconds onto a pixel range, linearly.
struct TimeScale {
    let start: Int64
    let end: Int64
    let rangeStart: Double
    let rangeEnd: Double

    init(from: Int64, to: Int64, range: (Double, Double)) {
        start = from
        end = to > from ? to : from &+ 1
        rangeStart = range.0
        rangeEnd = range.1
    }

    func callAsFunction(_ time: Int64) -> Double {
        let t = (Double(time) - Double(start)) / (Double(end) - Double(start))
        return rangeStart + t * (rangeEnd - rangeStart)
    }
}
