/** The saved tasks, read when the connection (re)opens and again after anything changes them. */
import { useCallback, useEffect, useState } from 'react';
import type { TaskSummary } from '../../api/contract';
import { useApp } from '../../app-context';

export function useTaskLibrary() {
  const { api, connection } = useApp();
  const [library, setLibrary] = useState<TaskSummary[]>([]);
  const refresh = useCallback(
    () => void api.invoke('tasks.list', {}).then(setLibrary, () => {}),
    [api],
  );
  useEffect(() => {
    if (connection.generation !== 0) refresh();
  }, [refresh, connection.generation]);
  return { library, refresh };
}
