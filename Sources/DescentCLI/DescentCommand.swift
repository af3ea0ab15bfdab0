import ArgumentParser

/// The `descent` command: build, train and debug deep fully connected networks.
public struct DescentCommand: ParsableCommand {
    /// The command's name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Build, train and debug deep fully connected neural networks.",
        subcommands: []
    )

    /// Creates the command (argument parsing fills it in).
    public init() {}
}
