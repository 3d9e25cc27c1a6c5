/** The IPC channel names, shared by preload and the main-process router (kept free of imports for the preload bundle). */
export const IPC_CALL_CHANNEL = 'workbench:call';
export const IPC_EVENT_CHANNEL = 'workbench:event';
