import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** Minimal CORS: listed origins (or `*`) get credentials-free access to the API. */
export function corsHeaders(origins: readonly string[]) {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req: IncomingMessage, res: ServerResponse) => {
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
  };
}

/** corsHeaders as Express middleware; answers preflight OPTIONS requests with 204. */
export function corsMiddleware(origins: readonly string[]) {
  const setHeaders = corsHeaders(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    setHeaders(req, res);
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

/** Writes a JSON body with the status, as Express's `res.status().json()` did. */
export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
