import { describe, expect, it } from "vitest";
import { imageRefProblem } from "../../src/docker/image-ref-format.js";

const digest = `sha256:${"a1".repeat(32)}`;

describe("imageRefProblem", () => {
  it("accepts the references the engine accepts", () => {
    const valid = [
      "busybox",
      "busybox:1.36",
      "busybox:latest",
      "127.0.0.1:5999/x:1",
      "localhost/a/b",
      "localhost:5000/a",
      `registry.example.com:5000/org/img@${digest}`,
      `busybox:1.36@${digest}`,
      "taskwright-test/busybox:1",
      "my_image",
      "my__image",
      "my.image",
      "my-image",
      "my--image",
      "org/sub/deep/image:v1.2.3-rc_1",
      "Registry.Example.COM/org/img",
      "UPPER/case",
      "[::1]:5000/img",
      "a",
      `img:${"t".repeat(128)}`,
    ];
    expect(valid.filter((ref) => imageRefProblem(ref) !== undefined)).toEqual([]);
  });

  it("rejects what the engine cannot parse, saying the expected form", () => {
    const invalid = [
      "UPPER/Case::bad",
      "Busybox",
      "org/Image",
      "busybox:",
      "busybox::1",
      ":1",
      "bad image",
      "-busybox",
      "busybox-",
      "a___b",
      "a/",
      "/a",
      "a//b",
      "busybox@sha256:short",
      "busybox@",
      "host:port/a",
      `img:${"t".repeat(129)}`,
      "img:-tag",
    ];
    expect(invalid.filter((ref) => imageRefProblem(ref) === undefined)).toEqual([]);
    expect(imageRefProblem("UPPER/Case::bad")).toBe(
      '"UPPER/Case::bad" is not a valid image reference: expected [host[:port]/]name[:tag][@digest]',
    );
    expect(imageRefProblem("org/Image:1")).toContain("(repository names are lowercase)");
  });

  it("rejects a name longer than 255 characters", () => {
    expect(imageRefProblem(`${"a".repeat(256)}:1`)).toBe("the name is longer than 255 characters");
    expect(imageRefProblem(`${"a".repeat(255)}:1`)).toBeUndefined();
  });
});
