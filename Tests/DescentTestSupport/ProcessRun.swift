import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A finished child process: its exit status, output and whether a signal ended it.
///
/// Not its peak memory: on Linux a child's `ru_maxrss` (from `wait4`) also counts this process's
/// own peak at the time of the spawn (`execve` folds the replaced address space's peak into it), so
/// with tests running in parallel it says more about the test runner than about the child. A
/// `descent` child reports its own peak instead (`DESCENT_PEAK_MEMORY=1`).
///
/// The child is started with `posix_spawn`; its standard input is fed and its standard output and
/// error are drained together in one `poll` loop, so a child that fills one pipe while the test
/// waits on the other cannot deadlock, and an interrupted system call (`EINTR`) is retried.
public struct ProcessRun {
    /// The exit status (or the signal number when `crashed`).
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
    /// True when the process ended by a signal (a crash), not by exit.
    public var crashed: Bool

    /// Runs `executable arguments…` in `directory` (default: the temporary directory) with
    /// `input` on its standard input (default: none, an immediate end of file), and waits for it.
    /// `environment` adds or overrides variables of this process's environment.
    public init(_ executable: URL, _ arguments: [String], in directory: URL? = nil, input: [UInt8] = [],
                environment: [String: String] = [:]) throws {
        var inputPipe: [Int32] = [0, 0], outputPipe: [Int32] = [0, 0], errorPipe: [Int32] = [0, 0]
        guard pipe(&inputPipe) == 0, pipe(&outputPipe) == 0, pipe(&errorPipe) == 0 else { throw ProcessRunError.system("pipe", errno) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        for descriptor in inputPipe + outputPipe + errorPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }
        let workingDirectory = (directory ?? FileManager.default.temporaryDirectory).path

        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment { variables[name] = value }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        // The child changes directory through `/bin/sh -c 'cd DIR && exec PROGRAM …'` (Swift's
        // Glibc module has no posix_spawn chdir action); `exec` keeps the pid, so `waitpid` still
        // reports the program's own status.
        let shellArgv = (["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory, executable.path] + arguments).map { strdup($0) } + [nil]
        defer { shellArgv.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, shellArgv, envp)
        close(inputPipe[0])
        close(outputPipe[1])
        close(errorPipe[1])
        guard spawned == 0 else {
            [inputPipe[1], outputPipe[0], errorPipe[0]].forEach { close($0) }
            throw ProcessRunError.system("posix_spawn", spawned)
        }

        // Feed the input and drain both outputs together.
        _ = fcntl(inputPipe[1], F_SETFL, fcntl(inputPipe[1], F_GETFL) | O_NONBLOCK)
        signal(SIGPIPE, SIG_IGN)
        var written = 0
        var inputOpen = true
        if input.isEmpty { close(inputPipe[1]); inputOpen = false }
        var output: [UInt8] = [], errors: [UInt8] = []
        var open = [outputPipe[0]: true, errorPipe[0]: true]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.values.contains(true) || inputOpen {
            var descriptors: [pollfd] = []
            if inputOpen { descriptors.append(pollfd(fd: inputPipe[1], events: Int16(POLLOUT), revents: 0)) }
            for (descriptor, isOpen) in open where isOpen { descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw ProcessRunError.system("poll", errno)
            }
            for entry in descriptors where entry.revents != 0 {
                if inputOpen && entry.fd == inputPipe[1] {
                    let count = input.withUnsafeBytes { write(entry.fd, $0.baseAddress! + written, input.count - written) }
                    if count > 0 { written += count }
                    if (count < 0 && errno != EINTR && errno != EAGAIN) || written == input.count {
                        close(entry.fd)
                        inputOpen = false
                    }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == outputPipe[0] { output += buffer[0..<count] } else { errors += buffer[0..<count] }
                } else if count == 0 || errno != EINTR {
                    close(entry.fd)
                    open[entry.fd] = false
                }
            }
        }

        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 {
            guard errno == EINTR else { throw ProcessRunError.system("waitpid", errno) }
        }
        let signalled = (waitStatus & 0x7F) != 0 && (waitStatus & 0x7F) != 0x7F
        crashed = signalled
        status = signalled ? waitStatus & 0x7F : (waitStatus >> 8) & 0xFF
        standardOutput = String(decoding: output, as: UTF8.self)
        standardError = String(decoding: errors, as: UTF8.self)
    }
}

/// A system call that failed while starting or waiting for a child process.
public enum ProcessRunError: Error, CustomStringConvertible {
    case system(String, Int32)

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

extension ProcessRun {
    /// Runs the `descent` at `executable` with `DESCENT_PEAK_MEMORY=1` and returns the run, its
    /// report line taken out of `standardError`, and the peak resident bytes the child reported of
    /// itself (its own `VmHWM`, which — unlike `wait4`'s `ru_maxrss` — leaves this process out).
    public static func measuringPeakMemory(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> (run: ProcessRun, peakBytes: Int) {
        var run = try ProcessRun(executable, arguments, in: directory, environment: ["DESCENT_PEAK_MEMORY": "1"])
        var lines = run.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.lastIndex(where: { $0.hasPrefix("peak memory: ") }),
              let bytes = lines[index].dropFirst("peak memory: ".count).split(separator: " ").first.flatMap({ Int($0) }) else {
            throw CocoaError(.propertyListReadCorrupt, userInfo: [NSDebugDescriptionErrorKey: "no peak memory line in: \(run.standardError)"])
        }
        lines.remove(at: index)
        run.standardError = lines.joined(separator: "\n")
        return (run, bytes)
    }
}
