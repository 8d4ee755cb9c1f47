declare module 'parquetjs-lite' {
  export interface FieldDefinition {
    type?: string;
    optional?: boolean;
    repeated?: boolean;
    compression?: string;
    statistics?: boolean;
    fields?: Record<string, FieldDefinition>;
  }
  export class ParquetSchema {
    constructor(fields: Record<string, FieldDefinition>);
  }
  export class ParquetWriter {
    static openStream(
      schema: ParquetSchema,
      stream: NodeJS.WritableStream,
      opts?: { rowGroupSize?: number; pageSize?: number; useDataPageV2?: boolean },
    ): Promise<ParquetWriter>;
    appendRow(row: Record<string, unknown>): Promise<void>;
    setMetadata(key: string, value: string): void;
    close(): Promise<void>;
  }
  export interface ParquetCursor {
    next(): Promise<Record<string, unknown> | null>;
  }
  export class ParquetReader {
    static openBuffer(buffer: Buffer): Promise<ParquetReader>;
    getRowCount(): { toNumber(): number } | number;
    getMetadata(): Record<string, string>;
    getCursor(columns?: string[]): ParquetCursor;
    close(): Promise<void>;
  }
  /** CommonJS module: under Node ESM only the default export exists. */
  const parquet: {
    ParquetSchema: typeof ParquetSchema;
    ParquetWriter: typeof ParquetWriter;
    ParquetReader: typeof ParquetReader;
  };
  export default parquet;
}
