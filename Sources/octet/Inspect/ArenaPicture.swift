import OctetRuntime

/// A text picture of the arena over time: one row per step, one column per slice of arena
/// bytes, each cell marked with the symbol of the tensor occupying most of that slice.
struct ArenaPicture {
    let text: String

    init(_ inspection: ModelInspection, width: Int) {
        let model = inspection.loaded.model
        let tensors = inspection.arenaTensors
        let symbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let bytesPerColumn = max(1, (model.arenaSize + width - 1) / width)
        let columns = (model.arenaSize + bytesPerColumn - 1) / bytesPerColumn
        var lines = ["arena over time (\(bytesPerColumn) bytes per column, '.' = free)"]
        for step in 0..<model.opCount {
            var row = [Character](repeating: ".", count: columns)
            var covered = [Int](repeating: 0, count: columns)
            for (position, tensor) in tensors.enumerated() where tensor.info.isAlive(at: step) {
                let start = tensor.info.dataOffset
                let end = start + tensor.info.byteLength
                for column in (start / bytesPerColumn)..<min(columns, (end + bytesPerColumn - 1) / bytesPerColumn) {
                    let overlap = min(end, (column + 1) * bytesPerColumn) - max(start, column * bytesPerColumn)
                    if overlap > covered[column] {
                        covered[column] = overlap
                        row[column] = symbols[position % symbols.count]
                    }
                }
            }
            let label = String(step).leftPadded(to: 4)
            lines.append("\(label) |\(String(row))| \(model.op(step).kind.name)")
        }
        lines.append("")
        for (position, tensor) in tensors.enumerated() {
            lines.append("\(symbols[position % symbols.count]) \(ModelInspection.shortName(inspection.loaded.tensorName(tensor.index))): bytes \(tensor.info.dataOffset)..<\(tensor.info.dataOffset + tensor.info.byteLength), steps \(tensor.info.firstStep)…\(tensor.info.lastStep)")
        }
        text = lines.joined(separator: "\n")
    }
}
