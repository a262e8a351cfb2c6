export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';
