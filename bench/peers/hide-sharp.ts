/**
 * Preloaded with `--import` to make `sharp` unimportable, so @vercel/og falls back to
 * resvg-wasm (it uses sharp whenever `import('sharp')` succeeds).
 */
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'sharp' || specifier.startsWith('sharp/')) {
    const error = new Error("Cannot find package 'sharp'");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
