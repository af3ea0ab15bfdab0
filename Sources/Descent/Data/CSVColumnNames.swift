/// A CSV header's names made usable as keys (columns are found by name at prediction time): a
/// blank name becomes `column N`, its 1-based position (as every column of a file without a
/// header is named), and a repeated name becomes `name.1`, `name.2`, … in order, skipping any
/// name the header already has (pandas' convention). Training and prediction both read headers
/// through it, so a model's column names match the file it was trained on.
enum CSVColumnNames {
    static func unique(_ header: [String]) -> [String] {
        let named = header.enumerated().map { $1.isEmpty ? "column \($0 + 1)" : $1 }
        let given = Set(named)
        var taken = Set<String>(), repeats: [String: Int] = [:]
        return named.map { name in
            guard taken.contains(name) else {
                taken.insert(name)
                return name
            }
            var count = repeats[name, default: 0], renamed: String
            repeat {
                count += 1
                renamed = "\(name).\(count)"
            } while given.contains(renamed) || taken.contains(renamed)
            repeats[name] = count
            taken.insert(renamed)
            return renamed
        }
    }
}
