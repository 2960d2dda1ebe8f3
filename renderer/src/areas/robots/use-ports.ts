/** The serial ports, live: listed on each connection, updated as adapters come and go. */
import { useEffect, useRef, useState } from 'react';
import type { SerialPortSummary } from '../../api/contract';
import { useApp } from '../../app-context';
import { markPorts, type MarkedPort, type PortMarks } from './port-marks';

export function usePorts() {
  const { api, connection, reportError } = useApp();
  const [ports, setPorts] = useState<MarkedPort[] | null>(null);
  const known = useRef<Map<string, SerialPortSummary> | null>(null);
  const marks = useRef<PortMarks>(new Map());

  useEffect(() => {
    const apply = (list: SerialPortSummary[]) => {
      setPorts(markPorts(known.current, list, marks.current, Date.now()));
      known.current = new Map(list.map((port) => [port.path, port]));
    };
    const off = api.subscribe('ports.changed', apply);
    if (connection.generation > 0) api.invoke('ports.list', {}).then(apply, reportError);
    return off;
  }, [api, connection.generation, reportError]);

  const refresh = () => api.invoke('ports.list', {}).then((list) => setPorts(list), reportError);
  return { ports, refresh };
}
