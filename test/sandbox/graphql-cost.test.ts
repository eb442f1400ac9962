import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { graphqlCost } from "../../src/sandbox/graphql-cost.ts";

// docs.github.com, "Rate limits and query limits for the GraphQL API",
// "Predicting the point value of a query": 1 + 100 + 5,000 = 5,101 requests, 51 points.
const documented = `query {
  viewer {
    login
    repositories(first: 100) {
      edges { node { id
        issues(first: 50) {
          edges { node { id
            labels(first: 60) { edges { node { id name } } }
          } }
        }
      } }
    }
  }
}`;

// The same page, "Calculating nodes in a call", simple query: 50 + 50 x 10 = 550 nodes.
const simple = `query {
  viewer {
    repositories(first: 50) {
      edges { repository: node { name
        issues(first: 10) { totalCount edges { node { title bodyHTML } } }
      } }
    }
  }
}`;

// The same page, complex query: 22,060 nodes.
const complex = `query {
  viewer {
    repositories(first: 50) {
      edges { repository: node { name
        pullRequests(first: 20) { edges { pullRequest: node { title
          comments(first: 10) { edges { comment: node { bodyHTML } } }
        } } }
        issues(first: 20) { totalCount edges { issue: node { title bodyHTML
          comments(first: 10) { edges { comment: node { bodyHTML } } }
        } } }
      } }
    }
    followers(first: 10) { edges { follower: node { login } } }
  }
}`;

describe("graphqlCost", () => {
  it("prices GitHub's worked example at 5,101 requests, 51 points", () => {
    expect(graphqlCost(parse(documented))).toMatchObject({
      requests: 5101,
      cost: 51,
      nodeCount: 100 + 100 * 50 + 100 * 50 * 60,
      mutation: false,
      dryRun: false,
    });
  });

  it("counts nodes as GitHub's node-limit examples do", () => {
    expect(graphqlCost(parse(simple)).nodeCount).toBe(550);
    expect(graphqlCost(parse(complex)).nodeCount).toBe(22_060);
    // 1 + 50 requests rounds to 1 point; the complex one needs 1 + 50 + 1,000 + 50 + 1,000 + 1.
    expect(graphqlCost(parse(simple))).toMatchObject({ requests: 51, cost: 1 });
    expect(graphqlCost(parse(complex))).toMatchObject({ requests: 2102, cost: 21 });
  });

  it("costs at least 1 point, even without connections", () => {
    expect(graphqlCost(parse("{ viewer { login } }"))).toMatchObject({ requests: 0, cost: 1 });
  });

  it("resolves variables, their defaults, fragments and the chosen operation", () => {
    const query = `
      query Other { viewer { login } }
      query Labels($repos: Int!, $issues: Int = 50) {
        viewer { repositories(first: $repos) { nodes { ...Issues } } }
      }
      fragment Issues on Repository {
        issues(last: $issues) { nodes { ... on Issue { labels(first: 60) { nodes { name } } } } }
      }`;
    expect(graphqlCost(parse(query), { repos: 100 }, "Labels")).toMatchObject({
      requests: 5101,
      cost: 51,
    });
    expect(graphqlCost(parse(query), { repos: 100, issues: 10 }, "Labels")).toMatchObject({
      requests: 1 + 100 + 1000,
      cost: 11,
    });
    expect(graphqlCost(parse(query), { repos: 100 }, "Other").cost).toBe(1);
  });

  it("tells mutations and dry runs apart", () => {
    const mutation = `mutation { addComment(input: {subjectId: "x", body: "y"}) { clientMutationId } }`;
    expect(graphqlCost(parse(mutation))).toMatchObject({ mutation: true, cost: 1 });
    const dry = "query($dry: Boolean) { rateLimit(dryRun: $dry) { cost } }";
    expect(graphqlCost(parse(dry), { dry: true }).dryRun).toBe(true);
    expect(graphqlCost(parse(dry), { dry: false }).dryRun).toBe(false);
  });
});
