import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { loadRuntimeConfig } from './config/runtime-config.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App config={loadRuntimeConfig()} />
  </StrictMode>,
);
