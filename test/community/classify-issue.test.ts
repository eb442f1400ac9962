import { describe, expect, it } from "vitest";
import { classifyIssue } from "../../src/community/classify-issue.ts";

describe("classifyIssue (C4 2.4.2, 2.4.3, 2.4.5)", () => {
  it.each([
    // Problems: what happened, what was expected, what broke.
    ["zmq_send crashes on a full pipe", "When I send 3 frames I get a segfault.", "problem"],
    ["Build fails on gcc 14", "", "problem"],
    ["zmq_poll", "Expected it to return at once, actually it blocks for a second.", "problem"],
    ["Memory leak in zmq_close", "Valgrind reports 64 bytes lost per socket.", "problem"],
    ["Problem: the parser drops the last line", "", "problem"],
    ["Add a timeout", "When I call zmq_recv it hangs forever, and it does not return.", "problem"],
    ["Docs", "The guide says ZMQ_LINGER defaults to 0; the code uses -1.", "problem"],
    // Empty: nothing said, or only a template.
    ["zmq_poll", "", "empty"],
    ["question", "<!-- Describe the problem you observe -->\n", "empty"],
    // Requests, ideas and solutions.
    ["Add WebSocket transport", "It would be nice to have ws:// endpoints.", "request"],
    ["Support IPv6 link-local addresses", "", "request"],
    ["[feature] QUIC", "Please add QUIC.", "request"],
    ["Rewrite the poller in Rust", "I would like a safer poller.", "request"],
    ["Idea", "Feature request: a metrics socket. Could you add one?", "request"],
  ])("%s / %s → %s", (title, body, kind) => {
    expect(classifyIssue({ title, body }).kind).toBe(kind);
  });

  it("names the phrases that decided", () => {
    expect(classifyIssue({ title: "Please add QUIC", body: "" }).signals).toContain("Please add");
  });

  it("reads a null body as empty", () => {
    expect(classifyIssue({ title: "zmq_poll", body: null }).kind).toBe("empty");
  });
});
