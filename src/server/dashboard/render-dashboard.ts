import type { ContributorReport } from "../../community/contributor-report.ts";
import type { DeadLetter, QueueStats } from "../../core/job.ts";
import type { InstallationBudgetReport } from "../../github/request-scheduler.ts";
import type {
  AttentionRecord,
  MergeRecord,
  PullRecord,
  StoredRule,
} from "../../history/history-store.ts";
import type { BenchSeries } from "./bench-history.ts";
import { CONTRIBUTOR_WINDOW_DAYS } from "./contributors.ts";
import { DASHBOARD_STYLE } from "./dashboard-style.ts";
import { html, SafeHtml } from "./html.ts";

/** Everything one page view shows; built by the route, rendered here without I/O. */
export interface DashboardView {
  now: string;
  /** A maintainer signed in with the dashboard token: private repositories, dead letters, retry. */
  signedIn: boolean;
  /** The operator configured a token (C4BOT_DASHBOARD_TOKEN), so signing in is possible. */
  signInAvailable: boolean;
  /** The form token for the retry and sign-out forms. */
  csrf: string | null;
  pulls: PullRecord[];
  merges: MergeRecord[];
  /** What people wait for: broken configs, merge retries, gone installations (issue 21). */
  attention: AttentionRecord[];
  queue: {
    stats: QueueStats & { workers?: number };
    deadLetters: DeadLetter[];
    /** The queue can retry a dead letter. */
    retryable: boolean;
  };
  /** Each installation's GitHub budget, and whether it waits on GitHub. */
  github: InstallationBudgetReport[];
  bench: BenchSeries[];
  benchConfigured: boolean;
  /** Contributor figures per repository over the last 90 days (from the history). */
  contributors: ContributorReport[];
  /** `https://github.com`, a GHES host, or the sandbox's simulator, for links. */
  githubUrl?: string;
  /** One line at the top: the outcome of the last form post. */
  notice?: { kind: "ok" | "error"; text: string };
}

const outcomeMarks: Record<string, { mark: string; label: string }> = {
  pass: { mark: "✓", label: "pass" },
  fail: { mark: "✗", label: "fail" },
  warn: { mark: "!", label: "warn" },
  pending: { mark: "…", label: "pending" },
  skip: { mark: "–", label: "skip" },
};

const decisionLabels: Record<string, string> = {
  merge: "merge",
  wait: "wait",
  reject: "reject",
};

/** The dashboard page: server-rendered HTML with inline CSS and SVG, no script. */
export function renderDashboard(view: DashboardView): string {
  // Repositories paused by a broken config are listed even with no pull request judged.
  const brokenRepos = new Map(
    view.attention
      .filter((notice) => notice.kind === "config-broken" && notice.repo)
      .map((notice) => [notice.repo as string, notice]),
  );
  const repos = new Map<string, PullRecord[]>();
  for (const repo of brokenRepos.keys()) repos.set(repo, []);
  for (const [repo, pulls] of groupBy(view.pulls, (pull) => pull.repo)) repos.set(repo, pulls);
  const byOwner = groupBy([...repos], ([repo]) => repo.split("/")[0] ?? repo);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>c4bot</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<style>${new SafeHtml(DASHBOARD_STYLE)}</style>
</head>
<body>
<header>
  <h1>c4bot <span class="sub">C4 for your pull requests</span></h1>
  ${renderSession(view)}
</header>
${view.notice ? html`<p class="notice ${view.notice.kind}" role="status">${view.notice.text}</p>` : ""}
<main>
${renderAttention(view)}
<section id="pulls" aria-labelledby="pulls-title">
  <h2 id="pulls-title">Open pull requests</h2>
  ${
    repos.size === 0
      ? html`<p class="empty">No open pull request judged yet${view.signedIn ? "" : " in a public repository"}.</p>`
      : [...byOwner].map(
          ([owner, ownerRepos]) => html`<div class="installation">
  <h3>${owner}</h3>
  ${ownerRepos.map(([repo, repoPulls]) => renderRepo(repo, repoPulls, view, brokenRepos.get(repo)))}
</div>`,
        )
  }
  ${view.signedIn ? "" : html`<p class="hint">Only public repositories are shown${view.signInAvailable ? ": sign in to see private ones." : "."}</p>`}
</section>
<section id="merges" aria-labelledby="merges-title">
  <h2 id="merges-title">Recent merges</h2>
  ${renderMerges(view)}
</section>
<section id="queue" aria-labelledby="queue-title">
  <h2 id="queue-title">Queue</h2>
  ${renderQueue(view)}
</section>
<section id="github" aria-labelledby="github-title">
  <h2 id="github-title">GitHub budget</h2>
  ${renderBudgets(view)}
</section>
<section id="contributors" aria-labelledby="contributors-title">
  <h2 id="contributors-title">Contributors, last ${CONTRIBUTOR_WINDOW_DAYS} days</h2>
  ${renderContributors(view)}
</section>
<section id="bench" aria-labelledby="bench-title">
  <h2 id="bench-title">Benchmarks</h2>
  ${renderBench(view)}
</section>
</main>
<footer>Rendered ${shortTime(view.now)}; times are UTC; refreshes every minute. <a href="/metrics">/metrics</a> · <a href="/readyz">/readyz</a></footer>
</body>
</html>
`;
  return page.text;
}

function renderSession(view: DashboardView): SafeHtml {
  if (view.signedIn) {
    return html`<form class="session" method="post" action="/logout">
  <span class="who">maintainer</span>
  <input type="hidden" name="csrf" value="${view.csrf ?? ""}">
  <button type="submit">Sign out</button>
</form>`;
  }
  if (!view.signInAvailable) return html`<span class="session who">public view</span>`;
  return html`<form class="session" method="post" action="/login">
  <label>Maintainer token <input type="password" name="token" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`;
}

function renderRepo(
  repo: string,
  pulls: PullRecord[],
  view: DashboardView,
  broken: AttentionRecord | undefined,
): SafeHtml {
  // The columns: every rule that any pull request here was judged by, in verdict order.
  const rules: string[] = [];
  for (const pull of pulls) {
    for (const rule of pull.rules) if (!rules.includes(rule.rule)) rules.push(rule.rule);
  }
  const counts = countBy(pulls, (pull) => pull.decision);
  const retries = new Map(
    view.attention
      .filter((notice) => notice.kind === "merge-retry" && notice.repo === repo)
      .map((notice) => [notice.number, notice]),
  );
  const isPrivate = pulls.some((pull) => pull.isPrivate) || broken?.isPrivate === true;
  return html`<div class="repo" data-repo="${repo}" data-status="${broken ? "config-broken" : "ok"}">
  <h4>${link(view, repo, `/${repo}`)}${isPrivate ? html` <span class="badge private">private</span>` : ""}
    <span class="summary">${["merge", "wait", "reject"].filter((d) => counts.get(d)).map((d) => html`<span class="decision ${d}">${counts.get(d) ?? 0} ${d}</span> `)}</span></h4>
  ${
    broken
      ? html`<div class="status broken" role="alert"><strong>Configuration broken, merging paused</strong> since <time datetime="${broken.at}">${shortTime(broken.at)}</time>: ${broken.text}.${renderDetails(broken.details)}</div>`
      : ""
  }
  ${
    pulls.length === 0
      ? html`<p class="empty">No open pull request judged${broken ? " while the configuration is broken" : ""}.</p>`
      : html`<div class="scroll"><table class="pulls">
    <thead><tr><th>PR</th><th>decision</th>${rules.map((rule) => html`<th class="rule" title="${rule}">${breakable(rule)}</th>`)}<th>head</th><th>judged (UTC)</th></tr></thead>
    <tbody>
    ${pulls.map((pull) => renderPull(pull, rules, view, retries.get(pull.number)))}
    </tbody>
  </table></div>`
  }
</div>`;
}

function renderPull(
  pull: PullRecord,
  rules: string[],
  view: DashboardView,
  retry: AttentionRecord | undefined,
): SafeHtml {
  return html`<tr data-pull="${pull.repo}#${pull.number}" data-decision="${pull.decision}">
      <td class="title">${link(view, `#${pull.number}`, `/${pull.repo}/pull/${pull.number}`)} ${pull.title}<div class="by">by ${pull.author}</div></td>
      <td class="verdict"><span class="decision ${pull.decision}">${decisionLabels[pull.decision] ?? pull.decision}</span>${
        retry
          ? html`<div class="by waits" data-waits="merge-retry">${retry.text}</div>`
          : pull.merging
            ? html`<div class="by">merging</div>`
            : ""
      }${pull.dryRun ? html`<div class="by">dry run</div>` : ""}</td>
      ${rules.map((id) => renderRule(pull.rules.find((rule) => rule.rule === id)))}
      <td class="sha"><code>${pull.headSha.slice(0, 7)}</code></td>
      <td class="time"><time datetime="${pull.seenAt}" title="first reached ${shortTime(pull.at)}">${shortTime(pull.seenAt)}</time></td>
    </tr>`;
}

/** Errors of a config (outside text): escaped by `html`, one per line. */
function renderDetails(details: string[]): SafeHtml {
  if (details.length === 0) return html``;
  return html`<pre class="details">${details.join("\n")}</pre>`;
}

/**
 * What people wait for that no verdict says (issue 21): repositories paused
 * by a broken config, merges GitHub failed that are tried again,
 * installations GitHub no longer knows, and GitHub's rate limits.
 */
function renderAttention(view: DashboardView): SafeHtml | string {
  const waits = view.github.filter((budget) => budget.waiting);
  if (view.attention.length === 0 && waits.length === 0) return "";
  const where = (notice: AttentionRecord) =>
    notice.repo === null
      ? html`installation ${notice.installation}`
      : notice.number === null
        ? link(view, notice.repo, `/${notice.repo}`)
        : link(view, `${notice.repo}#${notice.number}`, `/${notice.repo}/pull/${notice.number}`);
  return html`<section id="attention" aria-labelledby="attention-title">
  <h2 id="attention-title">Needs attention</h2>
  <ul class="attention">${view.attention.map(
    (notice) => html`<li data-attention="${notice.kind}">
    <span class="badge alarm">${attentionLabels[notice.kind]}</span> ${where(notice)}: ${notice.text}
    <span class="time">(since <time datetime="${notice.at}">${shortTime(notice.at)}</time>${notice.until ? html`; next try <time datetime="${notice.until}">${shortTime(notice.until)}</time>` : ""})</span>
  </li>`,
  )}${waits.map(
    (budget) => html`<li data-attention="rate-limit">
    <span class="badge alarm">rate limit</span> installation ${budget.installation}: waiting for GitHub's rate limit until <time datetime="${budget.waiting?.until ?? ""}">${shortTime(budget.waiting?.until ?? "")}</time> (${budget.waiting?.reason ?? ""})
  </li>`,
  )}</ul>
</section>`;
}

const attentionLabels: Record<AttentionRecord["kind"], string> = {
  "config-broken": "config broken",
  "merge-retry": "merge retry",
  "installation-gone": "installation gone",
};

function renderRule(rule: StoredRule | undefined): SafeHtml {
  if (!rule) return html`<td class="outcome none">·</td>`;
  const mark = outcomeMarks[rule.outcome] ?? { mark: "?", label: rule.outcome };
  return html`<td class="outcome ${mark.label}${rule.blocking ? " blocking" : ""}" data-rule="${rule.rule}" data-outcome="${rule.outcome}" title="${rule.rule} (C4 ${rule.clause}): ${rule.outcome}: ${rule.message}"><span aria-hidden="true">${mark.mark}</span><span class="sr">${rule.rule}: ${rule.outcome}</span></td>`;
}

function renderMerges(view: DashboardView): SafeHtml {
  if (view.merges.length === 0) return html`<p class="empty">No merge recorded yet.</p>`;
  return html`<div class="scroll"><table class="merges">
  <thead><tr><th>when</th><th>pull request</th><th>commit</th><th></th></tr></thead>
  <tbody>${view.merges.map(
    (merge) => html`<tr data-merge="${merge.repo}#${merge.number}">
    <td class="time"><time datetime="${merge.at}">${shortTime(merge.at)}</time></td>
    <td>${link(view, `${merge.repo}#${merge.number}`, `/${merge.repo}/pull/${merge.number}`)} ${merge.title}</td>
    <td class="sha"><code>${merge.sha?.slice(0, 7) ?? "?"}</code></td>
    <td>${merge.forced ? html`<span class="badge forced">/c4 merge</span> <span class="reason">${merge.forced}</span>` : ""}</td>
  </tr>`,
  )}</tbody>
</table></div>`;
}

function renderQueue(view: DashboardView): SafeHtml {
  const { stats, deadLetters } = view.queue;
  const tiles: [string, number | string, string][] = [
    ["waiting", stats.depth, "jobs waiting for their key or a free worker slot"],
    ["delayed", stats.delayed, "retries and scheduled re-checks"],
    ["in flight", stats.inFlight, "running now"],
    ["workers", stats.workers ?? "in-process", "workers connected to the broker"],
    ["done", stats.done, "jobs finished since start"],
    ["coalesced", stats.coalesced, "jobs that joined an equal waiting one"],
    ["dead letters", deadLetters.length, "jobs that failed every attempt"],
  ];
  return html`<div class="tiles">${tiles.map(
    ([label, value, help]) =>
      html`<div class="tile${label === "dead letters" && deadLetters.length > 0 ? " alarm" : ""}" title="${help}" data-stat="${label}"><div class="value">${value}</div><div class="label">${label}</div></div>`,
  )}</div>
${renderDeadLetters(view)}`;
}

/**
 * GitHub's rate limits, not CPU, are c4bot's ceiling: what each installation
 * has left, and whether it waits on GitHub (and until when, in UTC).
 */
function renderBudgets(view: DashboardView): SafeHtml {
  if (view.github.length === 0) return html`<p class="empty">No GitHub request made yet.</p>`;
  const primary = (budget: InstallationBudgetReport, resource: "core" | "graphql") => {
    const known = budget.primary.find((entry) => entry.resource === resource);
    return known ? `${format(known.remaining)} of ${format(known.limit)}` : "not reported yet";
  };
  return html`<div class="scroll"><table class="budgets">
<thead><tr><th scope="col">installation</th><th scope="col">REST left this hour</th><th scope="col">GraphQL points left</th><th scope="col">writes, last minute</th><th scope="col">writes, last hour</th><th scope="col">state</th></tr></thead>
<tbody>${view.github.map(
    (budget) => html`<tr data-installation="${budget.installation}">
  <td>${budget.installation}</td>
  <td>${primary(budget, "core")}</td>
  <td>${primary(budget, "graphql")}</td>
  <td>${budget.writes.lastMinute} of ${budget.writes.perMinute}</td>
  <td>${budget.writes.lastHour} of ${budget.writes.perHour}</td>
  <td class="${budget.waiting ? "alarm" : ""}">${
    budget.waiting
      ? `Waiting on GitHub until ${budget.waiting.until.slice(11, 19)} UTC: ${budget.waiting.reason}`
      : budget.queued.reads + budget.queued.writes > 0
        ? `sending (${budget.queued.reads + budget.queued.writes} queued)`
        : "sending"
  }${budget.limitHits.primary + budget.limitHits.secondary > 0 ? ` · rate-limit answers: ${budget.limitHits.primary + budget.limitHits.secondary}` : ""}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

function renderDeadLetters(view: DashboardView): SafeHtml {
  const { deadLetters, retryable } = view.queue;
  if (deadLetters.length === 0) return html`<p class="empty">No dead letters.</p>`;
  // Job keys name repositories, private ones included: maintainers only.
  if (!view.signedIn) {
    return html`<p class="hint">${deadLetters.length} job(s) failed every attempt; ${
      view.signInAvailable
        ? "sign in with the maintainer token (top of the page) to see them and retry."
        : "they are shown to maintainers only, and no maintainer token is set: start c4bot with C4BOT_DASHBOARD_TOKEN to sign in here."
    }</p>`;
  }
  return html`<div class="scroll"><table class="dead">
  <thead><tr><th>job</th><th>attempts</th><th>error</th><th>when</th><th></th></tr></thead>
  <tbody>${[...deadLetters].reverse().map(
    (letter) => html`<tr data-dead="${letter.id}">
    <td><code>${letter.job.kind}</code> ${letter.job.key}</td>
    <td>${letter.attempts}</td>
    <td class="error">${letter.error}</td>
    <td class="time"><time datetime="${letter.at}">${shortTime(letter.at)}</time></td>
    <td>${
      retryable
        ? html`<form method="post" action="/dead-letters/retry">
      <input type="hidden" name="id" value="${letter.id}">
      <input type="hidden" name="csrf" value="${view.csrf ?? ""}">
      <button type="submit">Retry</button>
    </form>`
        : ""
    }</td>
  </tr>`,
  )}</tbody>
</table></div>`;
}

function renderContributors(view: DashboardView): SafeHtml {
  if (view.contributors.length === 0) return html`<p class="empty">No pull request judged yet.</p>`;
  return html`${view.contributors.map((report) => {
    const { totals } = report;
    return html`<div class="contributors" data-repo="${report.repo}">
  <h3>${report.repo}</h3>
  <p>${totals.patches} patches, ${totals.merged} merged, ${percent(totals.correctShare)} correct (C4 2.3.8), median ${hoursText(totals.medianHoursToMerge)} from last push to merge; first-time: ${totals.firstTimeContributors.length ? totals.firstTimeContributors.join(", ") : "none"}.</p>
  <div class="scroll"><table class="people">
    <thead><tr><th>contributor</th><th>patches</th><th>merged</th><th>correct</th><th>to merge</th><th>share of patches</th></tr></thead>
    <tbody>${report.contributors.map(
      (person) => html`<tr data-contributor="${person.login}">
      <td>${person.login}${person.firstTime ? html` <span class="badge">first time</span>` : ""}</td>
      <td>${person.patches}</td>
      <td>${person.merged}</td>
      <td>${percent(person.correctShare)}</td>
      <td>${hoursText(person.medianHoursToMerge)}</td>
      <td class="bar"><svg width="80" height="10" aria-hidden="true"><rect width="${Math.round((person.patches / Math.max(1, totals.patches)) * 80)}" height="10" fill="#0969da"></rect></svg> <span class="bar-label">${percent(person.patches / Math.max(1, totals.patches))} (${person.patches} of ${totals.patches})</span></td>
    </tr>`,
    )}</tbody>
  </table></div>
</div>`;
  })}`;
}

function percent(share: number | null): string {
  return share === null ? "–" : `${Math.round(share * 100)}%`;
}

function hoursText(value: number | null): string {
  if (value === null) return "–";
  return value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} d`;
}

function renderBench(view: DashboardView): SafeHtml {
  if (!view.benchConfigured) {
    return html`<p class="empty">No benchmark results: set <code>C4BOT_BENCH_DIR</code> to a directory of <code>c4bot bench run</code> reports.</p>`;
  }
  if (view.bench.length === 0) return html`<p class="empty">No benchmark report found yet.</p>`;
  return html`<div class="charts">${view.bench.map((series) => renderChart(series))}</div>`;
}

const CHART = { width: 320, height: 120, left: 8, right: 8, top: 12, bottom: 20 };

/** One metric's medians over time as an inline SVG line chart. */
export function renderChart(series: BenchSeries): SafeHtml {
  const points = series.points.slice(-50);
  const values = points.map((point) => point.median);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const innerWidth = CHART.width - CHART.left - CHART.right;
  const innerHeight = CHART.height - CHART.top - CHART.bottom;
  const x = (index: number) =>
    CHART.left +
    (points.length === 1 ? innerWidth / 2 : (index / (points.length - 1)) * innerWidth);
  const y = (value: number) => CHART.top + innerHeight - ((value - min) / span) * innerHeight;
  const path = points.map((point, index) => `${x(index).toFixed(1)},${y(point.median).toFixed(1)}`);
  const last = points[points.length - 1];
  const first = points[0];
  return html`<figure class="chart" data-metric="${series.id}">
  <figcaption><strong>${series.id}</strong> <span class="by">${format(last?.median ?? 0)} ${series.unit}, ${series.better} is better, ${points.length} run(s)</span></figcaption>
  <svg viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="${series.id} (${series.unit}) per run, ${first?.date.slice(0, 10) ?? ""} to ${last?.date.slice(0, 10) ?? ""}">
    <line class="axis" x1="${CHART.left}" y1="${CHART.top + innerHeight}" x2="${CHART.width - CHART.right}" y2="${CHART.top + innerHeight}"/>
    <text class="tick" x="${CHART.left}" y="${CHART.top - 2}">max ${format(max)} ${series.unit}</text>
    <text class="tick end" x="${CHART.width - CHART.right}" y="${CHART.top + innerHeight - 3}">min ${format(min)} ${series.unit}</text>
    <text class="tick" x="${CHART.left}" y="${CHART.height - 6}">${first ? first.date.slice(0, 10) : ""}</text>
    <text class="tick end" x="${CHART.width - CHART.right}" y="${CHART.height - 6}">${last ? last.date.slice(0, 10) : ""}</text>
    <polyline class="line" points="${path.join(" ")}"/>
    ${points.map(
      (point, index) =>
        html`<circle class="dot" cx="${x(index).toFixed(1)}" cy="${y(point.median).toFixed(1)}" r="2.5"><title>${point.date}${point.commit ? ` ${point.commit.slice(0, 7)}` : ""}: ${format(point.median)} ${series.unit}</title></circle>`,
    )}
  </svg>
</figure>`;
}

function link(view: DashboardView, text: string, path: string): SafeHtml {
  if (!view.githubUrl) return html`<span class="ref">${text}</span>`;
  return html`<a class="ref" href="${view.githubUrl}${path}" rel="noreferrer">${text}</a>`;
}

/** A rule id that may wrap after its hyphens, so eight columns fit a laptop screen. */
function breakable(id: string): SafeHtml {
  const parts = id.split("-");
  return html`${parts.map((part, index) => (index < parts.length - 1 ? html`${part}-<wbr>` : part))}`;
}

/** `2026-11-20 10:00 UTC`: ISO times are UTC, and the page says so. */
function shortTime(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 16)} UTC`;
}

function format(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en");
  return Number(value.toPrecision(3)).toString();
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function countBy<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}
