/** One API request the simulator answered. */
export interface ApiCall {
  /** 1-based position in the log: pass the last one seen as `since` to read only newer calls. */
  seq: number;
  method: string;
  /** The OpenAPI path template, or `graphql`. */
  route: string;
  path: string;
  status: number;
  operationName: string | null;
  installationId: number | null;
  at: string;
}

/** A request the real GitHub would not have accepted, or one the simulator cannot answer. */
export interface Violation {
  kind:
    | "unknown-route"
    | "unimplemented-route"
    | "invalid-body"
    | "invalid-json"
    | "invalid-query"
    | "graphql-execution"
    | "handler-error";
  method: string;
  path: string;
  message: string;
  at: string;
}

/** The calls and violations a test asserts on. */
export class ApiLog {
  readonly #calls: ApiCall[] = [];
  #violations: Violation[] = [];

  call(entry: Omit<ApiCall, "seq" | "at">): void {
    this.#calls.push({ ...entry, seq: this.#calls.length + 1, at: new Date().toISOString() });
  }

  violation(entry: Omit<Violation, "at">): void {
    this.#violations.push({ ...entry, at: new Date().toISOString() });
  }

  /** Calls after `since` (a `seq`), in order. */
  calls(since = 0): ApiCall[] {
    return this.#calls.slice(since);
  }

  get cursor(): number {
    return this.#calls.length;
  }

  violations(): Violation[] {
    return [...this.#violations];
  }

  clearViolations(): void {
    this.#violations = [];
  }
}
