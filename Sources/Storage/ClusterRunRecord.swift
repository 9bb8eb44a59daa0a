import Foundation
import GRDB
import RunRecords

extension WFODatabase {
    /// How run `runID` executes on a cluster; nil for a local run.
    public func clusterRun(ofRun runID: Int64) throws(StorageError) -> ClusterRunRecord? {
        try read { db in try ClusterRunRecord.fetchOne(db, key: runID) }
    }

    public func saveClusterRun(_ record: ClusterRunRecord) throws(StorageError) {
        try write { db in try record.save(db) }
    }

    /// Appends a submitted job id.
    public func addClusterJob(_ jobID: String, toRun runID: Int64) throws(StorageError) {
        try write { db in
            try db.execute(sql: "UPDATE cluster_run SET job_ids = trim(job_ids || ' ' || ?), updated_at = ? WHERE run_id = ?",
                           arguments: [jobID, Self.now(), runID])
        }
    }

    /// Records the resubmission counts and the job ids after the client submitted tasks again.
    public func saveResubmissions(_ record: ClusterRunRecord) throws(StorageError) {
        try write { db in
            try db.execute(sql: "UPDATE cluster_run SET resubmissions = ?, updated_at = ? WHERE run_id = ?",
                           arguments: [record.resubmissions, Self.now(), record.runId])
        }
    }

    /// Records (or clears, with nil) the job that merges a detached run's results.
    public func setMergeJob(_ jobID: String?, ofRun runID: Int64) throws(StorageError) {
        try write { db in
            try db.execute(sql: "UPDATE cluster_run SET merge_job_id = ?, updated_at = ? WHERE run_id = ?",
                           arguments: [jobID, Self.now(), runID])
        }
    }

    public func setUnitCounts(_ counts: UnitCounts, ofRun runID: Int64) throws(StorageError) {
        try write { db in
            try db.execute(sql: """
                UPDATE cluster_run SET units_done = ?, units_running = ?, units_pending = ?, units_failed = ?, updated_at = ?
                WHERE run_id = ?
                """, arguments: [counts.done, counts.running, counts.pending, counts.failed, Self.now(), runID])
        }
    }
}

extension ClusterRunRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "cluster_run"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Every column checked for its storage class (``StoredRowDecoder``), and the resubmission
    /// counts for being readable: damage is an error naming the row, never no retry bound.
    public init(row: Row) throws {
        self = try StoredRowDecoder.decode(Self.self, from: row, table: Self.databaseTableName)
        _ = try resubmissionCounts()
    }
}
