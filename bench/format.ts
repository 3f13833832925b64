/** What every bench table and profiling script shares: number formatting, padding, flags. */

/** A figure with `digits` decimals, '-' when not measured. */
export const fmt = (n: number | undefined, digits = 1): string => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

/** Right-pads a table cell to `n` characters. */
export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** `--name N` from the command line, else the fallback. */
export function numberFlag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}
