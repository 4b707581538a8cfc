// Loads crieur's bundled command line (dist/src/crieur.cjs, see build.js) with V8's code cache:
// the first run of a command keeps the code V8 compiled for it in dist/.code-cache/, and later
// runs of that command start from it instead of parsing and compiling the bundle again (Node 22
// does the same for every module with module.enableCompileCache; Node 20 has no such thing).
// The cache is an optimisation only: missing, unreadable, rejected by V8 (another Node version) or
// unwritable, the command runs the same, compiled from source.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const CACHE_DIR = '.code-cache';

/**
 * The bundle's exports, and a function that keeps the code compiled so far for `cacheName` when
 * the cache was not used. `undefined` when dist/ has no bundle. A library bundled apart (build.js,
 * APART_PACKAGES) is loaded, with its own cache, when the bundle first requires it.
 */
export function loadBundle(root, cacheName, { codeCache = true } = {}) {
  const dist = join(root, 'dist');
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(join(dist, '.sources.json'), 'utf8')).bundle;
  } catch {
    return undefined;
  }
  if (!bundle?.file || !bundle?.sha256) return undefined;
  const loaded = [];
  const load = (part, name, require) => {
    const cacheFile = codeCache ? join(dist, CACHE_DIR, cacheFileName(part, name)) : undefined;
    const script = cachedScript(join(dist, part.file), cacheFile, part.wrapped === true);
    loaded.push(script);
    return script.run(require);
  };
  const apart = new Map();
  const base = createRequire(join(dist, bundle.file));
  const require = Object.assign((id) => {
    const part = bundle.apart?.[id];
    if (!part) return base(id);
    if (!apart.has(id)) apart.set(id, load(part, `${cacheName}-${id}`, base));
    return apart.get(id);
  }, base);
  const exports = load(bundle, cacheName, require);
  return {
    exports,
    /** Whether the bundle's compiled code came from the cache. */
    cached: loaded[0].used,
    /** Writes the code compiled so far (call it once the command is done) wherever the cache was not used. */
    keepCompiledCode() {
      return loaded.filter((script) => script.keep()).length;
    },
  };
}

/** V8 checks a cache against the source's length only, not its content: the name carries the file's hash. */
function cacheFileName(part, name) {
  return `${part.sha256.slice(0, 16)}-${name}.bin`;
}

/**
 * A CommonJS file compiled from its cache when there is a usable one. `wrapped`: the file is
 * already its module function (build.js writes it so); a bundle built before that is wrapped here.
 */
function cachedScript(file, cacheFile, wrapped) {
  const cachedData = cacheFile === undefined ? undefined : readOptional(cacheFile);
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(wrapped ? source : Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  return {
    used,
    run(require) {
      const module = { exports: {}, filename: file, id: file, loaded: false, children: [], paths: [] };
      script.runInThisContext()(module.exports, require, module, file, dirname(file));
      module.loaded = true;
      return module.exports;
    },
    keep() {
      if (used || cacheFile === undefined) return false;
      const scratch = `${cacheFile}.${process.pid}`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(scratch, script.createCachedData());
        renameSync(scratch, cacheFile);
        return true;
      } catch {
        rmSync(scratch, { force: true });
        return false;
      }
    },
  };
}

function readOptional(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
