import Backtesting
import MarketData

/// `windows.csv` and `trades.csv` of a run (RFC 4180: fields with commas, quotes or line
/// breaks are quoted). Numbers are written in full precision for further analysis.
enum ReportCSV {
    static func windows(_ data: ReportData) -> String {
        var header = ["window", "status", "training_start", "training_end", "testing_start", "testing_end",
                      "best_parameters", "performance_drop_pct"]
        let metricNames = PerformanceSummary.metricNames
        header += metricNames.map { "in_sample_\($0)" } + metricNames.map { "out_of_sample_\($0)" } + ["error"]
        var lines = [header.joined(separator: ",")]
        for window in data.windows {
            let record = window.record
            var fields = [String(record.windowIndex + 1), record.status.rawValue,
                          UTCTime.format(milliseconds: record.trainingStart), UTCTime.format(milliseconds: record.trainingEnd),
                          UTCTime.format(milliseconds: record.testingStart), UTCTime.format(milliseconds: record.testingEnd),
                          record.bestParameterSet?.description ?? "", number(record.performanceDropPct)]
            for summary in [window.inSample, window.outOfSample] {
                let values = summary?.namedValues.map(\.value) ?? Array(repeating: nil, count: metricNames.count)
                fields += values.map(number)
            }
            fields.append(record.error ?? "")
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func trades(_ data: ReportData) -> String {
        var text = "window,sample,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,fees,profit_loss,return_pct,exit_reason,confidence,candles_held\n"
        text.reserveCapacity(data.windows.reduce(0) { $0 + ($1.inSampleTrades.count + $1.outOfSampleTrades.count) * 180 })
        for window in data.windows {
            let number = String(window.record.windowIndex + 1)
            for (sample, trades) in [("out_of_sample", window.outOfSampleTrades), ("in_sample", window.inSampleTrades)] {
                for trade in trades {
                    text += number; text += ","; text += sample; text += ","; text += quote(trade.symbol); text += ","
                    text += trade.side.rawValue; text += ","; text += UTCTime.format(milliseconds: trade.entryTime); text += ","
                    text += Self.number(trade.entryPrice); text += ","; text += UTCTime.format(milliseconds: trade.exitTime)
                    text += ","; text += Self.number(trade.exitPrice); text += ","; text += Self.number(trade.quantity)
                    text += ","; text += Self.number(trade.fees); text += ","; text += Self.number(trade.profitLoss)
                    text += ","; text += Self.number(trade.returnPct); text += ","; text += trade.exitReason.rawValue
                    text += ","; text += Self.number(trade.confidence); text += ","; text += String(trade.candlesHeld)
                    text += "\n"
                }
            }
        }
        return text
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
