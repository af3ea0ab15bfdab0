import DescentTestSupport
import Foundation
import Testing
@testable import Descent

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("creates, then replaces, leaving no temporary files")
    func replace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("model.bin")
        try AtomicFile.write([1, 2, 3], to: url)
        #expect(try Data(contentsOf: url) == Data([1, 2, 3]))
        try AtomicFile.write(Array(repeating: 7, count: 100_000), to: url)
        #expect(try Data(contentsOf: url) == Data(repeating: 7, count: 100_000))
        try AtomicFile.write([], to: url)
        #expect(try Data(contentsOf: url).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["model.bin"])
    }

    @Test("a missing directory is a typed error and leaves nothing behind")
    func missingDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("absent/model.bin")
        do {
            try AtomicFile.write([1], to: url)
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(error.operation == "create")
            #expect(error.code == ENOENT)
            #expect(error.description.hasSuffix(": cannot create: no such file or directory"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test("a failed rename (destination is a non-empty directory) keeps the destination and cleans up")
    func failedRename() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let destination = directory.file("model")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        try directory.write([9], to: "model/keep")
        #expect(throws: AtomicFileError.self) { try AtomicFile.write([1], to: destination) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["model"])
        #expect(try Data(contentsOf: directory.file("model/keep")) == Data([9]))
    }
}
