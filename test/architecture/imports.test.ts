import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NETWORK_FACTS, NETWORKS } from '../../src/networks/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface SourceImport {
  /** Importing file, relative to the repository root. */
  from: string;
  /** Imported file, relative to the repository root (`.ts`). */
  to: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

function importsOf(file: string): SourceImport[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((match) => ({
    from: file,
    to: relative(ROOT, resolve(ROOT, dirname(file), match[2]!.replace(/\.js$/, '.ts'))),
  }));
}

const IMPORTS = [...sourceFiles('src'), ...sourceFiles('adapters')].flatMap(importsOf);

const inFolder = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const shown = (list: SourceImport[]) => list.map((edge) => `${edge.from} -> ${edge.to}`);

/** Where adapters are wired in: the only file of `src/` that may import `adapters/`. */
const REGISTRY = 'src/app/registry.ts';

/** What `src/store` may import: the network list, error types, pure helpers and the shapes it stores. */
const STORE_MAY_IMPORT = ['src/store', 'src/networks', 'src/errors.ts', 'src/util', 'src/time', 'src/cards/types.ts'];

/** No file of `src/cli` or `src/web` imports `src/store`: they go through `src/queue` and `src/users`. */
const STORE_IMPORTS_LEFT: Record<string, string[]> = {};

describe('import direction', () => {
  it('finds the imports it checks', () => {
    // A parser that found nothing would make every rule below pass.
    expect(IMPORTS.length).toBeGreaterThan(300);
    expect(IMPORTS).toContainEqual({ from: REGISTRY, to: 'adapters/x/setup.ts' });
  });

  it('imports adapters/ from src/ only in the registry', () => {
    const wrong = IMPORTS.filter(
      (edge) => inFolder(edge.from, 'src') && inFolder(edge.to, 'adapters') && edge.from !== REGISTRY,
    );
    expect(shown(wrong)).toEqual([]);
  });

  it('keeps src/store at the bottom: it imports nothing above it', () => {
    const wrong = IMPORTS.filter(
      (edge) => inFolder(edge.from, 'src/store') && !STORE_MAY_IMPORT.some((allowed) => inFolder(edge.to, allowed)),
    );
    expect(shown(wrong)).toEqual([]);
  });

  it('lets src/cli and src/web reach the store only through src/queue and src/users', () => {
    const found: Record<string, string[]> = {};
    for (const edge of IMPORTS) {
      if ((inFolder(edge.from, 'src/cli') || inFolder(edge.from, 'src/web')) && inFolder(edge.to, 'src/store')) {
        found[edge.from] = [...(found[edge.from] ?? []), edge.to];
      }
    }
    for (const list of Object.values(found)) list.sort();
    expect(found).toEqual(STORE_IMPORTS_LEFT);
  });
});

/**
 * Literals that are not network limits although they have the same value: the HTTP success range,
 * the length of an error-body excerpt, the earliest year a record key may hold, the year in the
 * SVG namespace.
 */
const SAME_NUMBER_OTHER_MEANING = new Set([
  'adapters/linkedin/http.ts 300',
  'adapters/linkedin/classify.ts 300',
  'adapters/bluesky/record-key.ts 2000',
  'src/render/drawing-steps.ts 2000',
]);

describe('network facts', () => {
  it('keeps every text and alt-text limit in src/networks/ alone', () => {
    const limits = new Set<number>();
    for (const network of NETWORKS) {
      const { maxChars, maxBytes, maxAltChars } = NETWORK_FACTS[network].limits;
      for (const value of [maxChars, maxBytes, maxAltChars]) {
        // 1000 is also every milliseconds-per-second: too common to tell apart.
        if (value !== undefined && value !== 1000) limits.add(value);
      }
    }
    expect([...limits]).toEqual(expect.arrayContaining([280, 300, 3000, 63_206, 4086]));
    const copies: string[] = [];
    for (const file of [...sourceFiles('src'), ...sourceFiles('adapters')]) {
      if (inFolder(file, 'src/networks')) continue;
      const code = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const match of code.matchAll(/(?<![\w.])\d[\d_]*(?![\w.])/g)) {
        const value = Number(match[0].replaceAll('_', ''));
        if (limits.has(value) && !SAME_NUMBER_OTHER_MEANING.has(`${file} ${value}`))
          copies.push(`${file}: ${match[0]}`);
      }
    }
    expect(copies).toEqual([]);
  });
});
