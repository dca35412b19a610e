/**
 * The audit console (/console): a collaboration's history as a timeline, its chain verification,
 * as-of states, its disputes and evidence, the signed export, and a creator's reputation over time.
 * It uses only the public GraphQL API and the caller's token.
 */
import '../shared/base.css';
import './console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/I18nProvider.js';
import { App } from './App.js';
import { RawProvider } from './raw.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <RawProvider>
        <App />
      </RawProvider>
    </I18nProvider>
  </StrictMode>,
);
