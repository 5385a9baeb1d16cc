/// Tensor nodes that must share one scale and zero point (union–find over node ids). The
/// smaller id represents a group, so the result does not depend on the order of the joins.
struct QuantizationGroups {
    private var parent: [Int]

    init(nodeCount: Int) {
        parent = Array(0..<nodeCount)
    }

    func representative(_ node: Int) -> Int {
        var node = node
        while parent[node] != node { node = parent[node] }
        return node
    }

    mutating func join(_ a: Int, _ b: Int) {
        let (rootA, rootB) = (representative(a), representative(b))
        if rootA < rootB { parent[rootB] = rootA } else { parent[rootA] = rootB }
    }

    /// The members of each group of `nodes`, groups ordered by representative.
    func members(of nodes: [Int]) -> [[Int]] {
        Dictionary(grouping: nodes, by: representative).sorted { $0.key < $1.key }.map(\.value)
    }
}
