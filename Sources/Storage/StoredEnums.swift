import Backtesting
import GRDB
import WalkForward

// The enums stored as text read and write through GRDB's `DatabaseValueConvertible` (by raw
// value): a column holding anything else is a decoding error, never a default (a corrupt
// `side` used to read as `.long`).
extension Side: DatabaseValueConvertible {}
extension ExitReason: DatabaseValueConvertible {}
extension RunStatus: DatabaseValueConvertible {}
extension WindowStatus: DatabaseValueConvertible {}
extension Verdict: DatabaseValueConvertible {}
extension Sample: DatabaseValueConvertible {}
extension EquityPointRecord.Series: DatabaseValueConvertible {}
