import Cluster
import Foundation
import RunRecords
import Storage

extension StudyRunner {
    /// A cluster run's units right now, counted from its work folder's result files and the
    /// Slurm queue: a unit is done when its task's result is there (or its window is merged),
    /// running or pending as the queue lists its task, and failed when its task ended without
    /// a result. Nil when the folder or the queue cannot be read; then the counts the client
    /// last stored (``ClusterRunRecord``) are what there is.
    public static func liveUnitCounts(of record: ClusterRunRecord, windows: [WindowRecord]) -> UnitCounts? {
        let folder = WorkFolder(path: record.workFolder)
        guard let manifest = try? folder.manifest(), let queue = Slurm().queuedTasks(jobs: record.jobIdList) else { return nil }
        let merged = Set(windows.filter(\.status.isFinished).map(\.windowIndex))
        var counts = UnitCounts()
        for task in manifest.tasks.indices {
            let units = manifest.units(ofTask: task)
            if units.allSatisfy({ merged.contains($0.windowIndex) })
                || FileManager.default.fileExists(atPath: folder.resultPath(task: task)) {
                counts.done += units.count
            } else if queue[task] == .running {
                counts.running += units.count
            } else if queue[task] != nil {
                counts.pending += units.count
            } else {
                counts.failed += units.count
            }
        }
        return counts
    }
}
