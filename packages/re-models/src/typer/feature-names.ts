// Feature names built once per document and handed out again to each of its pairs. A pair's
// names are mostly its words with a prefix, and the same words recur across a document's
// pairs: returning the same string object lets V8 hash it once (the pair's feature set and
// the typer's feature index both hash it) instead of concatenating and hashing a fresh
// string per pair, which was most of the typer's cost in `biore predict`.

/** A node of the parts-to-name trie: its name is the concatenation of the parts on its path. */
class NameNode {
  name: string | undefined;
  readonly next = new Map<string, NameNode>();

  child(part: string): NameNode {
    let node = this.next.get(part);
    if (node === undefined) {
      node = new NameNode();
      this.next.set(part, node);
    }
    return node;
  }
}

/** Concatenated names, one string object per distinct sequence of parts. */
export class FeatureNames {
  private readonly root = new NameNode();

  /** `a + b`, the same object every time. */
  of(a: string, b: string): string {
    const node = this.root.child(a).child(b);
    if (node.name === undefined) node.name = a + b;
    return node.name;
  }

  /** `a + b + c + d`, the same object every time. */
  of4(a: string, b: string, c: string, d: string): string {
    const node = this.root.child(a).child(b).child(c).child(d);
    if (node.name === undefined) node.name = a + b + c + d;
    return node.name;
  }
}

/** `bucket`'s label of every n: the first edge >= n, or `>last` above them all. */
export function bucketLabels(edges: readonly number[]): (n: number) => string {
  const labels = edges.map(String);
  const above = `>${edges[edges.length - 1]}`;
  return (n) => {
    const i = edges.findIndex((e) => n <= e);
    return i < 0 ? above : (labels[i] as string);
  };
}
