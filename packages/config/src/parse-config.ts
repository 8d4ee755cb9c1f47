import { ConfigError } from '@city/errors';
import type { Field } from './fields.js';

export type ConfigOf<S extends Record<string, Field<unknown>>> = {
  readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never;
};

export interface ParseOptions {
  readonly source?: NodeJS.ProcessEnv;
  readonly warn?: (message: string) => void;
}

/**
 * Parses every field of `spec` from the environment once and returns a frozen object.
 * All problems are collected, so one run names every wrong variable.
 */
export function parseConfig<S extends Record<string, Field<unknown>>>(
  spec: S,
  options: ParseOptions = {},
): ConfigOf<S> {
  const source = options.source ?? process.env;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`WARNING: ${message}\n`));
  const production = source.NODE_ENV === 'production';
  const result: Record<string, unknown> = {};
  const problems: { variable: string; message: string }[] = [];

  for (const [key, field] of Object.entries(spec)) {
    const raw = source[field.variable];
    try {
      if (raw === undefined || raw === '') {
        if (!field.fallback) throw new Error('is required');
        result[key] = field.fallback({ production, warn });
      } else {
        result[key] = field.parse(raw);
      }
    } catch (error) {
      problems.push({ variable: field.variable, message: (error as Error).message });
    }
  }

  if (problems.length > 0) {
    const variables = problems.map((p) => p.variable).join(', ');
    const detail = problems.map((p) => `${p.variable} ${p.message}`).join('; ');
    throw new ConfigError(variables, `invalid configuration: ${detail}`);
  }
  return Object.freeze(result) as ConfigOf<S>;
}
