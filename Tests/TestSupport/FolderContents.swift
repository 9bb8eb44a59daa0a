import Foundation

/// Every file under a folder, by relative path, with its bytes: for "nothing changed" and
/// "same bytes" checks.
public enum FolderContents {
    /// - Parameter skipping: relative paths left out (e.g. SQLite's `-shm` index, which readers touch).
    public static func files(in folder: String, skipping: (String) -> Bool = { _ in false }) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            guard !skipping(relative) else { continue }
            var isFolder: ObjCBool = false
            let path = (folder as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                files[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return files
    }
}
