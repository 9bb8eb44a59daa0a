extension TimeSeriesChart {
    /// Where the reference line's label collides with no line: above or below the line, at
    /// its right end, else at its left end; above at the right end if every place is taken.
    func labelPlacement(width: Double, lineY: Double, plot: PlotArea, series: [TimeSeries],
                                x: TimeScale, y: LinearScale) -> (atRight: Bool, baseline: Double) {
        let above = (baseline: lineY - 5, top: lineY - 16, bottom: lineY - 1)
        let below = (baseline: lineY + 14, top: lineY + 1, bottom: lineY + 18)
        var options: [(atRight: Bool, box: (baseline: Double, top: Double, bottom: Double))] = []
        for atRight in [true, false] {
            if above.top >= plot.y { options.append((atRight, above)) }
            if below.bottom <= plot.bottom { options.append((atRight, below)) }
        }
        for option in options {
            let left = option.atRight ? plot.right - width : plot.x
            let right = left + width
            var clear = true
            search: for line in series {
                var previous: (Double, Double)?
                for (time, value) in zip(line.times, line.values) {
                    guard let value, value.isFinite else {
                        previous = nil
                        continue
                    }
                    let point = (x(time), y(value))
                    // A segment crossing the box's x range: test its y extent there.
                    if let p = previous, Swift.max(p.0, point.0) >= left, Swift.min(p.0, point.0) <= right,
                       Swift.max(p.1, point.1) >= option.box.top, Swift.min(p.1, point.1) <= option.box.bottom {
                        clear = false
                        break search
                    }
                    if point.0 >= left, point.0 <= right, point.1 >= option.box.top, point.1 <= option.box.bottom {
                        clear = false
                        break search
                    }
                    previous = point
                }
            }
            if clear { return (option.atRight, option.box.baseline) }
        }
        return (true, above.baseline)
    }
}
