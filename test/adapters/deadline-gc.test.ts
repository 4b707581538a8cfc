import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('request deadlines survive garbage collection', () => {
  it('aborts every request to a server that never answers, even after collections while they wait', async () => {
    const script = join(import.meta.dirname, 'gc', 'hung-requests.ts');
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script], { timeout: 30_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      count: number;
      bluesky: number;
      linkedin: number;
    };
    expect(result).toEqual({ count: 20, bluesky: 20, linkedin: 20 });
  });
});
