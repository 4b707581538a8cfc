import type { PublishError } from '../../src/publish/port-errors.js';
import { deadline } from '../deadline.js';
import {
  type ClassifyContext,
  classifyLinkedInFailure,
  classifyLinkedInReply,
  type LinkedInOperation,
} from './classify.js';

export interface LinkedInResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface LinkedInHttp {
  /** Sends a request; resolves on 2xx, throws a PublishError otherwise. */
  send(operation: LinkedInOperation, url: string, init: RequestInit): Promise<LinkedInResponse>;
}

export interface LinkedInHttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  version: string;
  now: () => Date;
  rateLimitDelayMs?: number | undefined;
}

/** `fetch` with a timeout, JSON decoding and LinkedIn's error classification in one place. */
export function createLinkedInHttp(options: LinkedInHttpOptions): LinkedInHttp {
  return {
    async send(operation, url, init) {
      let response: Response;
      let text: string;
      const timeout = deadline(options.timeoutMs);
      try {
        response = await options.fetch(url, { ...init, signal: timeout.signal });
        text = await response.text();
      } catch (error) {
        throw classifyLinkedInFailure(error, operation);
      } finally {
        timeout.clear();
      }
      const body = decode(text);
      if (response.status >= 200 && response.status < 300) {
        return { status: response.status, headers: response.headers, body };
      }
      const context: ClassifyContext = {
        operation,
        version: options.version,
        now: options.now(),
        rateLimitDelayMs: options.rateLimitDelayMs,
      };
      const error: PublishError = classifyLinkedInReply({ status: response.status, body }, context);
      throw error;
    },
  };
}

function decode(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
