/**
 * "I have seen this" for one alert: whether this session may say it, and saying it once at a
 * time. The new state arrives with `alerts.changed`; a failure goes to the problem banner.
 */
import { useState } from 'react';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';

export function useAcknowledge(alertId: string): {
  mayAcknowledge: boolean;
  busy: boolean;
  acknowledge: () => void;
} {
  const { api, reportError } = useApp();
  const { can } = useAuth();
  const [busy, setBusy] = useState(false);
  const acknowledge = () => {
    setBusy(true);
    api
      .invoke('alerts.acknowledge', { id: alertId })
      .catch(reportError)
      .finally(() => setBusy(false));
  };
  return { mayAcknowledge: can('alerts.acknowledge'), busy, acknowledge };
}
