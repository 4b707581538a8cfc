/**
 * The few rewrites that let one SQL text run on PostgreSQL as written for both databases:
 * `?` and `@name` placeholders become `$n`, camelCase aliases are quoted (PostgreSQL folds
 * unquoted names to lower case) and `LIKE` matches any case, as SQLite's does.
 */
export interface PostgresQuery {
  text: string;
  values: unknown[];
}

const NAMED = /^@([A-Za-z_][A-Za-z0-9_]*)/;

export function toPostgres(sql: string, params: readonly unknown[]): PostgresQuery {
  const named = params.length === 1 && isPlainObject(params[0]) ? (params[0] as Record<string, unknown>) : undefined;
  const values: unknown[] = [];
  const slots = new Map<string, number>();
  let text = '';
  let position = 0;
  for (let index = 0; index < sql.length; index += 1) {
    const char = sql[index] as string;
    if (char === "'" || char === '"') {
      const end = sql.indexOf(char, index + 1);
      const stop = end === -1 ? sql.length : end + 1;
      text += sql.slice(index, stop);
      index = stop - 1;
    } else if (char === '?' && named === undefined) {
      values.push(toValue(params[position]));
      position += 1;
      text += `$${values.length}`;
    } else if (char === '@' && named !== undefined && NAMED.test(sql.slice(index))) {
      const name = (NAMED.exec(sql.slice(index)) as RegExpExecArray)[1] as string;
      let slot = slots.get(name);
      if (slot === undefined) {
        if (!(name in named)) throw new RangeError(`missing named parameter @${name}`);
        values.push(toValue(named[name]));
        slot = values.length;
        slots.set(name, slot);
      }
      text += `$${slot}`;
      index += name.length;
    } else {
      text += char;
    }
  }
  return { text: rewrite(text), values };
}

/** Outside quoted text only: aliases quoted, LIKE as ILIKE. */
function rewrite(text: string): string {
  return text
    .split(/('(?:[^']|'')*'|"[^"]*")/)
    .map((chunk, index) =>
      index % 2 === 1
        ? chunk
        : chunk.replace(/\bAS\s+([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/g, 'AS "$1"').replace(/\bLIKE\b/g, 'ILIKE'),
    )
    .join('');
}

function toValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && !Array.isArray(value);
}
