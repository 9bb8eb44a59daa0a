import Foundation
import WalkForward

/// A row of `batch`: the runs of one study matrix (one run per cell).
///
/// A batch has no status of its own: it is what its cells' runs are (``BatchTally``).
public typealias BatchRecord = StoredRecord<NewBatch>

extension BatchRecord {
    /// `b3`: how commands and pages name a batch (run ids are bare numbers).
    public var reference: String { Self.reference(id: id) }

    public static func reference(id: Int64) -> String { "b\(id)" }
}

/// A row of `batch` before it is inserted, which gives it its id (``BatchRecord``).
public struct NewBatch: Codable, Sendable {
    public var name: String
    public var createdAt: Int64
    /// The matrix file as read (each cell's run stores it too).
    public var studyText: String
    public var studyHash: String
    public var studyPath: String
    /// JSON of ``axisList``.
    public var axes: String
    public var totalCells: Int
    public var wfoVersion: String

    public init(name: String, createdAt: Int64, studyText: String, studyHash: String, studyPath: String,
                axes: [MatrixAxis], totalCells: Int, wfoVersion: String) {
        self.name = name
        self.createdAt = createdAt
        self.studyText = studyText
        self.studyHash = studyHash
        self.studyPath = studyPath
        self.axes = Self.encode(axes)
        self.totalCells = totalCells
        self.wfoVersion = wfoVersion
    }

    /// The axes in the order written. A row read from the database was checked for them when
    /// read (`Storage`'s `init(row:)` throws naming the row), so they are never empty by damage.
    public var axisList: [MatrixAxis] {
        (try? JSONDecoder().decode([MatrixAxis].self, from: Data(axes.utf8))) ?? []
    }

    package static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}

/// How far a batch is, counted from its cells' runs: what every view of a batch (terminal,
/// JSON, pages) shows.
///
/// `status` is COMPLETED when every cell completed, FAILED when every cell is final and one
/// failed, RUNNING while a cell runs, PENDING before any started, and INTERRUPTED when cells
/// are left and none runs (`wfo run --resume b<id>`).
public struct BatchTally: Sendable, Equatable {
    public let status: RunStatus
    /// Cells COMPLETED or FAILED.
    public let finished: Int
    public let completed: Int
    public let failed: Int
    /// Cells whose verdict is ROBUST.
    public let robust: Int

    public init(runs: [RunRecord]) {
        let statuses = runs.map(\.status)
        if statuses.allSatisfy({ $0 == .completed }) {
            status = .completed
        } else if statuses.allSatisfy(\.isFinal) {
            status = .failed
        } else if statuses.contains(.running) {
            status = .running
        } else if statuses.allSatisfy({ $0 == .pending }) {
            status = .pending
        } else {
            status = .interrupted
        }
        finished = statuses.filter(\.isFinal).count
        completed = statuses.filter { $0 == .completed }.count
        failed = statuses.filter { $0 == .failed }.count
        robust = runs.filter { $0.verdict == .robust }.count
    }
}

/// A row of `batch_cell`: which run is which cell of a batch.
public struct BatchCellRecord: Codable, Sendable {
    public var batchId: Int64
    /// 0-based, in the matrix's expansion order.
    public var cellIndex: Int
    public var runId: Int64
    /// JSON of ``labelList``.
    public var labels: String

    public init(batchId: Int64, cellIndex: Int, runId: Int64, labels: [String]) {
        self.batchId = batchId
        self.cellIndex = cellIndex
        self.runId = runId
        self.labels = NewBatch.encode(labels)
    }

    /// `b1:4`: cell 4 of batch b1, as listings show a batch's run.
    public var reference: String { "\(BatchRecord.reference(id: batchId)):\(cellIndex + 1)" }

    /// The cell's label on each axis, in axis order (checked when the row was read, as ``NewBatch/axisList``).
    public var labelList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(labels.utf8))) ?? []
    }
}

/// A batch's cell and its run.
public struct BatchCell: Sendable {
    public var cell: BatchCellRecord
    public var run: RunRecord

    public init(cell: BatchCellRecord, run: RunRecord) {
        self.cell = cell
        self.run = run
    }
}
