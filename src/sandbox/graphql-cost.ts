import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/** What a GraphQL call costs, computed from the document before it runs. */
export interface GraphqlCost {
  /** Points charged to the primary `graphql` budget. */
  cost: number;
  /** Requests GitHub needs to fulfil the connections: the sum before dividing by 100. */
  requests: number;
  /** The most nodes the call may return: what `rateLimit.nodeCount` reports. */
  nodeCount: number;
  /** A mutation: 5 secondary points instead of 1, and a content-creating request. */
  mutation: boolean;
  /** `rateLimit(dryRun: true)` was asked for: the call is priced but not charged. */
  dryRun: boolean;
}

type Variables = Record<string, unknown>;

/**
 * GitHub's documented point value of a call. docs.github.com, "Rate limits and
 * query limits for the GraphQL API", "Predicting the point value of a query":
 * "Add up the number of requests needed to fulfill each unique connection in
 * the call. Assume every request will reach the `first` or `last` argument
 * limits. Divide the number by 100 and round the result to the nearest whole
 * number [...]. The minimum point value of a call to the GraphQL API is 1."
 * A connection is a field with a `first` or `last` argument: it needs one
 * request per parent node, the product of the page sizes above it.
 */
export function graphqlCost(
  document: DocumentNode,
  variables: Variables = {},
  operationName?: string | null,
): GraphqlCost {
  const operation = pickOperation(document, operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const values = { ...defaults(operation, variables), ...variables };
  const tally = { requests: 0, nodeCount: 0, dryRun: false };

  const walk = (set: SelectionSetNode, parents: number, seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const size = pageSize(selection, values);
        if (selection.name.value === "rateLimit" && argument(selection, "dryRun", values) === true)
          tally.dryRun = true;
        if (size !== null) {
          tally.requests += parents;
          tally.nodeCount += parents * size;
        }
        if (selection.selectionSet) walk(selection.selectionSet, parents * (size ?? 1), seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, parents, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is invalid GraphQL; validation reports it, the price ignores it.
        if (fragment && !seen.has(name))
          walk(fragment.selectionSet, parents, new Set([...seen, name]));
      }
    }
  };
  if (operation) walk(operation.selectionSet, 1, new Set());

  return {
    cost: Math.max(1, Math.round(tally.requests / 100)),
    requests: tally.requests,
    nodeCount: tally.nodeCount,
    mutation: operation?.operation === "mutation",
    dryRun: tally.dryRun,
  };
}

function pickOperation(
  document: DocumentNode,
  name: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? operations.find((operation) => operation.name?.value === name) : operations[0];
}

/** The variables' declared defaults, overridden by the values sent. */
function defaults(operation: OperationDefinitionNode | undefined, variables: Variables): Variables {
  const found: Variables = {};
  for (const definition of operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue && !(name in variables))
      found[name] = literal(definition.defaultValue, {});
  }
  return found;
}

/** `first` or `last` (the larger when both are given), or null when the field is no connection. */
function pageSize(field: FieldNode, variables: Variables): number | null {
  const sizes = ["first", "last"]
    .map((name) => argument(field, name, variables))
    .filter((value): value is number => typeof value === "number");
  return sizes.length ? Math.max(...sizes) : null;
}

function argument(field: FieldNode, name: string, variables: Variables): unknown {
  const node = field.arguments?.find((candidate) => candidate.name.value === name);
  return node ? literal(node.value, variables) : undefined;
}

function literal(value: ValueNode, variables: Variables): unknown {
  switch (value.kind) {
    case Kind.VARIABLE:
      return variables[value.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(value.value);
    case Kind.BOOLEAN:
      return value.value;
    default:
      return undefined;
  }
}
