import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev:web` at the root: Vite on :5173, the API (started by `npm start`) behind a proxy.
const api = process.env.GIAOVIEC_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': api, '/health': api } },
  build: { outDir: 'dist', emptyOutDir: true },
});
