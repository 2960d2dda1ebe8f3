/**
 * Live diagnostics alerts: `alerts.list` once (per connection and person), then every
 * `alerts.changed` merged in by id, newest first. Events that arrive while the list is loading
 * are kept and applied on top of it, so no transition is lost. Also the joint labels of the
 * robots that have alerts (from `robots.get`, once per robot).
 */
import { useEffect, useState } from 'react';
import type { DiagnosticAlert } from '../../api/contract';
import { useApp } from '../../app-context';
import { useAuth } from '../../auth/auth-context';

export type Alert = DiagnosticAlert;
export type Text = DiagnosticAlert['label'];

function upsert(list: readonly Alert[], alert: Alert): Alert[] {
  const rest = list.filter((a) => a.id !== alert.id);
  return [alert, ...rest].sort((a, b) => b.raisedMs - a.raisedMs);
}

/** Every alert this session may see (null while loading or when it may see none). */
export function useAlerts(): Alert[] | null {
  const { api, connection, reportError } = useApp();
  const { can, session } = useAuth();
  const enabled = can('alerts.list') && !(session?.locked ?? false);
  const who = session?.user?.username ?? '';
  const [alerts, setAlerts] = useState<Alert[] | null>(null);

  useEffect(() => {
    if (!enabled || connection.generation === 0) return;
    let cancelled = false;
    let loaded = false;
    const early: Alert[] = [];
    const off = api.subscribe('alerts.changed', (alert) => {
      if (!loaded) early.push(alert);
      else setAlerts((list) => upsert(list ?? [], alert));
    });
    api.invoke('alerts.list', {}).then(
      (list) => {
        if (cancelled) return;
        loaded = true;
        setAlerts(
          early.reduce(
            upsert,
            [...list].sort((a, b) => b.raisedMs - a.raisedMs),
          ),
        );
      },
      (error: unknown) => !cancelled && reportError(error),
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [api, connection.generation, enabled, reportError, who]);

  return enabled ? alerts : null;
}

/** Joint labels (ja/en) per robot, read once for each robot that has alerts. */
export function useJointLabels(robotIds: readonly string[]): Map<string, Map<string, Text>> {
  const { api, connection } = useApp();
  const [labels, setLabels] = useState<Map<string, Map<string, Text>>>(new Map());
  const key = [...new Set(robotIds)].sort().join('\u0000');

  useEffect(() => {
    if (connection.generation === 0 || key === '') return;
    let cancelled = false;
    for (const robotId of key.split('\u0000')) {
      api.invoke('robots.get', { robotId }).then(
        (detail) => {
          if (cancelled) return;
          const joints = new Map(detail.joints.map((j) => [j.name, j.label] as const));
          setLabels((before) => new Map(before).set(robotId, joints));
        },
        () => {}, // a robot that is gone keeps its raw joint names
      );
    }
    return () => {
      cancelled = true;
    };
  }, [api, connection.generation, key]);

  return labels;
}
