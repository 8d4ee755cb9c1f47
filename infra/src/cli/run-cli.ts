import { AppError } from '@city/errors';

/** Runs a CLI body: prints a failure as one clear message (no stack for expected errors). */
export function runCli(name: string, body: () => Promise<number | void>): void {
  // Node 20 is supported here until the SDK drops it; the notice would repeat on every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = Date.now();
  body().then(
    (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${name}: done in ${seconds} s`);
      process.exit(code ?? 0);
    },
    (error: unknown) => {
      if (error instanceof AppError) console.error(`${name} failed: ${error.message}`);
      else console.error(`${name} failed:`, error);
      process.exit(1);
    },
  );
}
