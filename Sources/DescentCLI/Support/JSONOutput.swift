import Descent

/// The CLI's `--json` output: `JSONValue`, written with `JSONValue.text`.
typealias JSON = JSONValue
