/**
 * The `gatehouse dr` configuration file (JSON, written by `gatehouse dr init`): where the source
 * and the target are (endpoint, region, account, credentials or a profile), what is selected,
 * the mapping file for references no rule translates, and the data directory holding recovery
 * points and journals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Selection, SideConfig } from './model.js';

export interface DrConfig {
  dataDir: string;
  source: SideConfig;
  target: SideConfig;
  selection: Selection;
  /** JSON object: source value (ARN, vpce id...) -> target value. */
  mappingFile?: string;
  /**
   * standby (default): `watch` keeps recovery points only; warm-standby: `watch` also keeps the
   * target materialised, applying each new point, so a failover is only a switch.
   */
  mode?: DrMode;
  /** `watch`: seconds between captures (default 30). */
  intervalSeconds?: number;
  /** `watch`: how many recovery points to keep (default 24; the one the target holds is kept too). */
  retention?: number;
}

export type DrMode = 'standby' | 'warm-standby';
export const DR_MODES: readonly DrMode[] = ['standby', 'warm-standby'];

export const DEFAULT_CONFIG_FILE = 'gatehouse-dr.json';

function checkSide(name: string, side: SideConfig | undefined): void {
  if (!side) throw new Error(`the DR configuration has no ${name}`);
  if (!side.region) throw new Error(`the DR configuration's ${name} has no region`);
  if (!/^\d{12}$/.test(side.account ?? '')) throw new Error(`the DR configuration's ${name} account must be 12 digits, not '${side.account ?? ''}'`);
}

export function checkConfig(config: DrConfig): DrConfig {
  checkSide('source', config.source);
  checkSide('target', config.target);
  if (!config.dataDir) throw new Error('the DR configuration has no dataDir');
  if (config.mode !== undefined && !DR_MODES.includes(config.mode)) throw new Error(`the DR configuration's mode is ${DR_MODES.join(' or ')}, not '${String(config.mode)}'`);
  if (config.intervalSeconds !== undefined && !(config.intervalSeconds > 0)) throw new Error(`the DR configuration's intervalSeconds must be above 0, not ${String(config.intervalSeconds)}`);
  if (config.retention !== undefined && !(Number.isInteger(config.retention) && config.retention >= 1)) throw new Error(`the DR configuration's retention must be a whole number of points, at least 1, not ${String(config.retention)}`);
  return config;
}

export function readConfig(file: string): DrConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no DR configuration at ${file}: run 'gatehouse dr init' first`);
  }
  const config = JSON.parse(text) as DrConfig;
  // Relative paths in the file are relative to the file.
  const base = dirname(resolve(file));
  config.dataDir = resolve(base, config.dataDir ?? '.gatehouse');
  if (config.mappingFile) config.mappingFile = resolve(base, config.mappingFile);
  return checkConfig(config);
}

export function writeConfig(file: string, config: DrConfig): void {
  checkConfig(config);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

export function readMapping(file: string | undefined): Record<string, string> {
  if (!file) return {};
  const mapping = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping) || Object.values(mapping).some((v) => typeof v !== 'string')) {
    throw new Error(`${file}: the mapping file is a JSON object of source value -> target value strings`);
  }
  return mapping as Record<string, string>;
}
