import { AppError } from '@city/errors';

export type MigrationErrorCode =
  | 'MIGRATIONS_DIR_INVALID'
  | 'MIGRATION_PREVIOUSLY_FAILED'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_NOT_FAILED';

/** Every migrate failure: never retriable, since running again cannot change the outcome. */
export class MigrationError extends AppError {
  constructor(code: MigrationErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, retriable: false });
  }
}
