import Foundation
#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
private func closeSocket(_ descriptor: Int32) { _ = Glibc.close(descriptor) }
#elseif canImport(Darwin)
import Darwin
private let streamSocket = SOCK_STREAM
private let MSG_NOSIGNAL: Int32 = 0
private func closeSocket(_ descriptor: Int32) { _ = Darwin.close(descriptor) }
#endif

/// A deliberately small HTTP/1.1 and WebSocket client on a raw socket, so a test controls every
/// byte (a foreign Host header, a lying Content-Length, an abrupt disconnect).
final class RawConnection {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The `error` of a JSON error body.
        var error: String? { (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["error"] as? String }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 20) throws {
        descriptor = socket(AF_INET, streamSocket, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(); throw Failure(description: "connect: errno \(errno)") }
    }

    deinit { close() }

    private var closed = false
    func close() {
        if !closed { closed = true; closeSocket(descriptor) }
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    /// At least `count` bytes buffered, or a failure (timeout or end of stream).
    private func fill(_ count: Int) throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while buffer.count < count {
            let read = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard read > 0 else { throw Failure(description: read == 0 ? "the server closed the connection" : "recv: errno \(errno)") }
            buffer += chunk[0..<read]
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        try fill(count)
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    /// Sends a request; `host` nil leaves the Host header out.
    func send(_ method: String, _ target: String, host: String?, headers: [(String, String)] = [], body: Data? = nil) throws {
        var lines = ["\(method) \(target) HTTP/1.1"]
        if let host { lines.append("Host: \(host)") }
        lines += headers.map { "\($0.0): \($0.1)" }
        if let body, !headers.contains(where: { $0.0.lowercased() == "content-length" || $0.0.lowercased() == "transfer-encoding" }) {
            lines.append("Content-Length: \(body.count)")
        }
        try write(Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + Array(body ?? Data()))
    }

    /// Reads one response (headers, then a Content-Length body).
    func readResponse() throws -> Response {
        var headerEnd: Int?
        while headerEnd == nil {
            if let end = Self.find([13, 10, 13, 10], in: buffer) { headerEnd = end } else { try fill(buffer.count + 1) }
        }
        let head = String(decoding: try take(headerEnd! + 4), as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "bad status line in \(head)") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        return Response(status: status, headers: headers, body: Data(try take(length)))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    // MARK: WebSocket

    /// The WebSocket handshake for `target`; returns the server's response (101 on success).
    func upgrade(_ target: String, host: String, origin: String? = nil) throws -> Response {
        var headers = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
                       ("Sec-WebSocket-Version", "13")]
        if let origin { headers.append(("Origin", origin)) }
        try send("GET", target, host: host, headers: headers)
        return try readResponse()
    }

    enum Message: Equatable {
        case text(String)
        case binary([UInt8])
        case close
    }

    /// The next whole message (control frames other than close skipped).
    func readMessage() throws -> Message {
        var payload: [UInt8] = []
        var opcode: UInt8 = 0
        while true {
            let head = try take(2)
            let fin = head[0] & 0x80 != 0
            let frameOpcode = head[0] & 0x0F
            var length = Int(head[1] & 0x7F)
            if length == 126 { length = try take(2).reduce(0) { $0 << 8 | Int($1) } }
            else if length == 127 { length = try take(8).reduce(0) { $0 << 8 | Int($1) } }
            let data = try take(length)
            if frameOpcode == 8 { return .close }
            if frameOpcode >= 8 { continue }
            if frameOpcode != 0 { opcode = frameOpcode }
            payload += data
            if fin { break }
        }
        return opcode == 1 ? .text(String(decoding: payload, as: UTF8.self)) : .binary(payload)
    }

    /// The next text message as JSON.
    func readJSON() throws -> [String: Any] {
        while true {
            switch try readMessage() {
            case .text(let text):
                guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                    throw Failure(description: "not a JSON object: \(text.prefix(200))")
                }
                return object
            case .binary: continue
            case .close: throw Failure(description: "the server closed the socket")
            }
        }
    }

    /// Sends a masked text frame (clients must mask).
    func sendText(_ text: String) throws {
        let payload = Array(text.utf8)
        precondition(payload.count < 126)
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        try write([0x81, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
    }
}
