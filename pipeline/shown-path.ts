import { isAbsolute, relative } from 'node:path';

/** A path as people are shown it: relative to `base` when it lies inside it, else as given (absolute). */
export function shownPath(path: string, base: string): string {
  const rel = relative(base, path);
  return isAbsolute(rel) || rel.startsWith('..') ? path : rel;
}
