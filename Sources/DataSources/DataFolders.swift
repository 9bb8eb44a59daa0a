import CandleImport
import Foundation
import MarketData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folders a study sent to `wfo serve` may read `csv` candles from (`--data-dir`,
/// repeatable). The command line reads any path; a server's clients read only these.
///
/// A study's `data.path` is confined in three steps, so neither `..`, an encoded name nor a
/// symlink leads out:
/// 1. a path with a `..` segment is refused outright, before the file system is touched;
/// 2. a relative path is taken inside the first folder; an absolute one must lie inside one
///    of the folders as written (so nothing outside is even looked at);
/// 3. the files it expands to (a file, a folder's candle files, a glob's matches) are each
///    resolved with `realpath` — every symlink followed — and must lie inside one of the
///    folders, also resolved. The resolved paths are what is then read.
///
/// With no folder given, every `csv` study is refused with a message saying how to allow one.
/// Messages name the path the client sent and the folders, never what a file holds.
///
/// ```swift
/// let folders = try DataFolders(["/srv/candles"])
/// try folders.files(for: "BTCUSDT-5m-2024-01.zip", symbol: "BTCUSDT", timeframe: .fiveMinutes)
/// // ["/srv/candles/BTCUSDT-5m-2024-01.zip"]
/// try folders.files(for: "/etc/shadow", symbol: "BTCUSDT", timeframe: .fiveMinutes)
/// // throws .notAllowed("data.path /etc/shadow is outside the server's data folders (/srv/candles); …")
/// ```
public struct DataFolders: Sendable, Equatable {
    /// Each folder as given, made absolute and standardized (for the lexical check).
    public let folders: [String]
    /// Each folder with its symlinks resolved (for the check of the files read).
    public let realFolders: [String]

    /// - Parameter paths: The `--data-dir` folders; each must exist and be a folder.
    /// - Throws: ``DataSourceError/unavailable(_:)`` naming a folder that is missing or not a folder.
    public init(_ paths: [String]) throws(DataSourceError) {
        var folders: [String] = [], realFolders: [String] = []
        for path in paths {
            let absolute = Self.absolute(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue,
                  let real = Self.realPath(absolute) else {
                throw .unavailable("--data-dir \(path) is not a folder; give a folder that holds candle files")
            }
            folders.append(absolute)
            realFolders.append(real)
        }
        self.folders = folders
        self.realFolders = realFolders
    }

    /// The resolved files `dataPath` names for one symbol, each inside a data folder.
    ///
    /// - Throws: ``DataSourceError/notAllowed(_:)`` for a path or file outside the folders (or
    ///   when there are none), ``DataSourceError/badFile(_:)`` when the path names no file.
    public func files(for dataPath: String, symbol: String, timeframe: Timeframe) throws(DataSourceError) -> [String] {
        guard let first = folders.first else {
            throw .notAllowed("this server reads csv data only from folders allowed with `wfo serve --data-dir DIR`, "
                + "and none was given; restart it with --data-dir naming the folder that holds the candles")
        }
        let allowed = "the server's data folders (\(folders.joined(separator: ", ")))"
        guard !dataPath.isEmpty, !dataPath.contains("\0") else { throw .notAllowed("data.path is empty; name a file or folder inside \(allowed)") }
        guard !dataPath.split(separator: "/").contains("..") else {
            throw .notAllowed("data.path \(dataPath) has a '..' segment, which a study sent to the server may not use; "
                + "name the data inside \(allowed)")
        }
        let path = dataPath.hasPrefix("/") ? (dataPath as NSString).standardizingPath
            : ((first as NSString).appendingPathComponent(dataPath) as NSString).standardizingPath
        guard Self.isInside(path, folders) else {
            throw .notAllowed("data.path \(dataPath) is outside \(allowed); move the data there or add its folder with --data-dir")
        }
        let found: [String]
        do throws(CandleImportError) {
            found = try CandleImporter.resolve(paths: [path], symbol: symbol, timeframe: timeframe)
        } catch {
            throw .badFile(error)
        }
        return try found.map { file throws(DataSourceError) in
            guard let real = Self.realPath(file), Self.isInside(real, realFolders) else {
                throw .notAllowed("data.path \(dataPath) leads to a file outside \(allowed) (through a symbolic link); "
                    + "keep the data itself inside a data folder")
            }
            return real
        }
    }

    /// Whether `path` is one of `folders` or lies below one.
    static func isInside(_ path: String, _ folders: [String]) -> Bool {
        folders.contains { folder in path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") }
    }

    static func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    /// The path with every symlink resolved (`realpath(3)`), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
