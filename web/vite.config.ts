import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  server: {
    port: 5173,
    // Same origin as `npm run start`: /graphql (HTTP and WebSocket) goes to the gateway.
    proxy: { '/graphql': { target: new URL(gateway).origin, ws: true, changeOrigin: true } },
  },
});
