import OctetArchitecture

extension ModelSummary {
    /// The per-layer table and the totals, as `octet summary` and `octet inspect` print them.
    var text: String {
        var table = TextTable(columns: ["layer", "type", "inputs", "output", "params", "MACs", "RF", "jump"])
        for row in rows {
            table.add([
                row.name, row.type, row.inputs.joined(separator: " + "), row.outputShape.map(String.init).joined(separator: "x"),
                row.parameters == 0 ? "" : "\(row.parameters)", row.macs == 0 ? "" : "\(row.macs)",
                row.receptiveField.map(String.init).joined(separator: "x"), row.jump.map(String.init).joined(separator: "x"),
            ])
        }
        return table.text + "\n\n" + """
            input        \(inputShape.map(String.init).joined(separator: "x")), \(classes) classes
            parameters   \(totalParameters) trainable
            MACs         \(totalMACs) per example
            """
    }
}
