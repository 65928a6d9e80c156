import { contextBridge } from 'electron';

/**
 * The whole bridge between the hub's pages and the desktop: the shell's version and printing. Business
 * calls go over HTTP to the hub like in a browser, so there is nothing else to expose.
 */
declare const __TONGCAI_VERSION__: string;

contextBridge.exposeInMainWorld(
  'tongcai',
  Object.freeze({
    version: __TONGCAI_VERSION__,
    print: (): void => window.print(),
  }),
);
