/**
 * The one GraphQL query that reads everything an evaluation needs about a pull
 * request: the PR, its commits, closing issues, checks on its head and on the
 * default branch's head, the signs that the project has CI (workflow files,
 * checks on the last merged pull requests), whether it waits in a merge queue, reviews, collaborators' permissions, and the
 * `.github/c4.yml` of the default branch and of the organisation's `.github`
 * repository. Reading the config here rather than through the contents API
 * keeps an evaluation that does not merge at two requests (this query and the
 * check-run write); GitHub's rate limit, not CPU, is c4bot's ceiling.
 *
 * The GitHub simulator (src/sandbox) executes this exact text against GitHub's
 * published schema, so a field GitHub does not have fails a test.
 */
export const snapshotQuery = /* GraphQL */ `
  query C4Snapshot($owner: String!, $name: String!, $number: Int!, $configPath: String!, $orgConfigPath: String!) {
    repository(owner: $owner, name: $name) {
      nameWithOwner
      isPrivate
      owner { login }
      licenseInfo { spdxId }
      defaultBranchRef {
        name
        target {
          ... on Commit {
            oid
            statusCheckRollup { ...Contexts }
          }
        }
      }
      config: object(expression: $configPath) {
        ... on Blob { oid text }
      }
      workflows: object(expression: "HEAD:.github/workflows") {
        ... on Tree { entries { name type } }
      }
      recentPulls: pullRequests(last: 3, states: [MERGED]) {
        nodes {
          commits(last: 1) {
            nodes {
              commit {
                statusCheckRollup {
                  contexts(first: 10) {
                    nodes {
                      __typename
                      ... on CheckRun { name }
                      ... on StatusContext { context }
                    }
                  }
                }
              }
            }
          }
        }
      }
      collaborators(first: 100) {
        edges { permission node { login } }
      }
      pullRequest(number: $number) {
        id
        number
        isInMergeQueue
        title
        body
        isDraft
        state
        merged
        mergeable
        createdAt
        updatedAt
        author { login }
        baseRefName
        headRefName
        headRefOid
        baseRepository { nameWithOwner }
        headRepository { nameWithOwner }
        labels(first: 100) { nodes { name } }
        milestone { title }
        files(first: 100) { nodes { path changeType } }
        forkPoint: commits(first: 1) {
          nodes { commit { parents(first: 1) { nodes { oid } } } }
        }
        commits(first: 250) {
          totalCount
          nodes {
            commit {
              oid
              message
              committedDate
              parents { totalCount }
              author { user { login } }
            }
          }
        }
        headCommit: commits(last: 1) {
          nodes {
            commit {
              oid
              checkSuites(first: 50) {
                nodes {
                  app { slug }
                  checkRuns(first: 100) {
                    nodes {
                      databaseId name status conclusion startedAt completedAt
                      title summary text externalId
                    }
                  }
                }
              }
              status { contexts { context state createdAt } }
            }
          }
        }
        closingIssuesReferences(first: 50) {
          nodes {
            number
            state
            repository { nameWithOwner }
            author { login }
          }
        }
        reviews(last: 100) {
          nodes { author { login } state submittedAt }
        }
      }
    }
    orgConfig: repositoryOwner(login: $owner) {
      repository(name: ".github") {
        object(expression: $orgConfigPath) {
          ... on Blob { oid text }
        }
      }
    }
  }

  fragment Contexts on StatusCheckRollup {
    contexts(first: 100) {
      nodes {
        __typename
        ... on CheckRun { name status conclusion completedAt startedAt }
        ... on StatusContext { context state createdAt }
      }
    }
  }
`;
