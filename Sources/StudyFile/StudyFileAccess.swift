import Digest
import Foundation

/// Where the files a study names besides its data (a calendar's holiday file) are read from.
///
/// The command line reads them where the study says (``local``). A server reads none
/// (``refused(_:)``: a study sent to it carries its holidays inline), and a cluster task or
/// merge job reads the copies the client put in the run's work folder (``copies(in:)``), so no
/// node ever opens a user's path.
///
/// Set for a parse with `StudyParser.$fileAccess.withValue(...) { ... }`.
public enum StudyFileAccess: Sendable {
    case local
    /// No file is read; the string says why.
    case refused(String)
    /// Files are read from this folder, under ``copyName(of:)``.
    case copies(in: String)

    /// A file's contents, or why it cannot be had.
    func read(_ path: String) -> Result<Data, StudyFileAccessFailure> {
        switch self {
        case .local:
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(StudyFileAccessFailure(reason: "no such file, or it cannot be read; check the path (relative to the study file)"))
            }
            return .success(data)
        case let .refused(reason):
            return .failure(StudyFileAccessFailure(reason: reason))
        case let .copies(folder):
            guard let data = FileManager.default.contents(atPath: folder + "/" + Self.copyName(of: path)) else {
                return .failure(StudyFileAccessFailure(reason: "its copy is missing from \(folder); submit the run again"))
            }
            return .success(data)
        }
    }

    /// The name a file's copy has in a work folder: 12 hex digits of its absolute path, then
    /// its own name (two `holidays.csv` of different folders stay apart).
    public static func copyName(of path: String) -> String {
        String(SHA256.hexDigest(of: Array(path.utf8)).prefix(12)) + "-" + (path as NSString).lastPathComponent
    }
}

struct StudyFileAccessFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

extension StudyParser {
    /// How this parse reads the files a study names (``StudyFileAccess``); the command line's
    /// default reads them where the study says.
    @TaskLocal public static var fileAccess: StudyFileAccess = .local
}
