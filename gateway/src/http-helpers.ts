import type { NextFunction, Request, Response } from 'express';

/** Minimal CORS: listed origins (or `*`) get credentials-free access to the API. */
export function corsMiddleware(origins: readonly string[]) {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && (any || allowed.has(origin))) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader(
        'Access-Control-Allow-Headers',
        'authorization, content-type, x-api-key, apollo-require-preflight, x-apollo-operation-name',
      );
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

/** A GraphQL-shaped error body, so clients handle refusals like other errors. */
export function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}
