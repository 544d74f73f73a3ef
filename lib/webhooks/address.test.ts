import { describe, expect, it } from "vitest";
import { isPrivateHost, isPublicAddress } from "./address";
import { createWebhookEndpointSchema } from "@/lib/validations/webhook";

describe("webhook addresses", () => {
  it("counts only public unicast addresses as public", () => {
    for (const ip of ["8.8.8.8", "203.0.114.1", "2606:4700::1111"]) expect(isPublicAddress(ip), ip).toBe(true);
    for (const ip of [
      "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
      "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not-an-ip",
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it("flags literal private hosts and localhost names, not other names", () => {
    for (const host of ["localhost", "api.localhost", "LOCALHOST.", "127.0.0.1", "[::1]", "10.0.0.1", "[::ffff:192.168.1.1]"]) {
      expect(isPrivateHost(host), host).toBe(true);
    }
    for (const host of ["hooks.example.com", "8.8.8.8", "[2606:4700::1111]"]) expect(isPrivateHost(host), host).toBe(false);
  });
});

describe("webhook endpoint input", () => {
  const base = { environment: "test", eventTypes: ["api_key.created"] };
  it("takes https URLs, and http only to this machine", () => {
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "https://hooks.example.com/x" }).success).toBe(true);
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "http://localhost:3000/x" }).success).toBe(true);
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "http://127.0.0.1/x" }).success).toBe(true);
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "http://hooks.example.com/x" }).success).toBe(false);
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "http://127.0.0.1.example.com/x" }).success).toBe(false);
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "javascript:alert(1)" }).success).toBe(false);
  });

  it("takes known event types only, each once", () => {
    const ok = createWebhookEndpointSchema.safeParse({ ...base, url: "https://h.example.com", eventTypes: ["api_key.created", "api_key.created"] });
    expect(ok.success && ok.data.eventTypes).toEqual(["api_key.created"]);
    const bad = createWebhookEndpointSchema.safeParse({ ...base, url: "https://h.example.com", eventTypes: ["webhook.test"] });
    expect(bad.success).toBe(false);
    expect(createWebhookEndpointSchema.safeParse({ ...base, url: "https://h.example.com", eventTypes: [] }).success).toBe(false);
  });
});
