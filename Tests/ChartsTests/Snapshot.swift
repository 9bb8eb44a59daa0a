import Foundation
import Testing

/// Byte-for-byte comparison with `Tests/ChartsTests/__Snapshots__/NAME.svg`.
///
/// With `WFO_RECORD_SNAPSHOTS=1` in the environment the file is (re)written and the
/// check passes; otherwise a missing or different file fails the test.
enum Snapshot {
    static func folder(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    }

    static func assertMatches(_ svg: String, named name: String, filePath: String = #filePath,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let directory = folder(filePath: filePath)
        let file = directory.appendingPathComponent(name + ".svg")
        if ProcessInfo.processInfo.environment["WFO_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(svg.utf8).write(to: file)
            return
        }
        guard let recorded = try? Data(contentsOf: file) else {
            Issue.record("no snapshot \(file.path); run with WFO_RECORD_SNAPSHOTS=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        if recorded != Data(svg.utf8) {
            let old = String(decoding: recorded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let new = svg.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<Swift.min(old.count, new.count)).first { old[$0] != new[$0] } ?? Swift.min(old.count, new.count)
            let was = line < old.count ? String(old[line]) : "<end>"
            let now = line < new.count ? String(new[line]) : "<end>"
            Issue.record("\(name).svg differs at line \(line + 1):\n  recorded: \(was)\n  rendered: \(now)",
                         sourceLocation: sourceLocation)
        }
    }
}
