import { formatJsonPath } from "../context.js";
import type { BioCErrorCode } from "../errors.js";
import type { Violation } from "../validate.js";

// The BioC JSON layout as the NCBI converter writes it, checked field by
// field so strict mode can report every violation with its JSON path. Lenient
// reading accepts files that leave out the arrays and infons marked required
// here (BioRED does); strict reading does not.

type FieldType = "string" | "offset" | "infons" | { array: Spec };

interface Spec {
  name: string;
  fields: Record<string, FieldType>;
  required: readonly string[];
}

const NODE: Spec = {
  name: "node",
  fields: { refid: "string", role: "string" },
  required: ["refid", "role"],
};
const RELATION: Spec = {
  name: "relation",
  fields: { id: "string", infons: "infons", nodes: { array: NODE } },
  required: ["id", "infons", "nodes"],
};
const LOCATION: Spec = {
  name: "location",
  fields: { offset: "offset", length: "offset" },
  required: ["offset", "length"],
};
const ANNOTATION: Spec = {
  name: "annotation",
  fields: { id: "string", infons: "infons", text: "string", locations: { array: LOCATION } },
  required: ["id", "infons", "text", "locations"],
};
const SENTENCE: Spec = {
  name: "sentence",
  fields: {
    offset: "offset",
    infons: "infons",
    text: "string",
    annotations: { array: ANNOTATION },
    relations: { array: RELATION },
  },
  required: ["offset", "infons", "text", "annotations", "relations"],
};
const PASSAGE: Spec = {
  name: "passage",
  fields: {
    offset: "offset",
    infons: "infons",
    text: "string",
    sentences: { array: SENTENCE },
    annotations: { array: ANNOTATION },
    relations: { array: RELATION },
  },
  required: ["offset", "infons", "sentences", "annotations", "relations"],
};
const DOCUMENT: Spec = {
  name: "document",
  fields: {
    id: "string",
    infons: "infons",
    passages: { array: PASSAGE },
    annotations: { array: ANNOTATION },
    relations: { array: RELATION },
  },
  required: ["id", "infons", "passages", "relations"],
};
const COLLECTION: Spec = {
  name: "collection",
  fields: {
    source: "string",
    date: "string",
    key: "string",
    version: "string",
    infons: "infons",
    documents: { array: DOCUMENT },
  },
  required: ["source", "date", "key", "infons", "documents"],
};

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function check(value: unknown, root: Spec, rootPath: (string | number)[]): Violation[] {
  const out: Violation[] = [];
  let documentId: string | undefined;
  const add = (code: BioCErrorCode, message: string, path: (string | number)[]) =>
    out.push({
      code,
      message,
      jsonPath: formatJsonPath(path),
      ...(documentId !== undefined ? { documentId } : {}),
    });

  const visit = (v: unknown, spec: Spec, path: (string | number)[]): void => {
    if (!isObject(v)) {
      add("INVALID_VALUE", `${spec.name} must be an object, got ${typeName(v)}`, path);
      return;
    }
    if (spec === DOCUMENT) documentId = typeof v.id === "string" ? v.id : undefined;
    for (const key of spec.required)
      if (v[key] === undefined)
        add("MISSING_FIELD", `${spec.name} has no "${key}"`, [...path, key]);
    for (const key of Object.keys(v)) {
      const type = spec.fields[key];
      const fieldPath = [...path, key];
      const field = v[key];
      if (type === undefined)
        add("UNKNOWN_ELEMENT", `unknown key "${key}" in ${spec.name}`, fieldPath);
      else if (type === "string") {
        if (typeof field !== "string")
          add("INVALID_VALUE", `"${key}" must be a string, got ${typeName(field)}`, fieldPath);
      } else if (type === "offset") {
        if (typeof field !== "number" || !Number.isInteger(field) || field < 0)
          add(
            "INVALID_VALUE",
            `"${key}" must be a non-negative integer, got ${JSON.stringify(field)}`,
            fieldPath,
          );
      } else if (type === "infons") {
        if (!isObject(field))
          add("INVALID_VALUE", `infons must be an object, got ${typeName(field)}`, fieldPath);
        else
          for (const [k, iv] of Object.entries(field))
            if (typeof iv !== "string")
              add("INVALID_VALUE", `infon "${k}" must be a string, got ${typeName(iv)}`, [
                ...fieldPath,
                k,
              ]);
      } else if (!Array.isArray(field)) {
        add("INVALID_VALUE", `"${key}" must be an array, got ${typeName(field)}`, fieldPath);
      } else {
        field.forEach((item, i) => {
          visit(item, type.array, [...fieldPath, i]);
        });
      }
    }
    if (spec === DOCUMENT) documentId = undefined;
  };
  visit(value, root, rootPath);
  return out;
}

/** Every way a parsed JSON value departs from the BioC JSON layout. */
export function jsonSchemaViolations(value: unknown): Violation[] {
  return check(value, COLLECTION, []);
}

/** The same checks for one parsed document at `$.documents[index]` (streaming strict mode). */
export function documentSchemaViolations(value: unknown, index: number): Violation[] {
  return check(value, DOCUMENT, ["documents", index]);
}
