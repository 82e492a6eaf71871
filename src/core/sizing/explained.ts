// The "explained number" shared by the Kafka and Flink sizing models: every output carries its value, its
// unit, the formula with the inputs substituted, the inputs it used and where the formula comes from, so the
// UI can show a tooltip or an expandable "why" line (STYLE.md practice 14: cite the source of every formula).
//
// The source is a typed value (../sources.ts): a public page or talk, our own model ("derived", with the
// formula and the public sources of its terms), a product default, or the user's input.

import type { Source } from '../sources';
import { formatNumber as fmt, formatPercentTrimmed as pct } from '../units';
import { InputError } from '../errors';

export type InputValue = number | string | boolean;

export interface Explained {
  readonly value: number;
  /** "MB/s" (10^6 B/s), "B", "s", "ratio", "partitions", "brokers", "KPU", "USD", "GB", ... */
  readonly unit: string;
  /** The formula with the inputs substituted, ending in "= <value>". */
  readonly formula: string;
  /** The inputs the formula used, by name (units in the names). */
  readonly inputs: Readonly<Record<string, InputValue>>;
  readonly source: Source;
}

export function explained(value: number, unit: string, formula: string, inputs: Record<string, InputValue>, source: Source): Explained {
  return { value, unit, formula, inputs, source };
}

/** A number read from the catalog or a default: the "formula" says where it was looked up. */
export function given(value: number, unit: string, what: string, source: Source): Explained {
  return explained(value, unit, `${what} = ${fmt(value)} ${unit}`, { [what]: value }, source);
}

// Numbers in formula text use units.ts's formatNumber / formatPercentTrimmed, short-named here as fmt / pct.
export { fmt, pct };

/**
 * Utilization checks compare computed ratios with a ceiling; the tolerance keeps a state that sits exactly on
 * the ceiling (a throttle chosen to fill it, e.g. (20 + 45) / 81.25 = 0.8) from failing on rounding.
 */
export function atOrBelow(ratio: number, ceiling: number): boolean {
  return ratio <= ceiling + 1e-9;
}

/** Thrown for nonsense input. The message names the input, the value and the allowed range. */
export class SizingInputError extends InputError {
  constructor(
    readonly input: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${input} = ${showValue(value)} is not allowed: expected ${allowed}`);
    this.name = 'SizingInputError';
  }
}

function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export interface NumberRule {
  min?: number;
  max?: number;
  /** min is exclusive (value > min). */
  minExclusive?: boolean;
  integer?: boolean;
  /** Overrides the generated range text, e.g. "a whole number from 1 to brokerCount (3)". */
  allowed?: string;
}

function ruleText(rule: NumberRule): string {
  if (rule.allowed) return rule.allowed;
  const kind = rule.integer ? 'a whole number' : 'a number';
  const { min, max } = rule;
  if (min !== undefined && max !== undefined && !rule.minExclusive) return `${kind} from ${fmt(min, 6)} to ${fmt(max, 6)}`;
  if (min !== undefined && max !== undefined) return `${kind} > ${fmt(min, 6)} and <= ${fmt(max, 6)}`;
  if (min !== undefined) return `${kind} ${rule.minExclusive ? '>' : '>='} ${fmt(min, 6)}`;
  if (max !== undefined) return `${kind} <= ${fmt(max, 6)}`;
  return `${kind}`;
}

/** Returns `value` when it is a finite number obeying `rule`, else throws a SizingInputError naming `input`. */
export function checkNumber(input: string, value: unknown, rule: NumberRule = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.minExclusive ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) throw new SizingInputError(input, value, ruleText(rule));
  return value as number;
}

/** Like checkNumber, but undefined stays undefined. */
export function checkOptional(input: string, value: unknown, rule: NumberRule = {}): number | undefined {
  return value === undefined ? undefined : checkNumber(input, value, rule);
}
