import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "./seeded-random.ts";

const topics = ["socket", "poller", "curve", "router", "dealer", "monitor", "zap", "timer"];

/**
 * A realistic mix of commit messages: mostly C4 form, some without the
 * `Problem:`/`Solution:` lines, some with subjects over 50 characters, and a
 * few with several paragraphs and trailers.
 */
export function commitMessage(index: number, next: () => number): string {
  const topic = topics[index % topics.length];
  const roll = next();
  if (roll < 0.08) return `Fix ${topic} handling (#${index})\n`;
  if (roll < 0.14) {
    return `Problem: ${topic} drops messages when the high-water mark is reached under load (#${index})\n\nSolution: queue them and retry once the peer reads again.\n`;
  }
  if (roll < 0.2) {
    return `Problem: ${topic} leaks on close (#${index})

The ${topic} keeps a reference to its pipe after zmq_close returns, so a
long-running process grows by a few kilobytes per connection. Seen in the
field by several users; valgrind shows the path through the reaper.

Solution: release the pipe in the reaper thread, and add a test that opens
and closes a thousand sockets.

Fixes #${index}
Signed-off-by: A Contributor <a@example.org>
Co-authored-by: B Maintainer <b@example.org>
`;
  }
  return `Problem: ${topic} option ${index} is not validated\n\nSolution: check its range in setsockopt.\n`;
}

/**
 * Creates a temporary git repository holding `count` commits on `main`, in
 * well under a second per 10,000 through `git fast-import` (not one `git
 * commit` each). Returns its directory; the caller removes it.
 */
export async function makeHistoryRepo(count: number, seed = 42): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "c4bot-bench-"));
  await git(dir, ["init", "--quiet", "--initial-branch=main"]);
  const next = seededRandom(seed);
  const chunks: string[] = [];
  // A few blobs declared once and reused: a new blob per commit made
  // fast-import three times slower, and `check` never reads file contents.
  const blobs = 50;
  for (let b = 1; b <= blobs; b++) {
    const content = `revision ${b}\n`;
    chunks.push(`blob\nmark :${b}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  }
  const start = 1_700_000_000;
  for (let i = 1; i <= count; i++) {
    const message = commitMessage(i, next);
    const when = `${start + i * 60} +0000`;
    const mark = blobs + i;
    chunks.push(
      `commit refs/heads/main\nmark :${mark}\n`,
      `author Dev ${i % 97} <dev${i % 97}@example.org> ${when}\n`,
      `committer Dev ${i % 97} <dev${i % 97}@example.org> ${when}\n`,
      `data ${Buffer.byteLength(message)}\n${message}\n`,
      i > 1 ? `from :${mark - 1}\n` : "",
      `M 644 :${1 + ((i * 7) % blobs)} src/${topics[i % topics.length]}.c\n`,
    );
  }
  await git(dir, ["fast-import", "--quiet"], chunks.join(""));
  return dir;
}

/** Runs git in `dir` with `input` on its stdin; fails with git's stderr. */
function git(dir: string, args: string[], input = ""): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: dir,
      stdio: ["pipe", "ignore", "pipe"],
    });
    const errors: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`git ${args[0]} failed: ${Buffer.concat(errors).toString("utf8")}`));
    });
    child.stdin.end(input);
  });
}
