/// The version of the Descent library and of the `descent` command (`descent --version`), as
/// `major.minor.patch` (semantic versioning).
public let version = "0.1.0"
