/**
 * Preload of every app window (sandboxed: it may require only 'electron', hence the one-file CJS bundle).
 * Exposes `window.gridApi` = { invoke, on } and nothing else; ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { GRID_API_KEY } from '../../shared/ipc.js';
import { createGridApi } from './gridApi.js';

contextBridge.exposeInMainWorld(GRID_API_KEY, createGridApi(ipcRenderer));
