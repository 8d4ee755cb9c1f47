/**
 * A field reads one environment variable. `parse` returns the value or throws a plain message;
 * `parseConfig` prefixes the message with the variable's name.
 */
export interface Field<T> {
  readonly variable: string;
  readonly description: string;
  /** Value used when the variable is unset or empty; undefined means the variable is required. */
  readonly fallback?: (ctx: FieldContext) => T;
  readonly parse: (raw: string) => T;
}

export interface FieldContext {
  readonly production: boolean;
  readonly warn: (message: string) => void;
}

interface Options<T> {
  readonly default?: T;
  readonly description?: string;
}

function field<T>(variable: string, parse: (raw: string) => T, options: Options<T>): Field<T> {
  const fallback = options.default;
  return {
    variable,
    description: options.description ?? '',
    parse,
    ...(fallback === undefined ? {} : { fallback: () => fallback }),
  };
}

function parseInteger(raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new Error(`must be between ${min} and ${max}, got ${value}`);
  return value;
}

export const env = {
  string(variable: string, options: Options<string> = {}): Field<string> {
    return field(variable, (raw) => raw, options);
  },

  int(
    variable: string,
    options: Options<number> & { min?: number; max?: number } = {},
  ): Field<number> {
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    return field(variable, (raw) => parseInteger(raw, min, max), options);
  },

  number(
    variable: string,
    options: Options<number> & { min?: number; max?: number } = {},
  ): Field<number> {
    return field(
      variable,
      (raw) => {
        const value = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(value))
          throw new Error(`must be a number, got "${raw}"`);
        if (options.min !== undefined && value < options.min)
          throw new Error(`must be >= ${options.min}`);
        if (options.max !== undefined && value > options.max)
          throw new Error(`must be <= ${options.max}`);
        return value;
      },
      options,
    );
  },

  port(variable: string, options: Options<number> = {}): Field<number> {
    return field(variable, (raw) => parseInteger(raw, 0, 65535), options);
  },

  bool(variable: string, options: Options<boolean> = {}): Field<boolean> {
    return field(
      variable,
      (raw) => {
        const value = raw.trim().toLowerCase();
        if (['1', 'true', 'yes', 'on'].includes(value)) return true;
        if (['0', 'false', 'no', 'off'].includes(value)) return false;
        throw new Error(`must be true or false, got "${raw}"`);
      },
      options,
    );
  },

  url(variable: string, options: Options<string> & { protocols?: string[] } = {}): Field<string> {
    return field(
      variable,
      (raw) => {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new Error(`must be a URL, got "${raw}"`);
        }
        if (options.protocols && !options.protocols.includes(url.protocol.replace(/:$/, ''))) {
          throw new Error(`must use ${options.protocols.join(' or ')}, got ${url.protocol}`);
        }
        return raw;
      },
      options,
    );
  },

  oneOf<const V extends string>(
    variable: string,
    values: readonly V[],
    options: Options<V> = {},
  ): Field<V> {
    return field(
      variable,
      (raw) => {
        if (!(values as readonly string[]).includes(raw)) {
          throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
        }
        return raw as V;
      },
      options,
    );
  },

  list(variable: string, options: Options<readonly string[]> = {}): Field<readonly string[]> {
    return field(
      variable,
      (raw) => {
        const items = raw
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
        if (items.length === 0) throw new Error('must list at least one value');
        return Object.freeze(items);
      },
      options,
    );
  },

  /**
   * A secret. In production it is required. Elsewhere a development value is used when it is
   * unset, with a loud warning, so a laptop runs without setup but a deployment never silently
   * runs on a value that is public in the repository.
   */
  secret(
    variable: string,
    options: { developmentValue: string; minLength?: number; description?: string },
  ): Field<string> {
    const minLength = options.minLength ?? 16;
    return {
      variable,
      description: options.description ?? '',
      parse: (raw) => {
        if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
        return raw;
      },
      fallback: ({ production, warn }) => {
        if (production) throw new Error('is required in production (NODE_ENV=production)');
        warn(
          `${variable} is not set: using the public DEVELOPMENT value. Never run like this outside a laptop or CI.`,
        );
        return options.developmentValue;
      },
    };
  },
};
