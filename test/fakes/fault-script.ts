import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a test server does to one request instead of (or around) its normal handling.
 * - `respond`: answer with this status, headers and JSON body; the operation is not performed.
 * - `delay`: wait, then handle normally.
 * - `reset`: destroy the connection before handling (nothing happened).
 * - `accept-then-drop`: perform the operation, then destroy the connection without answering
 *   (the create happened but the client never heard).
 * - `hang`: never answer (the client times out); the operation is not performed.
 */
export type Fault =
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'accept-then-drop' }
  | { kind: 'hang' };

export interface FaultRule {
  /** Which requests the rule applies to; all when absent. */
  method?: string;
  path?: string | RegExp;
  fault: Fault;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

/** A per-request script of faults, consumed in order by the test servers. */
export class FaultScript {
  private readonly rules: Array<FaultRule & { remaining: number }> = [];
  /** Every fault served, for test assertions. */
  readonly served: Array<{ method: string; path: string; fault: Fault }> = [];
  /** Optional random faults: called for requests no rule matched. */
  random: ((method: string, path: string) => Fault | undefined) | undefined;

  add(rule: FaultRule): this {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
    return this;
  }

  clear(): void {
    this.rules.length = 0;
    this.random = undefined;
  }

  /** The fault for this request, if any; consumes one use of the matching rule. */
  next(method: string, path: string): Fault | undefined {
    const index = this.rules.findIndex((rule) => rule.remaining > 0 && matches(rule, method, path));
    let fault: Fault | undefined;
    if (index >= 0) {
      const rule = this.rules[index]!;
      rule.remaining -= 1;
      fault = rule.fault;
      if (rule.remaining === 0) this.rules.splice(index, 1);
    } else {
      fault = this.random?.(method, path);
    }
    if (fault) this.served.push({ method, path, fault });
    return fault;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
}

/**
 * Applies the fault (if any) around `handle`. `handle` performs the operation and writes the
 * response; for `accept-then-drop` it is given a response whose writes are discarded and the
 * socket is destroyed afterwards.
 */
export async function withFault(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  handle: (res: ServerResponse) => Promise<void>,
): Promise<void> {
  if (!fault) return handle(res);
  switch (fault.kind) {
    case 'respond': {
      const body = fault.body === undefined ? '' : JSON.stringify(fault.body);
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(body);
      return;
    }
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return handle(res);
    case 'reset':
      req.socket.destroy();
      return;
    case 'hang':
      return;
    case 'accept-then-drop': {
      const sink = discardingResponse(res);
      await handle(sink);
      req.socket.destroy();
      return;
    }
  }
}

function discardingResponse(res: ServerResponse): ServerResponse {
  return new Proxy(res, {
    get(target, prop, receiver) {
      if (prop === 'writeHead' || prop === 'setHeader' || prop === 'write') return () => receiver;
      if (prop === 'end') return () => receiver;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
