// The preload: bundled into one CommonJS file (sandboxed preloads cannot require our modules).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('stevedore', buildPreloadApi(ipcRenderer, webUtils));
