/** Entry point: pick the transport, track its connection, and render the shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGenbaApi } from './api/genba-api';
import { AppProvider } from './app-context';
import { AuthProvider } from './auth/auth-context';
import { App } from './App';
import { ReportPrint } from './areas/logs/ReportPrint';
import { createConnectionStore } from './connection';
import { AppErrorBoundary } from './components/ErrorBoundary';
import './styles/base.css';
import './styles/shell.css';
import './styles/areas.css';

const container = document.getElementById('root');
if (container && window.location.hash.startsWith('#/report-print')) {
  // The desktop shell's hidden PDF window: the shift report alone, data handed over (no API).
  createRoot(container).render(
    <StrictMode>
      <ReportPrint />
    </StrictMode>,
  );
} else if (container) {
  // Created before the first render so no connection change can be missed.
  const { api, socket } = createGenbaApi();
  const connectionStore = createConnectionStore(socket);
  createRoot(container).render(
    <StrictMode>
      <AppErrorBoundary>
        <AppProvider api={api} connectionStore={connectionStore}>
          <AuthProvider>
            <App />
          </AuthProvider>
        </AppProvider>
      </AppErrorBoundary>
    </StrictMode>,
  );
}
