// Owns the names of the contract's request channels and events, with no dependencies, so the
// sandboxed preload can whitelist them without bundling the schemas.

export const CHANNEL_NAMES = [
  'engine.status',
  'engine.reconnect',
  'images.list',
  'images.format',
  'jobs.list',
  'jobs.cancel',
  'images.removePlan',
  'images.remove',
  'images.prunePlan',
  'images.prune',
  'images.tag',
  'images.validateTag',
  'images.undoUntag',
  'containers.list',
  'images.commit',
  'images.save',
  'images.loadPreview',
  'images.describeArchive',
  'images.load',
  'dialogs.saveTar',
  'dialogs.openTars',
  'search.run',
  'search.format',
  'images.pull',
  'images.history',
  'images.historyFormat',
  'images.inspect',
  // Registries (shared/registries.ts)
  'registries.list',
  'registries.add',
  'registries.forget',
  'registries.login',
  'registries.logout',
  'images.pushTarget',
  'images.push',
  'images.tagAndPush',
  'localRegistry.status',
  'localRegistry.deploy',
  'localRegistry.start',
  'localRegistry.stop',
  'localRegistry.remove',
  'localRegistry.push',
  'localRegistry.pushPlan',
  'registry.catalog',
  'registry.tags',
  'registry.tagInfo',
  'registry.deleteTag',
  // Remote tags and platforms for the pull dialog (shared/registries.ts)
  'registry.platforms',
  // Update detection (shared/registry-updates.ts)
  'updates.list',
  'updates.check',
  // Registry-to-registry copy (shared/registry-copy.ts)
  'registry.copy',
  // Explorer (shared/explore.ts)
  'explore.open',
  'explore.summary',
  'explore.entries',
  'explore.search',
  'explore.read',
  'explore.saveOut',
  'explore.close',
  'dialogs.saveOut',
  // Disk (shared/disk.ts)
  'disk.report',
  'disk.layersSize',
  // Image diff (shared/image-diff.ts)
  'images.diff',
  // Lineage (shared/lineage.ts)
  'images.lineage',
  // Desktop shell (shared/shell.ts)
  'settings.get',
  'settings.set',
] as const;

export const EVENT_NAMES = ['images.changed', 'job.updated', 'engine.status', 'ui.command', 'settings.changed'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventNameOf = (typeof EVENT_NAMES)[number];

/** Namespaced IPC names so no other listener in main can collide with ours. */
export const ipcChannelName = (channel: ChannelName): string => `stevedore:${channel}`;
export const ipcEventName = (event: EventNameOf): string => `stevedore-event:${event}`;
