import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses SVG/XML output in tests: well-formedness and element lookup.
enum SVGInspection {
    /// The parsed document; throws when `markup` is not well-formed XML.
    static func parse(_ markup: String) throws -> XMLDocument {
        try XMLDocument(xmlString: markup, options: [])
    }

    /// Every element named `name` (at any depth; SVG's default namespace is matched by local name).
    static func elements(_ name: String, in document: XMLDocument) throws -> [XMLElement] {
        try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    /// The value of `attribute` on `element`, or nil.
    static func attribute(_ attribute: String, of element: XMLElement) -> String? {
        // Looked up by local name: `attribute(forName:)` misses attributes of elements in SVG's
        // default namespace on some Foundation versions.
        element.attributes?.first { $0.localName == attribute || $0.name == attribute }?.stringValue
    }

    /// All numbers in an SVG path's `d` (or a polygon's `points`), in order.
    static func numbers(in pathData: String) -> [Double] {
        pathData.split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
    }
}
