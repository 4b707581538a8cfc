const ONE_DECIMAL = new Intl.NumberFormat('fr-CA', { maximumFractionDigits: 1 });

/**
 * A byte size as the team reads it: `980 octets`, `640 Ko`, `1,6 Mo` (decimal units, as the limits
 * are written: 1 Mo = 1 000 000 octets), the number held to its unit by a no-break space.
 */
export function frenchBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes}\u00a0octet${bytes > 1 ? 's' : ''}`;
  if (bytes < 1_000_000) return `${ONE_DECIMAL.format(bytes / 1000)}\u00a0Ko`;
  return `${ONE_DECIMAL.format(bytes / 1_000_000)}\u00a0Mo`;
}
