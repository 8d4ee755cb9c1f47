import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const dir = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

/** Files served from npm packages (no CDN: works on an air-gapped network). */
const ASSETS: Record<string, string> = {
  'react.js': join(dir('react'), 'umd/react.production.min.js'),
  'react-dom.js': join(dir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(dir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': join(dir('graphiql'), 'graphiql.min.css'),
};

const INIT = `
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
root.render(React.createElement(GraphiQL, {
  fetcher,
  defaultEditorToolsVisibility: 'headers',
  isHeadersEditorEnabled: true,
  shouldPersistHeaders: true,
  defaultHeaders: JSON.stringify({ Authorization: 'Bearer <paste a JWT>' }, null, 2),
}));
`;

export const GRAPHIQL_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Smart City GraphQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style></head>
<body><div id="graphiql">Loading GraphiQL...</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script src="/graphiql/init.js"></script>
</body></html>`;

/** GET /graphiql/* assets; the page itself is served on GET /graphql to browsers. */
export function graphiqlAssets(): Router {
  const router = express.Router();
  router.get('/graphiql/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/graphiql/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  }
  return router;
}

/** A browser navigating to /graphql (HTML preferred over JSON, no query). */
export function wantsGraphiql(accept: string | undefined, query: unknown): boolean {
  return !query && typeof accept === 'string' && accept.includes('text/html');
}
