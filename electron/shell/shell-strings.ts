// Owns the words of the native shell (tray, application menu, dialogs, notifications) in English
// and Spanish. They live here, not in the renderer's i18n files, because the main process shows
// them before (and without) any page.
import type { LanguageSetting } from '../../shared/shell';

export interface ShellStrings {
  appName: string;
  engineReachable(version: string | undefined, host: string): string;
  engineUnreachable(reason: string): string;
  engineChecking(host: string): string;
  reconnect: string;
  open: string;
  loadTars: string;
  pull: string;
  pullFromClipboard(reference: string): string;
  pushLocal(image: string): string;
  pushLocalNone: string;
  pushLocalNeedsRegistry(image: string): string;
  registryRunning(address: string): string;
  registryStopped: string;
  /** The container exists but exits at once and the engine keeps restarting it. */
  registryRestarting(exitCode: number | undefined): string;
  registryAbsent: string;
  registryUnknown: string;
  prune(size: string, count: number): string;
  pruneNothing: string;
  pruneUnknown: string;
  activeJob(title: string, percent: number | undefined, state: 'queued' | 'running'): string;
  recentJobs: string;
  recentJob(title: string, state: 'succeeded' | 'failed' | 'cancelled'): string;
  noRecentJobs: string;
  quit: string;
  // Application menu
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  settings: string;
  save: string;
  remove: string;
  refresh: string;
  filter: string;
  images: string;
  search: string;
  jobs: string;
  registries: string;
  docs: string;
  hub: string;
  // Dialogs and notifications
  pruneConfirm: string;
  pruneCancel: string;
  pruneDetail(size: string, count: number): string;
  nothingToPrune: string;
  actionFailed(what: string): string;
  jobSucceeded(title: string): string;
  jobFailed(title: string): string;
}

const en: ShellStrings = {
  appName: 'Stevedore',
  engineReachable: (version, host) => (version ? `Docker ${version} at ${host}` : `Docker at ${host}`),
  engineUnreachable: (reason) => `Engine unreachable: ${reason}`,
  engineChecking: (host) => `Connecting to ${host}…`,
  reconnect: 'Reconnect',
  open: 'Open Stevedore',
  loadTars: 'Load image from tar…',
  pull: 'Pull image…',
  pullFromClipboard: (reference) => `Pull ${reference} (from the clipboard)…`,
  pushLocal: (image) => `Push ${image} to the local registry`,
  pushLocalNone: 'Push to the local registry (no image used yet)',
  pushLocalNeedsRegistry: (image) => `Push ${image} to the local registry (not running)`,
  registryRunning: (address) => `Stop the local registry (running at ${address})`,
  registryStopped: 'Start the local registry (stopped)',
  registryRestarting: (code) => `Stop the local registry (keeps restarting${code === undefined ? '' : `, exit code ${code}`})`,
  registryAbsent: 'Deploy a local registry (not deployed)',
  registryUnknown: 'Local registry: state unknown',
  prune: (size, count) => `Prune dangling images (${count} ${count === 1 ? 'image' : 'images'}, frees ${size})`,
  pruneNothing: 'Prune dangling images (nothing to free)',
  pruneUnknown: 'Prune dangling images…',
  activeJob: (title, percent, state) =>
    state === 'queued' ? `${title}: queued` : percent === undefined ? `${title}…` : `${title}: ${percent}%`,
  recentJobs: 'Recent jobs',
  recentJob: (title, state) =>
    `${state === 'succeeded' ? '✓' : state === 'failed' ? '✗' : '–'} ${title}${state === 'failed' ? ' (failed)' : state === 'cancelled' ? ' (cancelled)' : ''}`,
  noRecentJobs: 'No finished jobs yet',
  quit: 'Quit Stevedore',
  file: 'File',
  edit: 'Edit',
  view: 'View',
  window: 'Window',
  help: 'Help',
  settings: 'Settings…',
  save: 'Save selection to tar…',
  remove: 'Remove selection…',
  refresh: 'Refresh',
  filter: 'Filter images',
  images: 'Images',
  search: 'Search',
  jobs: 'Jobs',
  registries: 'Registries',
  docs: 'Docker documentation',
  hub: 'Docker Hub',
  pruneConfirm: 'Prune',
  pruneCancel: 'Cancel',
  pruneDetail: (size, count) => `${count} dangling ${count === 1 ? 'image' : 'images'} will be removed, freeing ${size}.`,
  nothingToPrune: 'There are no dangling images to prune.',
  actionFailed: (what) => `Stevedore could not do that: ${what}`,
  jobSucceeded: (title) => `Done: ${title}`,
  jobFailed: (title) => `Failed: ${title}`,
};

const es: ShellStrings = {
  appName: 'Stevedore',
  engineReachable: (version, host) => (version ? `Docker ${version} en ${host}` : `Docker en ${host}`),
  engineUnreachable: (reason) => `Motor inaccesible: ${reason}`,
  engineChecking: (host) => `Conectando con ${host}…`,
  reconnect: 'Reconectar',
  open: 'Abrir Stevedore',
  loadTars: 'Cargar imagen desde tar…',
  pull: 'Descargar imagen…',
  pullFromClipboard: (reference) => `Descargar ${reference} (del portapapeles)…`,
  pushLocal: (image) => `Subir ${image} al registro local`,
  pushLocalNone: 'Subir al registro local (aún no se usó ninguna imagen)',
  pushLocalNeedsRegistry: (image) => `Subir ${image} al registro local (no está en marcha)`,
  registryRunning: (address) => `Detener el registro local (en marcha en ${address})`,
  registryStopped: 'Iniciar el registro local (detenido)',
  registryRestarting: (code) =>
    `Detener el registro local (se reinicia sin parar${code === undefined ? '' : `, código de salida ${code}`})`,
  registryAbsent: 'Desplegar un registro local (no desplegado)',
  registryUnknown: 'Registro local: estado desconocido',
  prune: (size, count) => `Purgar imágenes huérfanas (${count} ${count === 1 ? 'imagen' : 'imágenes'}, libera ${size})`,
  pruneNothing: 'Purgar imágenes huérfanas (nada que liberar)',
  pruneUnknown: 'Purgar imágenes huérfanas…',
  activeJob: (title, percent, state) =>
    state === 'queued' ? `${title}: en cola` : percent === undefined ? `${title}…` : `${title}: ${percent} %`,
  recentJobs: 'Tareas recientes',
  recentJob: (title, state) =>
    `${state === 'succeeded' ? '✓' : state === 'failed' ? '✗' : '–'} ${title}${state === 'failed' ? ' (falló)' : state === 'cancelled' ? ' (cancelada)' : ''}`,
  noRecentJobs: 'Aún no terminó ninguna tarea',
  quit: 'Salir de Stevedore',
  file: 'Archivo',
  edit: 'Edición',
  view: 'Ver',
  window: 'Ventana',
  help: 'Ayuda',
  settings: 'Ajustes…',
  save: 'Guardar selección en tar…',
  remove: 'Eliminar selección…',
  refresh: 'Actualizar',
  filter: 'Filtrar imágenes',
  images: 'Imágenes',
  search: 'Buscar',
  jobs: 'Tareas',
  registries: 'Registros',
  docs: 'Documentación de Docker',
  hub: 'Docker Hub',
  pruneConfirm: 'Purgar',
  pruneCancel: 'Cancelar',
  pruneDetail: (size, count) => `Se eliminarán ${count} ${count === 1 ? 'imagen huérfana' : 'imágenes huérfanas'}, liberando ${size}.`,
  nothingToPrune: 'No hay imágenes huérfanas que eliminar.',
  actionFailed: (what) => `Stevedore no pudo hacerlo: ${what}`,
  jobSucceeded: (title) => `Terminado: ${title}`,
  jobFailed: (title) => `Falló: ${title}`,
};

/** The shell's words for a language setting; `system` follows the OS locale (Electron's app.getLocale()). */
export function shellStrings(language: LanguageSetting, systemLocale: string): ShellStrings {
  const lang = language === 'system' ? systemLocale.toLowerCase().split(/[-_]/)[0] : language;
  return lang === 'es' ? es : en;
}
