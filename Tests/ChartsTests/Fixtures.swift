import Charts
import MarketData

/// Deterministic inputs for the chart tests (an integer LCG, no libm, so snapshots are
/// the same on every machine).
enum Fixtures {
    struct LCG {
        var state: UInt64
        mutating func next() -> Double { // uniform in [-1, 1)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 52) - 1
        }
    }

    static let start = UTCTime.milliseconds(year: 2024, month: 1, day: 1)
    static let day = UTCTime.millisecondsPerDay

    /// `count` points, one every `step` ms from 2024-01-01, a random walk from `from`.
    static func walk(count: Int, step: Int64 = day, from: Double = 10_000, drift: Double = 8,
                     volatility: Double = 60, seed: UInt64 = 1) -> (times: [Int64], values: [Double]) {
        var generator = LCG(state: seed)
        var value = from
        var times: [Int64] = [], values: [Double] = []
        for i in 0..<count {
            times.append(start + Int64(i) * step)
            values.append(value)
            value += drift + volatility * generator.next()
        }
        return (times, values)
    }

    static func equityChart(points: Int = 120) -> TimeSeriesChart {
        let strategy = walk(count: points, seed: 7)
        let hold = walk(count: points, drift: 3, volatility: 110, seed: 11)
        return TimeSeriesChart(
            title: "Stitched out-of-sample equity",
            yAxisTitle: "Equity (USDT)",
            series: [
                TimeSeries(name: "Walk-forward (out-of-sample)", times: strategy.times, values: strategy.values),
                TimeSeries(name: "Buy and hold", times: hold.times, values: hold.values, stroke: .dashed),
            ],
            referenceLine: ReferenceLine(value: 10_000, label: "Initial capital 10,000"))
    }

    static func degradationChart() -> BarChart {
        let inSample: [Double] = [0.42, 0.31, 0.55, 0.12, 0.38, 0.29, 0.47, 0.22, 0.35]
        let outOfSample: [Double?] = [0.28, -0.12, 0.41, nil, 0.05, -0.2, 0.33, 0.25, 0.1]
        var groups: [BarGroup] = []
        for index in 0..<9 {
            let label = "W\(index + 1)"
            if index == 3 {
                groups.append(.failed(label: label, reason: "too few candles"))
                continue
            }
            let oos = outOfSample[index] ?? 0
            let change = (oos - inSample[index]) / abs(inSample[index]) * 100
            groups.append(BarGroup(label: label, values: [inSample[index], oos],
                                   annotation: BarGroup.percentAnnotation(change)))
        }
        return BarChart(title: "In-sample vs out-of-sample return rate", yAxisTitle: "Return rate (% per day)",
                        valueFormat: .percent, seriesNames: ["In-sample", "Out-of-sample"], groups: groups,
                        annotationCaption: "Change")
    }

    static func stabilityChart() -> SmallMultiplesChart {
        SmallMultiplesChart(title: "Parameter stability", panels: [
            ParameterSeries(name: "rsi_period", values: [14, 14, 21, nil, 7, 14, 14, 21, 14], searchedRange: 7...21),
            ParameterSeries(name: "rsi_oversold", values: [30, 25, 30, nil, 30, 20, 25, 30, 30], searchedRange: 20...30),
            ParameterSeries(name: "rsi_overbought", values: [70, 75, 70, nil, 80, 75, 70, 70, 75], searchedRange: 70...80),
            ParameterSeries(name: "stop_loss_pct", values: [1.5, 2, 2.5, nil, 1.5, 1.5, 2, 3, 2.5], searchedRange: 1...3),
        ])
    }

    static func heatmap() -> Heatmap {
        let xs = ["7", "14", "21"], ys = ["20", "25", "30"]
        let values: [[Double?]] = [
            [41.3, 52.5, 47.0],
            [44.8, 58.9, 50.2],
            [39.1, 61.2, nil],
        ]
        return Heatmap(title: "In-sample score (W1)", xName: "rsi_period", yName: "rsi_oversold",
                       xValues: xs, yValues: ys, values: values, valueName: "Score")
    }

    static func linePlot() -> LinePlot {
        LinePlot(title: "In-sample score by rsi_period", xName: "rsi_period", yAxisTitle: "Score",
                 xValues: [5, 7, 10, 14, 18, 21, 25, 30], yValues: [35.2, 41.3, 48.8, 61.2, 57.5, nil, 44.1, 38.0],
                 highlight: 14)
    }

    static func histogram() -> Histogram {
        var generator = LCG(state: 3)
        let values = (0..<300).map { _ in
            (generator.next() + generator.next() + generator.next()) * 1.2 + 0.4
        }
        return Histogram(title: "Logits of the out-of-sample rank", xAxisTitle: "Logit λ", values: values,
                         marker: ReferenceLine(value: 0, label: "λ = 0"))
    }

    /// 240 hourly price columns (a random walk with its lows and highs, and one spike up at
    /// column 100) and 12 trades, long and short, with every exit reason.
    static func tradeChart() -> TradeChart {
        let hour: Int64 = 3_600_000
        let walk = walk(count: 240, step: hour, from: 100, drift: 0.02, volatility: 0.6, seed: 9)
        var highs = walk.values.map { $0 + 0.4 }
        highs[100] += 12
        let prices = TradeChart.PriceColumns(times: walk.times, lows: walk.values.map { $0 - 0.4 }, highs: highs, closes: walk.values)
        let reasons = ["signal", "stop_loss", "take_profit", "trailing_stop", "time_limit", "session_close", "end"]
        let trades = (0..<12).map { index -> TradeChart.Marker in
            let entry = 5 + index * 19, exit = 5 + index * 19 + 9
            let isLong = index % 3 != 2
            let move = walk.values[exit] - walk.values[entry]
            return TradeChart.Marker(isLong: isLong, entryTime: walk.times[entry], entryPrice: walk.values[entry], exitTime: walk.times[exit],
                                     exitPrice: walk.values[exit], exitReason: reasons[index % reasons.count], profitLoss: isLong ? move : -move)
        }
        return TradeChart(title: "Window 1: BTCUSDT out of sample, with its trades", yAxisTitle: "Price (USDT)", prices: prices, trades: trades)
    }
}
