/**
 * A round-robin client in front of several app servers, as a load balancer would be: requests
 * alternate between the nodes; a node that refuses the connection (it is down: nothing was sent)
 * is skipped and the request goes to the next one. Any other network failure — the node died
 * with the request in flight — is not retried, because the request may have been committed:
 * it is reported to the caller, who must treat its outcome as unknown.
 */
export interface NodeAnswer {
  res: Response;
  /** Index of the node that answered. */
  node: number;
}

export class InFlightFailure extends Error {
  constructor(readonly node: number, cause: unknown) {
    super(`node ${node} failed with the request in flight: ${describe(cause)}`, { cause });
  }
}

export class RoundRobinClient {
  private next = 0;
  /** Requests moved to another node because theirs refused the connection. */
  failovers = 0;

  constructor(readonly bases: string[]) {}

  /** `path` is relative to a node's base URL; the Origin header is set to the node that is asked (CSRF checks it). */
  async fetch(path: string, init: RequestInit = {}): Promise<NodeAnswer> {
    const first = this.next;
    this.next = (this.next + 1) % this.bases.length;
    let refused: unknown;
    for (let tried = 0; tried < this.bases.length; tried++) {
      const node = (first + tried) % this.bases.length;
      const base = this.bases[node]!;
      const headers = new Headers(init.headers);
      if (init.method && init.method !== 'GET') headers.set('origin', base);
      try {
        return { res: await fetch(base + path, { ...init, headers }), node };
      } catch (error) {
        if (!isRefused(error)) throw new InFlightFailure(node, error);
        refused = error;
        this.failovers++;
      }
    }
    throw new Error(`every node refused the connection: ${describe(refused)}`);
  }
}

/** undici reports a refused connection as a TypeError whose cause carries the system error code. */
function isRefused(error: unknown): boolean {
  return (error as { cause?: { code?: string } })?.cause?.code === 'ECONNREFUSED';
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? String((error as Error)?.message ?? error);
}
