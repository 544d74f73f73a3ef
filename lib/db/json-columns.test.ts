import { describe, expect, it } from "vitest";
import { decodeJsonObject, decodeStringArray, decodeStringList, decodeStringRecord } from "./json-columns";
import { decodeAllowedIps } from "@/lib/api-keys/json-columns";
import { decodeEventTypes } from "@/lib/webhooks/json-columns";

describe("JSON column decoders", () => {
  it("read objects, and anything else as an empty object", () => {
    expect(decodeJsonObject('{"ip":"10.0.0.1","n":1}')).toEqual({ ip: "10.0.0.1", n: 1 });
    for (const stored of ["null", "[1,2]", '"text"', "3"]) expect(decodeJsonObject(stored)).toEqual({});
    expect(decodeStringRecord('{"a":"x","b":2,"c":null}')).toEqual({ a: "x" });
  });

  it("read lists of strings, saying whether anything else was in them", () => {
    expect(decodeStringList('["a","b"]')).toEqual({ strings: ["a", "b"], complete: true });
    expect(decodeStringList('["a",1]')).toEqual({ strings: ["a"], complete: false });
    expect(decodeStringList('{"a":1}')).toEqual({ strings: [], complete: false });
    expect(decodeStringArray('["a",null,"b"]')).toEqual(["a", "b"]);
  });

  it("throw on a value that is not JSON at all", () => {
    expect(() => decodeJsonObject("{not json")).toThrow();
    expect(() => decodeStringArray("[")).toThrow();
  });

  it("read a key's allowlist as unreadable (fail closed) unless it is a list of strings", () => {
    expect(decodeAllowedIps('["10.0.0.0/8"]')).toEqual({ entries: ["10.0.0.0/8"], readable: true });
    expect(decodeAllowedIps('["10.0.0.0/8",7]')).toEqual({ entries: ["10.0.0.0/8"], readable: false });
    expect(decodeAllowedIps("{not json")).toEqual({ entries: [], readable: false });
  });

  it("keep only the event types that are still sent", () => {
    expect(decodeEventTypes('["api_key.created","api_key.gone",3]')).toEqual(["api_key.created"]);
  });
});
