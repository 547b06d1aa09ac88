// The published JSON Schema for IT maps (docs/map-format.schema.json) must accept the documented example
// (docs/examples/map-v1.json) and refuse structural mistakes, so administrators' own tooling can rely on it.
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const docs = resolve(__dirname, "../../../docs");
const schema = JSON.parse(readFileSync(resolve(docs, "map-format.schema.json"), "utf8"));
const example = JSON.parse(readFileSync(resolve(docs, "examples/map-v1.json"), "utf8"));

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe("map format v1 schema", () => {
  it("accepts the documented example", () => {
    const validate = validator();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it("refuses an unknown field, a rule field from another kind, a bad DID and a wrong format", () => {
    const bad = structuredClone(example);
    bad.colour = "blue";
    bad.format = "locus-map/2";
    bad.sites[0].places[0].rules[0].port = "Gi1/0/1";
    bad.sites[0].e911_dids = ["1125550100"];
    const validate = validator();
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain("");
    expect(paths).toContain("/format");
    expect(paths).toContain("/sites/0/places/0/rules/0");
    expect(paths).toContain("/sites/0/e911_dids/0");
  });

  it("refuses an ssid rule without its subnet", () => {
    const bad = structuredClone(example);
    bad.sites[0].places[0].rules[5] = { kind: "ssid", ssid: "ECC-Corp" };
    expect(validator()(bad)).toBe(false);
  });
});
