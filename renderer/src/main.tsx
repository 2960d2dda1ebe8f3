/** Entry point: pick the transport, track its connection, and render the shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGenbaApi } from './api/genba-api';
import { AppProvider } from './app-context';
import { App } from './App';
import { createConnectionStore } from './connection';
import { AppErrorBoundary } from './components/ErrorBoundary';
import './styles/base.css';
import './styles/shell.css';
import './styles/areas.css';

// Created before the first render so no connection change can be missed.
const { api, socket } = createGenbaApi();
const connectionStore = createConnectionStore(socket);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <AppErrorBoundary>
        <AppProvider api={api} connectionStore={connectionStore}>
          <App />
        </AppProvider>
      </AppErrorBoundary>
    </StrictMode>,
  );
}
