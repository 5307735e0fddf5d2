// Feature names built once per document and handed out again to each of its pairs. A pair's
// names are mostly its words with a prefix, and the same words recur across a document's
// pairs: keeping each name by word index builds it once, and returning the same string
// object lets V8 hash it once (the typer's feature index hashes every name it reads)
// instead of concatenating and hashing a fresh string per pair.

/** One distinct name of a document, and the last pair that took it. */
interface Owner {
  name: string;
  pair: number;
}

/**
 * Names `prefix + suffix` kept by a key the suffix is a function of: a word index, a pair of
 * them, or a string the pairs share (an entity type: hashed once, then a cheap lookup).
 */
export class NameFamily<K extends number | string> {
  readonly owners = new Map<K, Owner>();
  constructor(readonly prefix: string) {}
}

/** One pair's feature names at a time, each once, in the order first added (as a Set kept them). */
export class FeatureNames {
  /** Name -> its owner: a name reached two ways ("a_b"+"c", "a"+"b_c") is still one name. */
  private readonly owners = new Map<string, Owner>();
  private pair = -1;
  private names: string[] = [];

  /** Starts the next pair's names. */
  begin(): void {
    this.pair++;
    this.names = [];
  }

  /** Adds `name`. */
  add(name: string): void {
    this.take(this.ownerOf(name));
  }

  /** Adds `family.prefix + suffix`, built once for `key` (the suffix is a function of it). */
  addIn<K extends number | string>(family: NameFamily<K>, key: K, suffix: string): void {
    let owner = family.owners.get(key);
    if (owner === undefined) {
      owner = this.ownerOf(family.prefix + suffix);
      family.owners.set(key, owner);
    }
    this.take(owner);
  }

  /** The names added since `begin`. */
  end(): string[] {
    return this.names;
  }

  private ownerOf(name: string): Owner {
    let owner = this.owners.get(name);
    if (owner === undefined) {
      owner = { name, pair: -1 };
      this.owners.set(name, owner);
    }
    return owner;
  }

  private take(owner: Owner): void {
    if (owner.pair === this.pair) return;
    owner.pair = this.pair;
    this.names.push(owner.name);
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
