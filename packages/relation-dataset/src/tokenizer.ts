import { countPieces } from "./text/piece-counts.js";
import { RelationDatasetError } from "./warnings.js";

/** Padding token id (never inside a document). */
export const PAD_ID = 0;
/** Id of a word made of characters never seen in training. */
export const UNK_ID = 1;
const PAD = "[PAD]";
const UNK = "[UNK]";
/** Prefix of a piece that continues a word (WordPiece convention). */
export const CONTINUATION = "##";

/** Options of {@link Tokenizer.fit}. */
export interface TokenizerFitOptions {
  /** A word seen at least this often in training is one token. Default 2. */
  minWordCount?: number;
  /** A sub-word piece is kept when it occurs in at least this many distinct training words. Default 3. */
  minPieceCount?: number;
  /** Longest sub-word piece, in characters. Default 8. */
  maxPieceLength?: number;
  /** Cap on the vocabulary (single characters are always kept). Default 40000. */
  maxVocabSize?: number;
  /** Lower-case words before lookup. Default false (gene symbols and variants are case-sensitive). */
  lowercase?: boolean;
}

/** The serialized form of a {@link Tokenizer}. */
export interface TokenizerJSON {
  format: "biore-wordpiece";
  version: 1;
  lowercase: boolean;
  maxPieceLength: number;
  vocab: string[];
}

/**
 * Maps words to ids: frequent training words are whole tokens, any other word is split
 * greedily (longest match first) into sub-word pieces learnt from the training words, so a
 * word unseen in training is still represented by its pieces (`[UNK]` only for characters
 * never seen). Fit on training documents only; serialize with `toJSON`.
 */
export class Tokenizer {
  readonly lowercase: boolean;
  readonly maxPieceLength: number;
  private readonly vocab: readonly string[];
  private readonly ids: Map<string, number>;
  private readonly cache = new Map<string, readonly number[]>();

  private constructor(vocab: readonly string[], lowercase: boolean, maxPieceLength: number) {
    this.vocab = vocab;
    this.lowercase = lowercase;
    this.maxPieceLength = maxPieceLength;
    this.ids = new Map(vocab.map((token, id) => [token, id]));
  }

  /** Number of ids, including `[PAD]` = 0 and `[UNK]` = 1. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Learns the vocabulary from training words (one entry per occurrence). */
  static fit(words: Iterable<string>, opts: TokenizerFitOptions = {}): Tokenizer {
    const minWordCount = opts.minWordCount ?? 2;
    const minPieceCount = opts.minPieceCount ?? 3;
    const maxPieceLength = opts.maxPieceLength ?? 8;
    const maxVocabSize = opts.maxVocabSize ?? 40_000;
    const lowercase = opts.lowercase ?? false;
    const wordCounts = new Map<string, number>();
    for (const raw of words) {
      const word = lowercase ? raw.toLowerCase() : raw;
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
    }
    // Pieces are counted once per word type (not per occurrence): what matters for unseen
    // words is how productive a piece is across different words.
    const pieceCounts = countPieces(wordCounts.keys(), maxPieceLength, minPieceCount, CONTINUATION);
    const characters = new Set<string>();
    for (const word of wordCounts.keys())
      for (let i = 0; i < word.length; i++) characters.add(word[i]!);
    const required = new Set<string>();
    for (const c of characters) {
      required.add(c);
      required.add(CONTINUATION + c);
    }
    // Frequent whole words first, then the most productive pieces, within the size cap.
    const byCount = (a: [string, number], b: [string, number]): number =>
      b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const wholeWords = [...wordCounts]
      .filter(([word, count]) => count >= minWordCount && !required.has(word))
      .sort(byCount)
      .map(([word]) => word);
    const taken = new Set(wholeWords);
    const pieces = pieceCounts
      .filter(([piece]) => !required.has(piece) && !taken.has(piece))
      .sort(byCount)
      .map(([piece]) => piece);
    const room = Math.max(0, maxVocabSize - 2 - required.size);
    const ranked = [...wholeWords, ...pieces].slice(0, room);
    const vocab = [PAD, UNK, ...[...required].sort(), ...ranked];
    return new Tokenizer(vocab, lowercase, maxPieceLength);
  }

  /** Restores a tokenizer saved with `toJSON`; ids are unchanged. */
  static fromJSON(json: unknown): Tokenizer {
    const j = (json ?? {}) as Partial<TokenizerJSON>;
    if (
      j.format !== "biore-wordpiece" ||
      j.version !== 1 ||
      !Array.isArray(j.vocab) ||
      j.vocab[0] !== PAD ||
      j.vocab[1] !== UNK ||
      typeof j.maxPieceLength !== "number"
    ) {
      throw new RelationDatasetError(
        "INVALID_TOKENIZER_JSON",
        "not a biore-wordpiece v1 tokenizer (needs format, version 1, maxPieceLength, vocab starting [PAD], [UNK])",
      );
    }
    if (new Set(j.vocab).size !== j.vocab.length) {
      throw new RelationDatasetError(
        "INVALID_TOKENIZER_JSON",
        "tokenizer vocabulary has duplicates",
      );
    }
    return new Tokenizer(j.vocab, j.lowercase === true, j.maxPieceLength);
  }

  /** Serializable form; `Tokenizer.fromJSON(JSON.parse(JSON.stringify(t)))` gives the same ids. */
  toJSON(): TokenizerJSON {
    return {
      format: "biore-wordpiece",
      version: 1,
      lowercase: this.lowercase,
      maxPieceLength: this.maxPieceLength,
      vocab: [...this.vocab],
    };
  }

  /** The token (piece) of an id. */
  token(id: number): string {
    const token = this.vocab[id];
    if (token === undefined)
      throw new RangeError(`token id ${id} out of range 0..${this.vocabSize - 1}`);
    return token;
  }

  /** True when the word is a single vocabulary entry (not split, not unknown). */
  isWholeWord(word: string): boolean {
    return this.ids.has(this.lowercase ? word.toLowerCase() : word);
  }

  /** Ids of one word: one id when known, else its sub-word pieces, `[UNK]` if a character is unknown. */
  encodeWord(raw: string): readonly number[] {
    const cached = this.cache.get(raw);
    if (cached) return cached;
    const word = this.lowercase ? raw.toLowerCase() : raw;
    const whole = this.ids.get(word);
    const ids = whole !== undefined ? [whole] : this.pieces(word);
    if (this.cache.size < 200_000) this.cache.set(raw, ids);
    return ids;
  }

  /** Ids of a sequence of words (e.g. `unlabeledText` sentences), pieces concatenated. */
  encodeWords(words: Iterable<string>): Int32Array {
    const ids: number[] = [];
    for (const word of words) for (const id of this.encodeWord(word)) ids.push(id);
    return Int32Array.from(ids);
  }

  private pieces(chars: string): number[] {
    const ids: number[] = [];
    let i = 0;
    while (i < chars.length) {
      let found = -1;
      let next = i;
      for (let k = Math.min(chars.length, i + this.maxPieceLength); k > i; k--) {
        const piece = (i === 0 ? "" : CONTINUATION) + chars.slice(i, k);
        const id = this.ids.get(piece);
        if (id !== undefined) {
          found = id;
          next = k;
          break;
        }
      }
      if (found < 0) return [UNK_ID];
      ids.push(found);
      i = next;
    }
    return ids;
  }
}
