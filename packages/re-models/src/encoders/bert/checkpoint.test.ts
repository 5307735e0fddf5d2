import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readBertCheckpoint } from "./checkpoint.js";
import { parseBertConfig } from "./config.js";
import { CheckpointError } from "./errors.js";
import { encodeSafetensors, parseSafetensors, readSafetensors, toFloat32 } from "./safetensors.js";

const TINY = join(import.meta.dirname, "../../../test/fixtures/tiny-bert");
const tiny = () =>
  JSON.parse(readFileSync(join(TINY, "config.json"), "utf8")) as Record<string, unknown>;
const temps: string[] = [];
function copyOfTiny(
  files = ["config.json", "vocab.txt", "tokenizer_config.json", "model.safetensors"],
): string {
  const dir = mkdtempSync(join(tmpdir(), "tiny-bert-"));
  temps.push(dir);
  for (const f of files) copyFileSync(join(TINY, f), join(dir, f));
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function thrown(fn: () => unknown): CheckpointError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error("expected a CheckpointError");
}

describe("safetensors", () => {
  it("round-trips float32 tensors and reads F16 / BF16 values", () => {
    const bytes = encodeSafetensors(
      new Map([
        ["b", { shape: [2], data: Float32Array.of(1.5, -2) }],
        ["a", { shape: [2, 2], data: Float32Array.of(0, 1, 2, 3) }],
      ]),
      { note: "x" },
    );
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ note: "x" });
    expect(Array.from(toFloat32(file.tensors.get("a")!, "a", "-"))).toEqual([0, 1, 2, 3]);
    expect(Array.from(toFloat32(file.tensors.get("b")!, "b", "-"))).toEqual([1.5, -2]);
    const half = {
      dtype: "F16" as const,
      shape: [3],
      bytes: new Uint8Array(Uint16Array.of(0x3c00, 0xc000, 0x3555).buffer),
    };
    expect(Array.from(toFloat32(half, "h", "-"))).toEqual([1, -2, expect.closeTo(0.33325, 5)]);
    const bf16 = {
      dtype: "BF16" as const,
      shape: [2],
      bytes: new Uint8Array(Uint16Array.of(0x3f80, 0xc040).buffer),
    };
    expect(Array.from(toFloat32(bf16, "b", "-"))).toEqual([1, -3]);
  });

  it("refuses truncated, oversized, misdescribed and overlapping files, naming the file", () => {
    const good = encodeSafetensors(new Map([["w", { shape: [4], data: new Float32Array(4) }]]));
    expect(thrown(() => parseSafetensors(good.subarray(0, 5), "m.safetensors")).message).toMatch(
      /^m\.safetensors: .*too short/,
    );
    expect(thrown(() => parseSafetensors(good.subarray(0, good.length - 4), "m")).message).toMatch(
      /data_offsets/,
    );
    const huge = good.slice();
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(thrown(() => parseSafetensors(huge, "m")).code).toBe("SAFETENSORS_INVALID");
    const withHeader = (header: unknown, size: number) => {
      const json = Buffer.from(JSON.stringify(header));
      const out = new Uint8Array(8 + json.length + size);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      return out;
    };
    expect(
      thrown(() =>
        parseSafetensors(withHeader({ w: { dtype: "Q4", shape: [1], data_offsets: [0, 4] } }, 4)),
      ).message,
    ).toMatch(/unknown dtype/);
    expect(
      thrown(() =>
        parseSafetensors(withHeader({ w: { dtype: "F32", shape: [2], data_offsets: [0, 4] } }, 4)),
      ).message,
    ).toMatch(/expected 8/);
    expect(
      thrown(() =>
        parseSafetensors(withHeader({ w: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, 4)),
      ).message,
    ).toMatch(/shape/);
    const overlapping = {
      a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
      b: { dtype: "F32", shape: [2], data_offsets: [4, 12] },
    };
    expect(thrown(() => parseSafetensors(withHeader(overlapping, 12))).message).toMatch(/overlap/);
    expect(thrown(() => parseSafetensors(withHeader([1, 2], 0))).message).toMatch(
      /not a JSON object/,
    );
    expect(thrown(() => readSafetensors("/nonexistent/model.safetensors")).code).toBe(
      "CHECKPOINT_FILE_MISSING",
    );
  });
});

describe("config.json", () => {
  it("reads the BERT fields and refuses other architectures clearly", () => {
    const config = parseBertConfig(tiny());
    expect(config).toMatchObject({
      hiddenSize: 32,
      numLayers: 2,
      numHeads: 4,
      maxPositions: 24,
      layerNormEps: 1e-12,
    });
    const roberta = thrown(() =>
      parseBertConfig(
        { ...tiny(), model_type: "roberta", architectures: ["RobertaModel"] },
        "c.json",
      ),
    );
    expect(roberta.code).toBe("ARCHITECTURE_UNSUPPORTED");
    expect(roberta.message).toMatch(
      /^c\.json: model_type "roberta" \(RobertaModel\) is not supported/,
    );
    expect(thrown(() => parseBertConfig({ ...tiny(), hidden_act: "relu" })).code).toBe(
      "ARCHITECTURE_UNSUPPORTED",
    );
    expect(
      thrown(() => parseBertConfig({ ...tiny(), position_embedding_type: "relative_key" })).code,
    ).toBe("ARCHITECTURE_UNSUPPORTED");
    expect(thrown(() => parseBertConfig({ ...tiny(), num_attention_heads: 5 })).message).toMatch(
      /multiple of num_attention_heads/,
    );
    expect(thrown(() => parseBertConfig({ ...tiny(), hidden_size: "32" })).message).toMatch(
      /"hidden_size" must be an integer/,
    );
  });
});

describe("readBertCheckpoint", () => {
  it("reads the tiny checkpoint: every encoder weight, kernels transposed to [in, out], pooler ignored", () => {
    const { config, weights } = readBertCheckpoint(TINY);
    expect(weights.size).toBe(5 + 16 * config.numLayers);
    expect(weights.get("encoder/bert/layer_0/ffn/in_kernel")?.shape).toEqual([32, 64]);
    expect([...weights.keys()].some((k) => k.includes("pooler"))).toBe(false);
  });

  it("names the missing file, says how to convert pytorch_model.bin, and checks shapes against config.json", () => {
    const missing = thrown(() => readBertCheckpoint("/nonexistent/folder"));
    expect(missing.message).toMatch(/download the checkpoint yourself/);
    const noConfig = copyOfTiny(["vocab.txt", "model.safetensors"]);
    expect(thrown(() => readBertCheckpoint(noConfig)).message).toMatch(
      /config\.json: missing config\.json/,
    );
    const bin = copyOfTiny(["config.json", "vocab.txt"]);
    writeFileSync(join(bin, "pytorch_model.bin"), "not really");
    const binError = thrown(() => readBertCheckpoint(bin));
    expect(binError.code).toBe("PYTORCH_BIN_UNSUPPORTED");
    expect(binError.message).toMatch(/pytorch_model\.bin.*safe_serialization=True/);
    const bigger = copyOfTiny();
    writeFileSync(join(bigger, "config.json"), JSON.stringify({ ...tiny(), vocab_size: 200 }));
    const vocab = thrown(() => readBertCheckpoint(bigger));
    expect(vocab.code).toBe("VOCAB_MISMATCH");
    expect(vocab.message).toMatch(
      /model\.safetensors: tensor "embeddings\.word_embeddings\.weight" has shape \[153, 32\], expected \[200, 32\]/,
    );
    const wider = copyOfTiny();
    writeFileSync(join(wider, "config.json"), JSON.stringify({ ...tiny(), intermediate_size: 48 }));
    expect(thrown(() => readBertCheckpoint(wider)).code).toBe("WEIGHT_SHAPE_MISMATCH");
  });
});
