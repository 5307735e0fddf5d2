import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import { CheckpointError } from "./errors.js";

/** An added special token in `tokenizer.json`'s `added_tokens`. */
interface AddedTokenJSON {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

/** What a saved model keeps to rebuild its tokenizer exactly (both plain JSON). */
export interface WordPieceTokenizerFiles {
  /** `tokenizer.json` (fast-tokenizer format), entity markers included as added tokens. */
  tokenizer: Record<string, unknown>;
  /** `tokenizer_config.json`. */
  config: Record<string, unknown>;
}

/**
 * A BERT WordPiece tokenizer run by `@huggingface/tokenizers` (the Hugging Face pure-JS
 * port): normalization (lower-casing, accent stripping, control characters), BERT
 * pre-tokenization (whitespace and punctuation) and greedy longest-match WordPiece, with
 * entity markers as added special tokens.
 */
export class WordPieceTokenizer {
  private readonly hf: HfTokenizer;
  private readonly vocab: Map<string, number>;
  /** Ids of the framing tokens. */
  readonly cls: number;
  readonly sep: number;
  readonly pad: number;
  readonly unk: number;
  /** Wordpieces of the checkpoint's vocabulary (rows of its embedding matrix). */
  readonly baseVocabSize: number;

  constructor(
    readonly files: WordPieceTokenizerFiles,
    source = "tokenizer.json",
  ) {
    try {
      this.hf = new HfTokenizer(files.tokenizer, files.config);
    } catch (error) {
      throw new CheckpointError("TOKENIZER_INVALID", (error as Error).message, source);
    }
    this.vocab = this.hf.get_vocab(true);
    const model = files.tokenizer.model as { vocab?: Record<string, number> } | undefined;
    this.baseVocabSize = Object.keys(model?.vocab ?? {}).length;
    const id = (token: string) => {
      const value = this.vocab.get(token);
      if (value === undefined) {
        throw new CheckpointError(
          "TOKENIZER_INVALID",
          `the vocabulary has no ${token} token`,
          source,
        );
      }
      return value;
    };
    this.cls = id(String(files.config.cls_token ?? "[CLS]"));
    this.sep = id(String(files.config.sep_token ?? "[SEP]"));
    this.pad = id(String(files.config.pad_token ?? "[PAD]"));
    this.unk = id(String(files.config.unk_token ?? "[UNK]"));
  }

  /** Rebuilds a tokenizer saved as its `files` (JSON); `source` names it in errors. */
  static fromJSON(json: unknown, source = "wordpieces.json"): WordPieceTokenizer {
    const files = json as Partial<WordPieceTokenizerFiles> | null;
    const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!files || !isObject(files.tokenizer) || !isObject(files.config)) {
      throw new CheckpointError(
        "TOKENIZER_INVALID",
        "expected {tokenizer: {...}, config: {...}}",
        source,
      );
    }
    return new WordPieceTokenizer(files as WordPieceTokenizerFiles, source);
  }

  /** Ids in use: the vocabulary plus added tokens (entity markers). */
  get vocabSize(): number {
    let max = -1;
    for (const id of this.vocab.values()) max = Math.max(max, id);
    return max + 1;
  }

  /** The library's wordpieces of a text, without [CLS]/[SEP]. */
  tokenize(text: string): string[] {
    return this.hf.tokenize(text, { add_special_tokens: false });
  }

  /** The library's ids of a text, without [CLS]/[SEP]. */
  encodeText(text: string): number[] {
    return this.hf.encode(text, { add_special_tokens: false }).ids;
  }

  /**
   * Ids of one word of a document (a BioC span that never crosses a mention boundary).
   * A word the normalizer erases entirely (control characters only) becomes [UNK], so
   * every word, and so every mention, keeps at least one wordpiece.
   */
  encodeWord(word: string): number[] {
    const ids = this.encodeText(word);
    return ids.length > 0 ? ids : [this.unk];
  }

  /** Id of a token (vocabulary or added), if any. */
  tokenId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  /** Token of an id. */
  token(id: number): string | undefined {
    return this.hf.id_to_token(id);
  }

  /**
   * A copy with these tokens added as special tokens (ids after every existing one); tokens
   * already present keep their id. The typed-entity-marker recipe adds `[E:Type]` and
   * `[/E:Type]` per entity type this way.
   */
  withAddedTokens(tokens: readonly string[]): WordPieceTokenizer {
    const added = [...((this.files.tokenizer.added_tokens as AddedTokenJSON[] | undefined) ?? [])];
    let next = this.vocabSize;
    for (const content of tokens) {
      if (this.vocab.has(content) || added.some((t) => t.content === content)) continue;
      added.push(specialToken(next++, content));
    }
    return new WordPieceTokenizer({
      tokenizer: { ...this.files.tokenizer, added_tokens: added },
      config: this.files.config,
    });
  }
}

/** An `added_tokens` entry for a special token, as Hugging Face writes it. */
function specialToken(id: number, content: string): AddedTokenJSON {
  return {
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  };
}

function readJson(path: string): Record<string, unknown> {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new Error("not a JSON object");
    return value as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointError("TOKENIZER_INVALID", (error as Error).message, path);
  }
}

/**
 * `tokenizer.json` for a BERT `vocab.txt` (one wordpiece per line, id = line number) and
 * its `tokenizer_config.json` options, as Hugging Face's converter writes it.
 */
export function bertTokenizerJson(
  vocab: readonly string[],
  config: Record<string, unknown>,
): Record<string, unknown> {
  const lowercase = config.do_lower_case !== false;
  const ids: Record<string, number> = {};
  vocab.forEach((token, id) => {
    if (!(token in ids)) ids[token] = id;
  });
  const specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].filter((t) => t in ids);
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => specialToken(ids[content] as number, content)),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: config.tokenize_chinese_chars !== false,
      strip_accents: config.strip_accents ?? null,
      lowercase,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "BertProcessing",
      sep: ["[SEP]", ids["[SEP]"] ?? 0],
      cls: ["[CLS]", ids["[CLS]"] ?? 0],
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/**
 * The tokenizer of a checkpoint folder: `tokenizer.json` when present, else built from
 * `vocab.txt`; options from `tokenizer_config.json` when present. Only WordPiece tokenizers
 * (BERT family) are accepted.
 */
export function readWordPieceTokenizer(folder: string): WordPieceTokenizer {
  const configPath = join(folder, "tokenizer_config.json");
  const config = existsSync(configPath) ? readJson(configPath) : {};
  const jsonPath = join(folder, "tokenizer.json");
  if (existsSync(jsonPath)) {
    const tokenizer = readJson(jsonPath);
    const type = (tokenizer.model as { type?: unknown } | undefined)?.type;
    if (type !== "WordPiece") {
      throw new CheckpointError(
        "TOKENIZER_INVALID",
        `model type ${JSON.stringify(type)} is not WordPiece`,
        jsonPath,
      );
    }
    return new WordPieceTokenizer({ tokenizer, config }, jsonPath);
  }
  const vocabPath = join(folder, "vocab.txt");
  if (!existsSync(vocabPath)) {
    throw new CheckpointError(
      "CHECKPOINT_FILE_MISSING",
      "missing vocab.txt (or tokenizer.json)",
      vocabPath,
    );
  }
  const lines = readFileSync(vocabPath, "utf8").split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return new WordPieceTokenizer({ tokenizer: bertTokenizerJson(lines, config), config }, vocabPath);
}
