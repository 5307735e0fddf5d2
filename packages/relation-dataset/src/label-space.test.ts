import { describe, expect, it } from "vitest";
import { LabelSpace } from "./label-space.js";

describe("LabelSpace", () => {
  it("puts None first and sorts relation types", () => {
    const space = new LabelSpace(["Bind", "Association", "Bind", "None"]);
    expect(space.labels).toEqual(["None", "Association", "Bind"]);
    expect(space.id("None")).toBe(0);
    expect(space.id("Bind")).toBe(2);
    expect(space.label(1)).toBe("Association");
  });

  it("round-trips through JSON and rejects unknown labels", () => {
    const space = new LabelSpace(["Positive_Correlation", "Association"]);
    const again = LabelSpace.fromJSON(JSON.parse(JSON.stringify(space)));
    expect(again.labels).toEqual(space.labels);
    expect(() => space.id("Cotreatment")).toThrow(/unknown relation label "Cotreatment"/);
    expect(() => LabelSpace.fromJSON({ labels: ["Bind", "None"] })).toThrow(
      /must start with "None"/,
    );
  });
});
