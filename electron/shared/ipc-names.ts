/** Electron IPC channel names; the preload and the main process share them. */
export const IPC_INVOKE = 'genba:invoke';
export const IPC_EVENT = 'genba:event';
