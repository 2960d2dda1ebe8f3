/**
 * The preload exposes exactly one object, `window.genba`, with the typed API. Nothing of
 * ipcRenderer leaks: the renderer can only invoke named channels and receive named events.
 * Bundled to CommonJS because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiResponse, GenbaApi } from '../shared/contract';
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc-names';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: GenbaApi = {
  async invoke(channel, args) {
    const response = (await ipcRenderer.invoke(IPC_INVOKE, channel, args)) as ApiResponse<never>;
    if (response.ok) return response.value;
    throw Object.assign(new Error(response.error.message), {
      name: 'ApiCallError',
      error: response.error,
    });
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  },
};

contextBridge.exposeInMainWorld('genba', api);
