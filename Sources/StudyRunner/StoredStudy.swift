import StudyFile

extension StudyRunner {
    /// A study rebuilt from the text stored with its run (or written to a cluster's work
    /// folder): the one place a stored study is parsed again, for a resume, a retry, a merge
    /// job and an array task alike.
    /// - Parameters:
    ///   - cell: for a batch's run, the cell of the stored matrix the run executes.
    ///   - copiesIn: for a cluster run, the work folder's copies of the files the study names
    ///     (a holiday file), read instead of the user's paths, which a node may not see; nil:
    ///     the files as the current ``StudyParser/fileAccess`` allows.
    /// - Throws: the study's problems when it no longer validates (a later wfo, a hand edit).
    static func rebuildStudy(_ text: String, path: String, cell: Int?, copiesIn filesFolder: String?) throws(StudyError) -> Study {
        let access = filesFolder.map { StudyFileAccess.copies(in: $0) } ?? StudyParser.fileAccess
        let parsed = StudyParser.$fileAccess.withValue(access) { () -> Result<Study, StudyError> in
            Result { () throws(StudyError) in
                if let cell { return try StudyParser.parseCell(text, path: path, cell: cell) }
                return try StudyParser.parse(text, path: path)
            }
        }
        return try parsed.get()
    }
}
