import Backtesting
import GRDB
import MarketData
import RunRecords
import WalkForward

// The enums stored as text write through GRDB's `DatabaseValueConvertible` (by raw value) and
// read through ``StoredRow`` (``StoredTextEnum``): a column holding anything else is damage
// naming the table, column and row, never a default (a corrupt `side` used to read as `.long`).
extension Side: DatabaseValueConvertible, StoredTextEnum {}
extension ExitReason: DatabaseValueConvertible, StoredTextEnum {}
extension RunStatus: DatabaseValueConvertible, StoredTextEnum {}
extension WindowStatus: DatabaseValueConvertible, StoredTextEnum {}
extension Verdict: DatabaseValueConvertible, StoredTextEnum {}
extension Objective: DatabaseValueConvertible, StoredTextEnum {}
extension Timeframe: DatabaseValueConvertible, StoredTextEnum {}
extension Sample: DatabaseValueConvertible, StoredTextEnum {}
extension EquityPointRecord.Series: DatabaseValueConvertible, StoredTextEnum {}
