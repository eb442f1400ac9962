import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLSchema } from "graphql";
import { packageFile } from "./package-file.ts";

let built: GraphQLSchema | undefined;

/**
 * GitHub's published GraphQL schema, built once per process (about 0.2 s).
 * `assumeValidSDL` because the SDL defines a few fields twice and plain
 * `buildSchema` throws on that; queries are still validated against it.
 */
export function loadGraphqlSchema(): GraphQLSchema {
  if (!built) {
    const file = packageFile("@octokit/graphql-schema", "schema.graphql");
    built = buildSchema(readFileSync(file, "utf8"), { assumeValidSDL: true });
  }
  return built;
}
